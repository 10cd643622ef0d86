using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Loading;

/// <summary>A step kind whose output others than the caller's school may see (the display list posted at the centre).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PublicOutputAttribute : Attribute;

/// <summary>
/// The criteria levels a selecting step kind applies. A criterion of another level would be ignored by the
/// step: the loader and the runner refuse it instead (CFG047), so nothing is ignored silently.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CriteriaLevelsAttribute(params CriterionLevel[] levels) : Attribute
{
    public IReadOnlyList<CriterionLevel> Levels { get; } = levels;
}

/// <summary>
/// Public outputs decided in code (ARCHITECTURE decision 8, SECURITY.md row 2), never by a definition's criteria:
/// a definition is public when one of its steps is of a <see cref="PublicOutputAttribute"/> kind, when a step says
/// <c>public: true</c>, or when it is one of the activities that are public by nature (<see cref="Activities"/>,
/// so that a draft of the display list that swaps its selecting step stays public). A public definition:
/// <list type="bullet">
/// <item>runs every selection as public (red-listed and fraud-held candidates removed in code);</item>
/// <item>is refused by the loader when a criterion could select a red-listed or fraud-held candidate (CFG046);</item>
/// <item>accepts from a caller only changes to the criteria it lists unlocked (its changeable ones); a criterion it
/// does not list cannot be added (CFG048): a centre must not look students up by birth date or INE.</item>
/// </list>
/// </summary>
public static class PublicOutputs
{
    /// <summary>Activities public by nature, whatever their steps.</summary>
    public static readonly IReadOnlyCollection<string> Activities = ["liste-affichage"];

    /// <summary>Fields that a public output may only use as « equals: false ».</summary>
    public static readonly IReadOnlyCollection<string> HiddenFlags = ["liste_rouge", "presomption_fraude"];

    public static bool IsPublic(WorkflowDefinition definition, IStepKindCatalog kinds) => IsPublic(definition.Id, definition.Steps, kinds);

    public static bool IsPublic(string id, IEnumerable<StepDefinition> steps, IStepKindCatalog kinds) =>
        Activities.Contains(id) || steps.Any(s => kinds.IsPublicOutput(s.Kind) || SaysPublic(s));

    static bool SaysPublic(StepDefinition step) =>
        step.Options.TryGetValue("public", out var value) && value switch
        {
            bool b => b,
            string s => s.Trim().ToLowerInvariant() is "true" or "oui" or "o" or "yes",
            _ => false,
        };

    /// <summary>The criteria levels the definition's selecting steps apply; null when no step selects (nothing to check).</summary>
    public static IReadOnlySet<CriterionLevel>? SupportedLevels(IEnumerable<StepDefinition> steps, IStepKindCatalog kinds)
    {
        HashSet<CriterionLevel>? levels = null;
        foreach (var step in steps)
            if (kinds.CriteriaLevels(step.Kind) is { } l) (levels ??= []).UnionWith(l);
        return levels;
    }

    /// <summary>True when the criterion, as written, can only keep candidates who are not red-listed / not held for fraud.</summary>
    public static bool OnlyExcludesHidden(CriterionOperator op, IReadOnlyList<string> values) =>
        op == CriterionOperator.Equals && values.Count == 1 && Domain.Flag.TryParse(values[0], out var flag) && !flag;

    /// <summary>
    /// The runner's checks on a caller's changes, before the merge: a criterion the selection would ignore (CFG047);
    /// on a public output, a criterion its definition does not list (CFG048) or one that would select hidden candidates (CFG046).
    /// </summary>
    public static IReadOnlyList<Diagnostic> CheckChanges(WorkflowDefinition definition, IReadOnlyList<CriterionChange> changes, IStepKindCatalog kinds)
    {
        var errors = new List<Diagnostic>();
        var levels = SupportedLevels(definition.Steps, kinds);
        var isPublic = IsPublic(definition, kinds);
        foreach (var change in changes)
        {
            if (change.Remove || !CriteriaCatalog.TryGet(change.Field, out var field)) continue; // the merger reports those
            string? code = null;
            if (levels is not null && !levels.Contains(field.Level)) code = DiagnosticCodes.CriterionNotSupported;
            else if (isPublic && !definition.Criteria.Any(c => c.Field == field.Name)) code = DiagnosticCodes.PublicCriterionNotChangeable;
            else if (isPublic && HiddenFlags.Contains(field.Name) && !OnlyExcludesHidden(change.Operator, change.Values)) code = DiagnosticCodes.PublicOutputSelectsHidden;
            if (code is not null) errors.Add(new Diagnostic(new SourceLocation(field.Name, 0, 0), code, Messages.Format(code, field.Name, field.Label)));
        }
        return errors;
    }

    /// <summary>The loader's checks (CFG046, CFG047), each at the criterion's line and column.</summary>
    internal static void Check(string id, IReadOnlyList<CriterionDefinition> criteria, IReadOnlyList<StepDefinition> steps, IStepKindCatalog kinds,
        Action<SourceLocation, string, object?[]> report)
    {
        var levels = SupportedLevels(steps, kinds);
        var isPublic = IsPublic(id, steps, kinds);
        foreach (var c in criteria)
        {
            if (!CriteriaCatalog.TryGet(c.Field, out var field)) continue;
            if (levels is not null && !levels.Contains(field.Level))
                report(c.Location, DiagnosticCodes.CriterionNotSupported, [field.Name, field.Label]);
            if (isPublic && HiddenFlags.Contains(field.Name) && !OnlyExcludesHidden(c.Operator, c.Values))
                report(c.Location, DiagnosticCodes.PublicOutputSelectsHidden, [field.Name, field.Label]);
        }
    }
}
