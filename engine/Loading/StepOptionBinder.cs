using System.Globalization;
using System.Reflection;
using System.Text;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Loading;

/// <summary>
/// The one reading of a step's options. A step kind's options record is described by its constructor:
/// parameter `FileName` ↔ option `file_name`; string → Text, bool → Flag, int → Integer,
/// IReadOnlyList&lt;string&gt; → List; nullable or with a default value means optional. The loader checks
/// every option against <see cref="Specs"/> and then builds the record with <see cref="Bind"/>, using the same
/// value readers (<see cref="TryFlag"/>, <see cref="TryInteger"/>): whatever validates, binds, and nothing
/// binds again at run time.
/// </summary>
public static class StepOptionBinder
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

    /// <summary>The options an options record accepts. Throws for a parameter type the loader cannot check (a programming error).</summary>
    public static IReadOnlyDictionary<string, StepOptionSpec> Specs(Type optionsType) =>
        Constructor(optionsType).GetParameters().ToDictionary(
            p => SnakeCase(p.Name!),
            p => new StepOptionSpec(SpecType(optionsType, p), !IsOptional(p), p.GetCustomAttribute<OptionValuesAttribute>()?.Values));

    public static bool TryFlag(string text, out bool value) => Flag.TryParse(text, out value);

    public static bool TryInteger(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Builds the options record from option values already checked against <see cref="Specs"/> (plain YAML values:
    /// string, list of strings). A value that was not checked is a programming error, thrown as such.
    /// </summary>
    public static object Bind(Type optionsType, IReadOnlyDictionary<string, object?> options)
    {
        var ctor = Constructor(optionsType);
        var parameters = ctor.GetParameters();
        var args = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var name = SnakeCase(p.Name!);
            if (!options.TryGetValue(name, out var raw) || raw is null)
            {
                args[i] = IsOptional(p)
                    ? (p.HasDefaultValue ? p.DefaultValue : null)
                    : throw new InvalidOperationException($"option obligatoire « {name} » absente de {optionsType.Name} : la définition n'a pas été vérifiée");
                continue;
            }
            args[i] = Convert(raw, p.ParameterType)
                ?? throw new InvalidOperationException($"option « {name} » de {optionsType.Name} : « {raw} » n'a pas été vérifiée");
        }
        return ctor.Invoke(args);
    }

    static object? Convert(object raw, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return raw as string;
        if (type == typeof(bool)) return raw is string s && TryFlag(s, out var b) ? b : null;
        if (type == typeof(int)) return raw is string s2 && TryInteger(s2, out var n) ? n : null;
        if (type == typeof(IReadOnlyList<string>))
            return raw is IEnumerable<object?> items && raw is not string && items.All(x => x is string) ? items.Cast<string>().ToArray() : null;
        return null;
    }

    static StepOptionType SpecType(Type optionsType, ParameterInfo p)
    {
        var t = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        if (t == typeof(string)) return StepOptionType.Text;
        if (t == typeof(bool)) return StepOptionType.Flag;
        if (t == typeof(int)) return StepOptionType.Integer;
        if (t == typeof(IReadOnlyList<string>)) return StepOptionType.List;
        throw new InvalidOperationException($"{optionsType.FullName} : l'option « {p.Name} » est de type {t.Name}, que le chargeur ne sait pas vérifier");
    }

    static ConstructorInfo Constructor(Type t) =>
        t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();

    static bool IsOptional(ParameterInfo p) =>
        p.HasDefaultValue || Nullable.GetUnderlyingType(p.ParameterType) is not null ||
        new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;
}
