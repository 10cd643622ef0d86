using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Steps;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CfgResults.Host.Pages.Activites;

/// <summary>One choice of a select: the value posted and the text read.</summary>
public sealed record ChoiceOption(string Value, string Text)
{
    /// <summary>Offered but not choosable (a decision group whose service window is closed).</summary>
    public bool Disabled { get; init; }
}

/// <summary>An input generated from a parameter of the definition.</summary>
public sealed class ParameterField
{
    public required ParameterDefinition Definition { get; init; }
    public required IReadOnlyList<ChoiceOption> Options { get; set; }
    /// <summary>As written in the interchange format: `O`/`N`, `JJ/MM/AAAA`, `JJ/MM/AAAA HH:MM`, a choice value, text.</summary>
    public string Value { get; set; } = "";
    public List<string> Errors { get; } = [];

    public string Id => ActivityForm.ParameterInputId(Definition.Id);
    public string Name => ActivityForm.ParameterPrefix + Definition.Id;
    public bool Checked => ParameterBinder.TryFlag(Value, out var b) && b;

    public string? Hint => Definition.Type switch
    {
        ParameterType.Date => "Format : JJ/MM/AAAA, par exemple 05/06/2026.",
        ParameterType.DateTime => "Format : JJ/MM/AAAA HH:MM, par exemple 01/07/2026 08:00.",
        _ => null,
    };
}

/// <summary>
/// A criterion as the form shows it: one of the definition (locked, or editable) or one of the criteria
/// tree that the caller may add. Values are kept as text, as the caller wrote or will write them.
/// </summary>
public sealed class CriterionRow
{
    public required CriteriaField Field { get; init; }
    public CriterionDefinition? Definition { get; init; }
    public bool Locked => Definition?.Locked == true;
    /// <summary>Operator key (`equals`, `in`…); empty on a tree row means « not used ».</summary>
    public string Operator { get; set; } = "";
    public List<string> Values { get; set; } = [];
    public bool Removed { get; set; }
    /// <summary>For a locked criterion: its values as a person reads them (`0783546F — CLG FRANCO ALLEMAND - BUC`).</summary>
    public string LockedDisplay { get; set; } = "";
    public IReadOnlyList<string> Suggestions { get; set; } = [];
    public List<string> Errors { get; } = [];

    public string Key => Field.Name.Replace('_', '-');
    public string Id => "critere-" + Key;
    public bool ShowsOperatorChoice => Definition is null || Field.Operators.Count > 1;
    public bool ValuesAsCheckboxes => Field.Type == CriterionValueType.Enumeration && Operator != "present";
    public bool ValuesAsYesNo => Field.Type == CriterionValueType.Boolean;

    /// <summary>The control the error summary links to (first focusable control of the row).</summary>
    public string AnchorId => Locked ? Id : ShowsOperatorChoice ? Id + "-operateur" : ValuesAsCheckboxes ? Id + "-valeur-0" : Id + "-valeur";

    public bool HasValue(string value) => Values.Any(v => French.Fold(v) == French.Fold(value));

    public string ValuesText => string.Join(" ; ", Values);
}

/// <summary>One error of the form: where it goes (element id) and its French text.</summary>
public sealed record FormError(string AnchorId, string Message, string? Code);

/// <summary>
/// Builds the activity form from a published definition and turns what was posted back into a
/// <see cref="RunRequest"/>. Posted names: `p_&lt;parameter&gt;` for parameters, `op_&lt;field&gt;`,
/// `val_&lt;field&gt;` (repeated) and `del_&lt;field&gt;` for criteria. Every posted criterion, locked ones
/// included, is passed to the runner, which is where a locked criterion is refused (CFG040/CFG041): the
/// page never decides alone what a caller may change.
/// </summary>
public static class ActivityForm
{
    public const string ParameterPrefix = "p_";
    public const string OperatorPrefix = "op_";
    public const string ValuePrefix = "val_";
    public const string RemovePrefix = "del_";

    public static string ParameterInputId(string parameterId) => "parametre-" + parameterId.Replace('_', '-');

    static readonly (string Key, string Label)[] OperatorLabels =
    [
        ("equals", "est égal à"), ("in", "est parmi"), ("not_in", "n'est pas parmi"),
        ("between", "est compris entre"), ("starts_with", "commence par"), ("present", "est renseigné"),
    ];

    public static string OperatorLabel(string key) => OperatorLabels.FirstOrDefault(o => o.Key == key).Label ?? key;

    public static string OperatorLabel(CriterionOperator op) => OperatorLabel(CriteriaCatalog.OperatorName(op));

    /// <summary>What the value box of a row expects, said once next to it.</summary>
    public static string? ValueHint(CriterionRow row)
    {
        if (row.ValuesAsCheckboxes || row.ValuesAsYesNo) return null;
        var ops = row.Field.Operators;
        var parts = new List<string>();
        if (row.Field.Type == CriterionValueType.Date) parts.Add("Format : JJ/MM/AAAA.");
        if (ops.Contains(CriterionOperator.In) || ops.Contains(CriterionOperator.NotIn)) parts.Add("Plusieurs valeurs : séparez-les par « ; ».");
        if (ops.Contains(CriterionOperator.Between)) parts.Add("« Est compris entre » : deux valeurs séparées par « ; ».");
        if (ops.Contains(CriterionOperator.Present)) parts.Add("« Est renseigné » : oui ou non.");
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    /// <summary>Options of a choice parameter; UAIs are shown with the school's name.</summary>
    public static IReadOnlyList<ChoiceOption> Options(ParameterDefinition p, SessionContext? session)
    {
        if (p.Type != ParameterType.Choice) return [];
        var values = session is null ? p.Choices : ParameterBinder.Options(p, session);
        if (p.OptionsSource == "etablissements" && session is not null)
        {
            var names = session.Schools.ToDictionary(s => s.Uai, s => s.DisplayWithUai, StringComparer.Ordinal);
            return values.Select(v => new ChoiceOption(v, names.GetValueOrDefault(v, v))).ToList();
        }
        return values.Select(v => new ChoiceOption(v, v)).ToList();
    }

    /// <summary>Parameters with their default values, resolved (`{{ aujourdhui }}` → `19/06/2026`).</summary>
    public static List<ParameterField> Parameters(WorkflowDefinition definition, SessionContext? session, Func<string, string> resolve) =>
        definition.Parameters.Select(p => new ParameterField
        {
            Definition = p,
            Options = Options(p, session),
            Value = p.Default is { } d ? resolve(d) : "",
        }).ToList();

    /// <summary>The definition's criteria (in order) and, after them, the rest of the criteria tree as rows to add.</summary>
    public static (List<CriterionRow> Definition, List<(CriteriaGroup Group, List<CriterionRow> Rows)> Tree) Criteria(
        WorkflowDefinition definition, SessionContext? session, Func<string, string> resolve)
    {
        var rows = new List<CriterionRow>();
        foreach (var c in definition.Criteria)
        {
            if (!CriteriaCatalog.TryGet(c.Field, out var field)) continue; // the loader refuses such a definition; nothing to show
            var values = c.Values.Select(v => CriterionRules.IsExpression(v) ? resolve(v) : v).ToList();
            rows.Add(new CriterionRow
            {
                Field = field, Definition = c, Operator = CriteriaCatalog.OperatorName(c.Operator),
                Values = values.Select(v => Readable(field, c.Operator, v)).ToList(),
                LockedDisplay = LockedText(field, c, values, definition, session),
                Suggestions = Suggestions(field, session),
            });
        }
        var used = rows.Select(r => r.Field.Name).ToHashSet(StringComparer.Ordinal);
        var tree = CriteriaCatalog.Groups
            .Select(g => (g, g.Fields.Where(f => !used.Contains(f.Name)).Select(f => new CriterionRow { Field = f, Suggestions = Suggestions(f, session) }).ToList()))
            .Where(t => t.Item2.Count > 0)
            .ToList();
        return (rows, tree);
    }

    static IReadOnlyList<string> Suggestions(CriteriaField field, SessionContext? session) => (field.Name, session) switch
    {
        (_, null) => [],
        ("groupe_decision", _) => session.DecisionGroups,
        ("epreuve", _) => session.Exams.OrderBy(e => e.Order).Select(e => e.Code).ToList(),
        _ => [],
    };

    /// <summary>The address js/suggestions.js asks as the user types in a field whose choices grow with the session.</summary>
    public static string SuggestionsUrl(string field, string? sessionCode) =>
        "/api/suggestions?champ=" + Uri.EscapeDataString(field) + (sessionCode is null ? "" : "&session=" + Uri.EscapeDataString(sessionCode));

    /// <summary>A choice whose options are the session's schools is typed (with suggestions), not a &lt;select&gt; of every school.</summary>
    public static bool TypedWithSuggestions(ParameterDefinition p) => p.Type == ParameterType.Choice && p.OptionsSource == "etablissements";

    /// <summary>`false` → `Non`, dates as JJ/MM/AAAA, enumerations in their French spelling.</summary>
    static string Readable(CriteriaField field, CriterionOperator op, string raw)
    {
        if (CriterionRules.IsExpression(raw)) return raw;
        if (!CriterionRules.TryValue(field, op, raw, out var typed, out _)) return raw;
        return typed is bool b ? (b ? "Oui" : "Non") : CriterionRules.Display(typed);
    }

    static string LockedText(CriteriaField field, CriterionDefinition c, List<string> values, WorkflowDefinition definition, SessionContext? session)
    {
        var parts = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var raw = c.Values[i];
            if (raw.Contains("parametres.", StringComparison.Ordinal))
            {
                var id = raw.Replace("{{", "").Replace("}}", "").Trim().Replace("parametres.", "");
                var label = definition.Parameters.FirstOrDefault(p => p.Id == id)?.Label ?? id;
                parts.Add($"« {label} » choisi dans Paramètres");
                continue;
            }
            var text = Readable(field, c.Operator, values[i]);
            if (field.Type == CriterionValueType.SchoolCode && session?.Schools.FirstOrDefault(s => s.Uai == text) is { } school)
                text = school.DisplayWithUai;
            else if (field.Type == CriterionValueType.Boolean && text.Length > 0)
                text = char.ToUpperInvariant(text[0]) + text[1..];
            parts.Add(text);
        }
        return string.Join(c.Operator == CriterionOperator.Between ? " et " : ", ", parts);
    }

    /// <summary>Reads the posted parameters back into the fields (so the form shows them again on error).</summary>
    public static Dictionary<string, string> ReadParameters(IFormCollection form, List<ParameterField> fields)
    {
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            // A checkbox follows a hidden `N` of the same name: the last value posted wins.
            var posted = form[f.Name];
            var value = posted.Count == 0 ? (f.Definition.Type == ParameterType.Flag ? "N" : "") : posted[^1] ?? "";
            f.Value = value;
            raw[f.Definition.Id] = value;
        }
        return raw;
    }

    /// <summary>
    /// Reads the posted criteria into changes, and into the rows so that they show what was posted.
    /// Returns form-level errors (an operator the caller did not choose, an unknown one) by field.
    /// </summary>
    public static List<CriterionChange> ReadCriteria(IFormCollection form, List<CriterionRow> definitionRows,
        List<(CriteriaGroup Group, List<CriterionRow> Rows)> tree)
    {
        var changes = new List<CriterionChange>();
        var rows = definitionRows.Concat(tree.SelectMany(t => t.Rows)).ToDictionary(r => r.Field.Name, StringComparer.Ordinal);
        foreach (var field in CriteriaCatalog.Groups.SelectMany(g => g.Fields))
        {
            rows.TryGetValue(field.Name, out var row);
            if (form[RemovePrefix + field.Name] is { Count: > 0 } remove && remove[^1] == "1")
            {
                if (row is not null) row.Removed = true;
                changes.Add(CriterionChange.Removal(field.Name));
                continue;
            }
            var opPosted = form.ContainsKey(OperatorPrefix + field.Name) ? form[OperatorPrefix + field.Name][^1] ?? "" : null;
            var valuesPosted = form[ValuePrefix + field.Name];
            if (opPosted is null && valuesPosted.Count == 0) continue; // not on the form (a locked criterion's inputs are disabled)

            var opText = string.IsNullOrWhiteSpace(opPosted) ? row?.Definition is { } d ? CriteriaCatalog.OperatorName(d.Operator) : "" : opPosted.Trim();
            var values = SplitValues(valuesPosted, opText);
            if (row is not null)
            {
                row.Operator = opText;
                row.Values = values;
            }
            if (opText.Length == 0)
            {
                // A tree row left on « — »: not used, unless values were typed without a condition.
                if (values.Count > 0) row?.Errors.Add($"Choisissez une condition pour le critère « {field.Label} ».");
                continue;
            }
            if (!CriteriaCatalog.TryParseOperator(opText, out var op))
            {
                row?.Errors.Add($"Condition inconnue pour le critère « {field.Label} ».");
                continue;
            }
            changes.Add(new CriterionChange(field.Name, op, values));
        }
        return changes;
    }

    /// <summary>Several values (est parmi, est compris entre) may be typed in one box, separated by « ; ».</summary>
    static List<string> SplitValues(StringValues posted, string op)
    {
        var several = op is "in" or "not_in" or "between";
        return posted
            .SelectMany(v => several ? (v ?? "").Split(';') : [v ?? ""])
            .Select(v => v.Trim())
            .Where(v => v.Length > 0)
            .ToList();
    }

    /// <summary>
    /// The service-window gates of the definition evaluated now, without a decision group (the form
    /// has not chosen one yet): the refusal text of the first closed gate, as the run would give it,
    /// or null when every gate is open for at least one group.
    /// </summary>
    public static string? ClosedGateMessage(WorkflowDefinition definition, SessionContext session, DateTimeOffset now)
    {
        foreach (var step in definition.Steps.Where(s => s.Kind == "gate.service-window"))
        {
            // Bound once by the loader: the page and the run read the same options.
            if (step.Bound is not ServiceWindowGate.Options options) continue;
            if (!French.TryParse(options.Service, out ServiceKind kind)) continue;
            // Only the windows of the caller's own groups (and the session's) open the service for them.
            var verdict = ServiceWindows.Evaluate(GroupWindows.ForCaller(session), kind, null, now);
            if (!verdict.IsOpen) return ServiceWindowGate.RefusalText(options, verdict);
        }
        return null;
    }

    /// <summary>The key that makes a double submission of one form start one run only; scoped to the caller.</summary>
    public static string IdempotencyKey(Caller caller, string formKey) => Idempotency.ForForm(caller, formKey);
}
