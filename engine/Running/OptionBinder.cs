using System.Globalization;
using System.Reflection;
using System.Text;
using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Running;

/// <summary>
/// Binds a step's YAML options to its options record: constructor parameter `FileName` ↔ option
/// `file_name`. Supported types: string, bool, int, IReadOnlyList&lt;string&gt;; nullable or with a
/// default value means optional. Every problem is returned with its place, none thrown.
/// </summary>
internal static class OptionBinder
{
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    public static IReadOnlyDictionary<string, Loading.StepOptionSpec> Specs(Type optionsType) =>
        Constructor(optionsType).GetParameters().ToDictionary(
            p => SnakeCase(p.Name!),
            p => new Loading.StepOptionSpec(SpecType(p.ParameterType), !IsOptional(p), p.GetCustomAttribute<OptionValuesAttribute>()?.Values));

    static Loading.StepOptionType SpecType(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t == typeof(bool)) return Loading.StepOptionType.Flag;
        if (t == typeof(int)) return Loading.StepOptionType.Integer;
        if (t == typeof(IReadOnlyList<string>)) return Loading.StepOptionType.List;
        return Loading.StepOptionType.Text;
    }

    public static (object? Options, IReadOnlyList<Diagnostic> Errors) Bind(Type optionsType, StepDefinition step)
    {
        var errors = new List<Diagnostic>();
        var ctor = Constructor(optionsType);
        var parameters = ctor.GetParameters();
        var known = parameters.Select(p => SnakeCase(p.Name!)).ToHashSet();
        foreach (var (key, _) in step.Options)
            if (key != "kind" && !known.Contains(key))
                errors.Add(RunMessages.Error(Where(step, key), "CFG013",
                    $"option inconnue « {key} » pour l'étape {step.Kind} (options : {string.Join(", ", known.Order())})"));

        var args = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var name = SnakeCase(p.Name!);
            if (!step.Options.TryGetValue(name, out var raw) || raw is null)
            {
                if (IsOptional(p)) { args[i] = p.HasDefaultValue ? p.DefaultValue : null; continue; }
                errors.Add(RunMessages.Error(step.Location, "CFG014", $"option obligatoire « {name} » manquante pour l'étape {step.Kind}"));
                continue;
            }
            if (!TryConvert(raw, p.ParameterType, out var value))
                errors.Add(RunMessages.Error(Where(step, name), "CFG015",
                    $"option « {name} » de l'étape {step.Kind} : valeur « {Describe(raw)} » invalide (attendu : {TypeName(p.ParameterType)})"));
            args[i] = value;
        }
        return errors.Count > 0 ? (null, errors) : (ctor.Invoke(args), errors);
    }

    static SourceLocation Where(StepDefinition step, string key) =>
        step.OptionLocations.TryGetValue(key, out var l) ? l : step.Location;

    static ConstructorInfo Constructor(Type t) =>
        t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();

    static bool IsOptional(ParameterInfo p) =>
        p.HasDefaultValue || Nullable.GetUnderlyingType(p.ParameterType) is not null ||
        new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;

    static string Describe(object raw) => raw is IEnumerable<object?> l && raw is not string ? "[" + string.Join(", ", l) + "]" : raw.ToString() ?? "";

    static string TypeName(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t == typeof(bool)) return "true ou false";
        if (t == typeof(int)) return "nombre entier";
        if (t == typeof(IReadOnlyList<string>)) return "liste";
        return "texte";
    }

    static bool TryConvert(object raw, Type type, out object? value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        value = null;
        if (type == typeof(string))
        {
            if (raw is string s) { value = s; return true; }
            return false;
        }
        if (type == typeof(bool))
        {
            if (raw is bool b) { value = b; return true; }
            if (raw is string s && bool.TryParse(s, out var pb)) { value = pb; return true; }
            return false;
        }
        if (type == typeof(int))
        {
            if (raw is int n) { value = n; return true; }
            if (raw is string s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pn)) { value = pn; return true; }
            return false;
        }
        if (type == typeof(IReadOnlyList<string>))
        {
            if (raw is string one) { value = new[] { one }; return true; }
            if (raw is IEnumerable<object?> items && items.All(x => x is string))
            {
                value = items.Cast<string>().ToArray();
                return true;
            }
            return false;
        }
        return false;
    }
}
