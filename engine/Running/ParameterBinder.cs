using System.Globalization;
using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Running;

/// <summary>
/// Turns the caller's parameter values, written as in the interchange format (flags `O`/`N`, dates
/// `JJ/MM/AAAA`, date-times `JJ/MM/AAAA HH:MM`), into typed values; fills defaults; reports every error.
/// </summary>
public static class ParameterBinder
{
    public static (Dictionary<string, object?> Values, List<Diagnostic> Errors) Bind(
        WorkflowDefinition definition, IReadOnlyDictionary<string, string> raw, SessionContext session,
        Func<string, string> resolvePlaceholders)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new List<Diagnostic>();
        var known = definition.Parameters.Select(p => p.Id).ToList();
        foreach (var key in raw.Keys.Where(k => !known.Contains(k)))
            errors.Add(RunMessages.UnknownParameter(key, known));

        foreach (var p in definition.Parameters)
        {
            var text = raw.TryGetValue(p.Id, out var given) && !string.IsNullOrWhiteSpace(given)
                ? given.Trim()
                : p.Default is { } d ? resolvePlaceholders(d) : null;
            if (string.IsNullOrWhiteSpace(text))
            {
                if (p.Type == ParameterType.Flag) { values[p.Id] = false; continue; }
                if (p.Required) errors.Add(RunMessages.MissingParameter(p.Id, p.Label));
                values[p.Id] = null;
                continue;
            }
            switch (p.Type)
            {
                case ParameterType.Flag:
                    if (TryFlag(text, out var flag)) values[p.Id] = flag;
                    else errors.Add(RunMessages.InvalidParameter(p.Id, p.Label, text, "O ou N"));
                    break;
                case ParameterType.Date:
                    if (TryDate(text, out var date)) values[p.Id] = date;
                    else errors.Add(RunMessages.InvalidParameter(p.Id, p.Label, text, "une date JJ/MM/AAAA"));
                    break;
                case ParameterType.DateTime:
                    if (TryDateTime(text, out var dt)) values[p.Id] = dt;
                    else errors.Add(RunMessages.InvalidParameter(p.Id, p.Label, text, "une date et heure JJ/MM/AAAA HH:MM"));
                    break;
                case ParameterType.Choice:
                    var options = Options(p, session);
                    var match = options.FirstOrDefault(o => French.Fold(o) == French.Fold(text));
                    if (match is not null) values[p.Id] = match;
                    // Every school of a national session in one message would bury it: the first 20, then how many in all.
                    else errors.Add(RunMessages.ChoiceNotAllowed(p.Id, p.Label, text,
                        options.Count <= 20 ? options : options.Take(20).Append($"… ({options.Count} valeurs en tout)")));
                    break;
                default:
                    values[p.Id] = text;
                    break;
            }
        }
        return (values, errors);
    }

    /// <summary>The values a choice accepts: its fixed list, or session data named by its options source.</summary>
    public static IReadOnlyList<string> Options(ParameterDefinition p, SessionContext session) => p.OptionsSource switch
    {
        null => p.Choices,
        "groupes_decision" => session.DecisionGroups,
        "etablissements" => session.Schools.Select(s => s.Uai).ToList(),
        "epreuves" => session.Exams.OrderBy(e => e.Order).Select(e => e.Code).ToList(),
        _ => p.Choices,
    };

    /// <summary>The one flag reading (<see cref="Flag.TryParse"/>), named here for the pages that bind parameters.</summary>
    public static bool TryFlag(string text, out bool value) => Flag.TryParse(text, out value);

    public static bool TryDate(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text, ["dd/MM/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static bool TryDateTime(string text, out DateTime value) =>
        DateTime.TryParseExact(text, ["dd/MM/yyyy HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd'T'HH:mm", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
}
