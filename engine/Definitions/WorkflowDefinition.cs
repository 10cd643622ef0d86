namespace CfgResults.Engine.Definitions;

/// <summary>Who a definition is for: établissement, gestionnaire (exam manager) or candidat.</summary>
public enum Audience { School, Manager, Candidate }

public enum ParameterType { Flag, Choice, Text, Date, DateTime }

public enum CriterionOperator { Equals, In, NotIn, Between, StartsWith, Present }

/// <summary>A declarative workflow (one YAML file in definitions/, file name = id).</summary>
public sealed record WorkflowDefinition(
    string Id,
    string Title,
    IReadOnlyList<string> Menu,
    Audience Audience,
    string? Description,
    IReadOnlyList<ParameterDefinition> Parameters,
    IReadOnlyList<CriterionDefinition> Criteria,
    IReadOnlyList<StepDefinition> Steps,
    SourceLocation Location);

/// <summary>
/// A run parameter. Choice options come either from a fixed list (Choices) or from session data
/// (OptionsSource, e.g. `groupes_decision`). Default is written as in the interchange format
/// (`O`/`N`, `JJ/MM/AAAA`, `JJ/MM/AAAA HH:MM`) or is a template expression (`{{ etablissement.commune }}`).
/// </summary>
public sealed record ParameterDefinition(
    string Id,
    string Label,
    ParameterType Type,
    bool Required,
    string? Default,
    string? OptionsSource,
    IReadOnlyList<string> Choices,
    SourceLocation Location);

/// <summary>
/// A selection criterion on a field of the criteria catalogue. Values are raw text as written in YAML
/// (`Inscrit`, `false`, `{{ user.uai }}`); a locked criterion cannot be changed by the caller.
/// </summary>
public sealed record CriterionDefinition(
    string Field,
    CriterionOperator Operator,
    IReadOnlyList<string> Values,
    bool Locked,
    SourceLocation Location);

/// <summary>A step: its kind name (`gate.service-window`) and its options, as plain YAML values
/// (string, list of object, or string-keyed dictionary), each option with its place.</summary>
public sealed record StepDefinition(
    string Kind,
    IReadOnlyDictionary<string, object?> Options,
    IReadOnlyDictionary<string, SourceLocation> OptionLocations,
    SourceLocation Location)
{
    /// <summary>
    /// `when: { format: xlsx }`: the step runs only when each named parameter has one of the given values
    /// (`when: { format: [csv, xlsx] }`); no condition, the step always runs.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? When { get; init; }

    /// <summary>Whether the step runs with these parameter values (bound by <c>ParameterBinder</c>).</summary>
    public bool Applies(IReadOnlyDictionary<string, object?> parameters) =>
        When is null || When.All(c => parameters.TryGetValue(c.Key, out var v) && c.Value.Any(x => Matches(v, x)));

    static bool Matches(object? value, string expected) => value switch
    {
        null => expected.Length == 0,
        bool b => Domain.Flag.TryParse(expected, out var e) && e == b,
        string s => string.Equals(s, expected, StringComparison.OrdinalIgnoreCase),
        _ => string.Equals(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), expected, StringComparison.Ordinal),
    };

    /// <summary>
    /// The step kind's options record, bound once by the loader from <see cref="Options"/> (Loading.StepOptionBinder);
    /// the runner executes the step with it and never reads the plain values again.
    /// </summary>
    public object? Bound { get; init; }
}
