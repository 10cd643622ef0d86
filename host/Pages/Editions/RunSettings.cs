using System.Text.Json;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Running;

namespace CfgResults.Host.Pages.Editions;

/// <summary>
/// Issue 13 item 5: what a run was asked for, as the person chose it — the session, each parameter with its label
/// (« Groupe de décision : CFG-78 », « Disponible à partir du : 21/06/2026 08:00 », « Publié par : … »), and the
/// criteria they changed (« Liste rouge : oui »), so that five extractions of one day can be told apart.
/// </summary>
public sealed record RunSettings(string Session, IReadOnlyList<(string Label, string Value)> Parameters, IReadOnlyList<string> Criteria)
{
    /// <summary>One line for a list: `CFG-78 · Nom et prénom du candidat · Liste rouge : oui`.</summary>
    public string Summary => string.Join(" · ", Parameters.Select(p => p.Value == "Oui" ? p.Label : p.Value).Concat(Criteria));

    public static RunSettings Of(RunRecord run, IDefinitionSource definitions)
    {
        var definition = definitions.Get(run.DefinitionId)?.Definition;
        var raw = Read<Dictionary<string, string>>(run.Parameters) ?? [];
        var parameters = new List<(string, string)>();
        foreach (var (id, value) in raw)
        {
            var p = definition?.Parameters.FirstOrDefault(x => x.Id == id);
            if (string.IsNullOrWhiteSpace(value)) continue;
            var text = p?.Type == ParameterType.Flag ? (ParameterBinder.TryFlag(value, out var b) && b ? "Oui" : null) : value;
            if (text is not null) parameters.Add((p?.Label ?? id, text));
        }
        var criteria = (Read<List<CriterionChange>>(run.Criteria) ?? []).Select(c =>
        {
            var label = CriteriaCatalog.TryGet(c.Field, out var f) ? f.Label : c.Field;
            return c.Remove ? $"{label} : retiré" : $"{label} : {string.Join(", ", c.Values)}";
        }).ToList();
        return new RunSettings(run.SessionCode, parameters, criteria);
    }

    static T? Read<T>(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return default;
        try { return JsonSerializer.Deserialize<T>(json); }
        catch (JsonException) { return default; }
    }
}
