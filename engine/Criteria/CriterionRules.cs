using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Criteria;

/// <summary>
/// A criterion ready to compile: a catalogue field, an operator allowed for it, and typed values
/// (canonical string for enumerations and codes, bool, DateOnly). Only <see cref="CriterionRules"/>
/// builds them, so a value that reaches SQL has always been checked.
/// </summary>
public sealed record EffectiveCriterion
{
    internal EffectiveCriterion(CriteriaField field, CriterionOperator op, IReadOnlyList<object> values, bool locked)
        => (Field, Operator, Values, Locked) = (field, op, values, locked);

    public CriteriaField Field { get; }
    public CriterionOperator Operator { get; }
    public IReadOnlyList<object> Values { get; }
    public bool Locked { get; }

    /// <summary>Checks and types a criterion written as text; throws when it is invalid
    /// (for code and tests that build criteria themselves; callers' input goes through <see cref="CriteriaMerger"/>).</summary>
    public static EffectiveCriterion Create(string field, CriterionOperator op, params string[] values)
    {
        if (!CriteriaCatalog.TryGet(field, out var f))
            throw new ArgumentException(Messages.Format(DiagnosticCodes.UnknownCriterionField, field, "", ""), nameof(field));
        var problems = CriterionRules.Check(f, op, values, out var typed);
        if (problems.Count > 0) throw new ArgumentException(problems[0].Message, nameof(values));
        return new EffectiveCriterion(f, op, typed, locked: false);
    }

    public override string ToString() =>
        $"{Field.Name} {CriteriaCatalog.OperatorName(Operator)} [{string.Join(", ", Values.Select(CriterionRules.Display))}]";
}

/// <summary>A problem with one criterion; ValueIndex tells which value when it is about one.</summary>
internal sealed record CriterionProblem(string Code, string Message, int? ValueIndex = null);

/// <summary>The rules shared by the loader (criteria written in a definition) and the merger (criteria sent by a caller).</summary>
internal static class CriterionRules
{
    /// <summary>`{{ user.uai }}`: resolved by the runner, so only its place in the definition can be checked here.</summary>
    public static bool IsExpression(string value) => value.Contains("{{", StringComparison.Ordinal);

    public static IReadOnlyList<CriterionProblem> CheckOperator(CriteriaField field, CriterionOperator op) =>
        field.Operators.Contains(op)
            ? []
            : [new(DiagnosticCodes.OperatorNotAllowed, Messages.Format(DiagnosticCodes.OperatorNotAllowed,
                CriteriaCatalog.OperatorName(op), field.Label, Messages.List(field.Operators.Select(CriteriaCatalog.OperatorName))))];

    /// <summary>Expected number of values, as French words, or null when the count is right.</summary>
    public static string? CountProblem(CriterionOperator op, int count) => op switch
    {
        CriterionOperator.In or CriterionOperator.NotIn => count >= 1 ? null : Messages.Words.ListOfValues,
        CriterionOperator.Between => count == 2 ? null : Messages.Words.TwoValues,
        _ => count == 1 ? null : Messages.Words.OneValue,
    };

    /// <summary>Checks field, operator and every value; on success, typed holds the values to compile.
    /// Expressions (`{{ … }}`) are refused here: resolve them first.</summary>
    public static IReadOnlyList<CriterionProblem> Check(CriteriaField field, CriterionOperator op, IReadOnlyList<string> values, out IReadOnlyList<object> typed)
    {
        var problems = new List<CriterionProblem>(CheckOperator(field, op));
        var typedValues = new List<object>();
        typed = typedValues;
        if (problems.Count > 0) return problems;
        if (CountProblem(op, values.Count) is { } expected)
            return [new(DiagnosticCodes.WrongValueCount, Messages.Format(DiagnosticCodes.WrongValueCount, CriteriaCatalog.OperatorName(op), expected))];
        for (var i = 0; i < values.Count; i++)
        {
            if (TryValue(field, op, values[i], out var value, out var hint)) typedValues.Add(value);
            else problems.Add(new(DiagnosticCodes.ValueNotAllowed, Messages.Format(DiagnosticCodes.ValueNotAllowed, values[i], field.Label, hint), i));
        }
        if (problems.Count == 0 && op == CriterionOperator.Between && typedValues[0] is DateOnly from && typedValues[1] is DateOnly to && from > to)
            problems.Add(new(DiagnosticCodes.BoundsReversed, Messages.Format(DiagnosticCodes.BoundsReversed, field.Label, values[0], values[1]), 0));
        return problems;
    }

    /// <summary>Checks one value; hint says what is expected when it is wrong.</summary>
    public static bool TryValue(CriteriaField field, CriterionOperator op, string text, out object value, out string hint)
    {
        value = "";
        var trimmed = text.Trim().Normalize(NormalizationForm.FormC);
        if (op == CriterionOperator.Present)
        {
            hint = Messages.Words.Boolean;
            if (!Flag.TryParse(trimmed, out var present)) return false;
            value = present;
            return true;
        }
        switch (field.Type)
        {
            case CriterionValueType.Enumeration:
                hint = Messages.List(field.AllowedValues);
                if (field.Canonical?.Invoke(trimmed) is not { } canonical) return false;
                value = canonical;
                return true;
            case CriterionValueType.Boolean:
                hint = Messages.Words.Boolean;
                if (!Flag.TryParse(trimmed, out var flag)) return false;
                value = flag;
                return true;
            case CriterionValueType.Date:
                hint = Messages.Words.Date;
                if (!TryDate(trimmed, out var date)) return false;
                value = date;
                return true;
            default:
                hint = field.PatternHint ?? Messages.Words.NotEmptyValue;
                if (trimmed.Length == 0) return false;
                var code = field.UpperCase ? trimmed.ToUpperInvariant() : trimmed;
                // A prefix cannot match a whole-value pattern: for starts_with any non-empty text is a prefix.
                if (op != CriterionOperator.StartsWith && field.Pattern is { } pattern && !Regex.IsMatch(code, pattern, RegexOptions.CultureInvariant))
                    return false;
                value = code;
                return true;
        }
    }

    /// <summary>O/N, oui/non, true/false, any case (IMPORT-FORMAT.md conventions plus YAML's own).</summary>
    public static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, ["dd/MM/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string Display(object value) => value switch
    {
        bool b => b ? "oui" : "non",
        DateOnly d => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
