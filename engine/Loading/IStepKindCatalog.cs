namespace CfgResults.Engine.Loading;

/// <summary>
/// What the loader needs to know about step kinds, implemented by the step-kind registry (kinds are
/// found by the name on their attribute). The loader checks every step against it, so the runner
/// never meets an unknown kind or option.
/// </summary>
public interface IStepKindCatalog
{
    /// <summary>Every known kind name, e.g. `gate.service-window`, `render.pdf`.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>The options a kind accepts, by option name (`kind` itself excluded); null when the kind is unknown.</summary>
    IReadOnlyDictionary<string, StepOptionSpec>? OptionsOf(string kind);

    /// <summary>The kind produces a public output (<see cref="PublicOutputAttribute"/>).</summary>
    bool IsPublicOutput(string kind) => false;

    /// <summary>The criteria levels a selecting kind applies (<see cref="CriteriaLevelsAttribute"/>); null when the kind does not select.</summary>
    IReadOnlyList<Criteria.CriterionLevel>? CriteriaLevels(string kind) => null;

    /// <summary>
    /// The options record of a kind (see <see cref="StepOptionBinder"/>): the loader binds each valid step into it once,
    /// as <see cref="Definitions.StepDefinition.Bound"/>. Null for a catalogue that only describes options (test doubles).
    /// </summary>
    Type? OptionsTypeOf(string kind) => null;
}

/// <summary>The only values a text option accepts (checked by the loader, with the option's place).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OptionValuesAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>What a step option holds. An option named `template` must be <see cref="StepOptionType.Text"/>:
/// the loader checks the template it names through <see cref="ITemplateChecker"/>.</summary>
public enum StepOptionType { Text, Flag, Integer, List, Mapping, Any }

/// <summary>One option of a step kind. AllowedValues (for Text) lists the only values accepted,
/// e.g. the services of `gate.service-window`; a `{{ … }}` expression is always accepted for Text.</summary>
public sealed record StepOptionSpec(StepOptionType Type, bool Required = false, IReadOnlyList<string>? AllowedValues = null);
