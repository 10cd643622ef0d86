using System.Reflection;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Loading;

namespace CfgResults.Engine.Running;

/// <summary>
/// Every step kind, found by the name on its [StepKind] attribute: adding a kind touches no switch.
/// Two kinds with one name is a start-up error.
/// </summary>
public sealed class StepKindRegistry : IStepKindCatalog
{
    readonly Dictionary<string, IStepKind> kinds = new(StringComparer.Ordinal);
    readonly Dictionary<string, IReadOnlyDictionary<string, StepOptionSpec>> specs = new(StringComparer.Ordinal);

    public StepKindRegistry(params Assembly[] assemblies)
    {
        foreach (var type in (assemblies.Length == 0 ? [typeof(StepKindRegistry).Assembly] : assemblies).SelectMany(a => a.GetTypes()))
        {
            if (type.GetCustomAttribute<StepKindAttribute>() is not { } attribute) continue;
            if (!typeof(IStepKind).IsAssignableFrom(type) || type.IsAbstract)
                throw new InvalidOperationException($"{type.Name} porte [StepKind] mais n'est pas un type d'étape");
            if (kinds.ContainsKey(attribute.Name))
                throw new InvalidOperationException($"deux types d'étape portent le nom « {attribute.Name} » : {kinds[attribute.Name].GetType().Name} et {type.Name}");
            kinds[attribute.Name] = (IStepKind)Activator.CreateInstance(type)!;
            // Read now: an option type the loader cannot check is a start-up error, not a run that fails.
            specs[attribute.Name] = StepOptionBinder.Specs(kinds[attribute.Name].OptionsType);
        }
    }

    public IReadOnlyCollection<string> Names => kinds.Keys.Order(StringComparer.Ordinal).ToArray();

    public bool TryGet(string name, out IStepKind kind) => kinds.TryGetValue(name, out kind!);

    /// <summary>The options of a kind for the loader: name → type, required, allowed values.</summary>
    public IReadOnlyDictionary<string, StepOptionSpec>? OptionsOf(string kind) => specs.GetValueOrDefault(kind);

    /// <summary>The options record the loader binds a step of this kind into.</summary>
    public Type? OptionsTypeOf(string kind) => kinds.TryGetValue(kind, out var k) ? k.OptionsType : null;

    public bool IsPublicOutput(string kind) =>
        kinds.TryGetValue(kind, out var k) && k.GetType().GetCustomAttribute<PublicOutputAttribute>() is not null;

    public IReadOnlyList<Criteria.CriterionLevel>? CriteriaLevels(string kind) =>
        kinds.TryGetValue(kind, out var k) ? k.GetType().GetCustomAttribute<CriteriaLevelsAttribute>()?.Levels : null;
}
