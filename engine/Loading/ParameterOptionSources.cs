namespace CfgResults.Engine.Loading;

/// <summary>
/// The session data a choice parameter can take its options from (`options: groupes_decision`).
/// The runner lists them for the caller (a school sees only its own groups and schools).
/// </summary>
public static class ParameterOptionSources
{
    public const string DecisionGroups = "groupes_decision";
    public const string Schools = "etablissements";
    public const string Exams = "epreuves";
    public const string Specialities = "specialites";

    public static IReadOnlyList<string> Known { get; } = [DecisionGroups, Schools, Exams, Specialities];
}
