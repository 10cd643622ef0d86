using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Criteria;

/// <summary>
/// What a caller asks to change in a definition's selection: set a criterion (replace the operator
/// and values of an unlocked one, or add one from the catalogue), or remove an unlocked one.
/// Values are taken literally: a caller's `{{ … }}` is never evaluated.
/// </summary>
public sealed record CriterionChange(string Field, CriterionOperator Operator, IReadOnlyList<string> Values, bool Remove = false)
{
    public static CriterionChange Set(string field, CriterionOperator op, params string[] values) => new(field, op, values);

    public static CriterionChange Removal(string field) => new(field, CriterionOperator.Equals, [], Remove: true);
}

/// <summary>A refused criterion or change, with its code (CFG0xx) and French message.</summary>
public sealed record CriterionError(string Code, string Field, string Message)
{
    public override string ToString() => $"error {Code}: {Message}";
}

/// <summary>The effective criteria in order (definition's first, then added ones) or, when anything is refused, none and every error.</summary>
public sealed record MergeResult(IReadOnlyList<EffectiveCriterion> Criteria, IReadOnlyList<CriterionError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Merges a definition's criteria with a caller's changes (ARCHITECTURE decision 8: a locked
/// criterion cannot be changed by the caller). Sending a locked criterion back with its own value
/// is accepted as no change, so a form can post every criterion it shows.
/// </summary>
public static class CriteriaMerger
{
    /// <param name="resolve">Resolves a definition value holding an expression (`{{ user.uai }}` → `0783546F`) for the current run; null when it cannot.</param>
    public static MergeResult Merge(
        IReadOnlyList<CriterionDefinition> definitionCriteria,
        IReadOnlyList<CriterionChange> changes,
        Func<string, string?>? resolve = null)
    {
        var errors = new List<CriterionError>();
        var effective = new List<(string Field, EffectiveCriterion? Criterion)>();

        foreach (var definition in definitionCriteria)
        {
            if (!CriteriaCatalog.TryGet(definition.Field, out var field))
            {
                errors.Add(UnknownField(definition.Field));
                continue;
            }
            var values = new List<string>();
            foreach (var raw in definition.Values)
            {
                var value = CriterionRules.IsExpression(raw) ? resolve?.Invoke(raw) : raw;
                if (value is null)
                    errors.Add(Error(DiagnosticCodes.UnresolvedExpression, field.Name, raw, field.Label));
                else
                    values.Add(value);
            }
            if (values.Count != definition.Values.Count) continue;
            var checkedCriterion = Check(field, definition.Operator, values, definition.Locked, errors);
            effective.Add((field.Name, checkedCriterion));
        }

        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (!CriteriaCatalog.TryGet(change.Field, out var field))
            {
                errors.Add(UnknownField(change.Field));
                continue;
            }
            if (!changed.Add(field.Name))
            {
                errors.Add(Error(DiagnosticCodes.CriterionChangedTwice, field.Name, field.Label));
                continue;
            }
            var index = effective.FindIndex(e => e.Field == field.Name);
            var current = index >= 0 ? effective[index].Criterion : null;
            var locked = index >= 0 && definitionCriteria.First(d => d.Field == field.Name).Locked;

            if (change.Remove)
            {
                if (locked) errors.Add(Error(DiagnosticCodes.LockedCriterionRemoved, field.Name, field.Label));
                else if (index < 0) errors.Add(Error(DiagnosticCodes.NoCriterionToRemove, field.Name, field.Label));
                else effective.RemoveAt(index);
                continue;
            }

            var proposed = Check(field, change.Operator, change.Values, locked, errors);
            if (proposed is null) continue;
            if (locked)
            {
                if (current is null || !SameSelection(current, proposed))
                    errors.Add(Error(DiagnosticCodes.LockedCriterionChanged, field.Name, field.Label));
                continue;
            }
            if (index >= 0) effective[index] = (field.Name, proposed);
            else effective.Add((field.Name, proposed));
        }

        return errors.Count > 0
            ? new MergeResult([], errors)
            : new MergeResult(effective.Select(e => e.Criterion!).ToList(), []);
    }

    static EffectiveCriterion? Check(CriteriaField field, CriterionOperator op, IReadOnlyList<string> values, bool locked, List<CriterionError> errors)
    {
        var problems = CriterionRules.Check(field, op, values, out var typed);
        foreach (var problem in problems) errors.Add(new CriterionError(problem.Code, field.Name, problem.Message));
        return problems.Count == 0 ? new EffectiveCriterion(field, op, typed, locked) : null;
    }

    /// <summary>Same operator and same values; the order of an `in` list does not matter.</summary>
    static bool SameSelection(EffectiveCriterion a, EffectiveCriterion b)
    {
        if (a.Operator != b.Operator) return false;
        if (a.Operator is CriterionOperator.In or CriterionOperator.NotIn)
            return a.Values.ToHashSet().SetEquals(b.Values);
        return a.Values.SequenceEqual(b.Values);
    }

    static CriterionError UnknownField(string name) =>
        Error(DiagnosticCodes.UnknownCriterionField, name, name,
            Messages.DidYouMean(Suggestions.Closest(name, CriteriaCatalog.FieldNames)), Messages.List(CriteriaCatalog.FieldNames));

    static CriterionError Error(string code, string field, params object?[] args) => new(code, field, Messages.Format(code, args));
}
