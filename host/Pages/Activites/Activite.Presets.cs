using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Presets;
using CfgResults.Engine.Running;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Editions;
using Microsoft.AspNetCore.Mvc;

namespace CfgResults.Host.Pages.Activites;

/// <summary>
/// Saved editions on the activity page (issue 14 item 4): the preset bar (apply, delete), « Enregistrer comme
/// modèle » in the form, and the form filled from a preset (`?modele=ID`) or from a past run of the caller
/// (`?relancer=RUN`), carried over to the current session with what was dropped said above the form.
/// </summary>
public sealed partial class ActiviteModel
{
    public const string PresetNameField = "nom_modele";
    public const string PresetIdField = "modele";
    public const string AuditPresetSaved = "modele.enregistrement";
    public const string AuditPresetDeleted = "modele.suppression";

    [FromQuery(Name = "modele")] public string? PresetId { get; set; }
    [FromQuery(Name = "relancer")] public string? RelaunchRunId { get; set; }

    /// <summary>The caller's presets for this activity (its school's, or its own for an exam manager).</summary>
    public IReadOnlyList<RunPreset> Presets { get; private set; } = [];
    /// <summary>« Modèle « Notes du jury » appliqué. » or « Réglages de l'édition du … repris. »</summary>
    public string? SettingsApplied { get; private set; }
    public IReadOnlyList<string> SettingsDropped { get; private set; } = [];
    public string PresetName { get; private set; } = "";
    public string? PresetError { get; private set; }
    [TempData] public string? PresetNotice { get; set; }

    string? Owner => RunPresetStore.OwnerOf(HttpContext.GetCaller());

    public bool IsSchoolCaller => HttpContext.GetCaller().IsSchool;

    async Task ApplySavedSettingsAsync(CancellationToken ct)
    {
        if (Owner is not { } owner) return;
        Presets = await presets.ListAsync(owner, Published.Definition.Id, ct);
        if (PresetId is { Length: > 0 } presetId && Presets.FirstOrDefault(p => p.Id == presetId) is { } preset)
        {
            Fill(SettingsCarryOver.Apply(Published.Definition, Session, preset.Parameters, preset.Criteria));
            PresetName = preset.Name;
            SettingsApplied = $"Modèle « {preset.Name} » appliqué" + (preset.SessionCode == Session?.Session.Code ? "." : $" (enregistré pour la session {preset.SessionCode}).");
        }
        else if (RelaunchRunId is { Length: > 0 } runId && await runs.GetAsync(runId, ct) is { } run
                 && run.Caller == HttpContext.GetCaller().ToString() && run.DefinitionId == Published.Definition.Id)
        {
            var (parameters, criteria) = SettingsCarryOver.OfRun(run);
            Fill(SettingsCarryOver.Apply(Published.Definition, Session, parameters, criteria));
            SettingsApplied = $"Réglages de l'édition du {PageResults.LocalDateTime(run.CreatedAt)} repris"
                + (run.SessionCode == Session?.Session.Code ? "." : $", pour la session {Session?.Session.Label}.");
        }
    }

    /// <summary>Puts carried-over settings in the form's fields and criterion rows, as if the caller had typed them.</summary>
    void Fill(CarriedSettings settings)
    {
        foreach (var field in Parameters)
            if (settings.Parameters.TryGetValue(field.Definition.Id, out var value)) field.Value = value;
        var rows = DefinitionCriteria.Concat(Tree.SelectMany(t => t.Rows)).ToDictionary(r => r.Field.Name, StringComparer.Ordinal);
        foreach (var change in settings.Criteria)
        {
            if (!rows.TryGetValue(change.Field, out var row)) continue;
            if (change.Remove) { row.Removed = true; continue; }
            row.Operator = CriteriaCatalog.OperatorName(change.Operator);
            row.Values = [.. change.Values];
        }
        SettingsDropped = settings.Dropped;
    }

    /// <summary>« Enregistrer comme modèle »: the form as it stands, under a name (the same name replaces it).</summary>
    public async Task<IActionResult> OnPostModeleAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return this.NotFoundPage();
        if (Owner is not { } owner) return this.NotFoundPage();
        var form = await Request.ReadFormAsync(ct);
        FormKey = Guid.NewGuid().ToString("N");
        var parameters = ActivityForm.ReadParameters(form, Parameters);
        var changes = ActivityForm.ReadCriteria(form, DefinitionCriteria, Tree);
        Presets = await presets.ListAsync(owner, Published.Definition.Id, ct);
        PresetName = (form[PresetNameField].LastOrDefault() ?? "").Trim();
        PresetError = RunPresetStore.NameError(PresetName) ?? await presets.RoomErrorAsync(owner, Published.Definition.Id, PresetName, ct);
        if (PresetError is not null || CriteriaHaveErrors)
        {
            if (PresetError is not null) Errors.Add(new FormError(PresetInputId, PresetError, null));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var caller = HttpContext.GetCaller();
        var preset = await presets.SaveAsync(owner, Published.Definition.Id, PresetName, Session?.Session.Code ?? "", parameters, changes, caller.Login, ct);
        await audit.RecordAsync(caller, AuditPresetSaved, $"modele:{preset.Id}", $"{Published.Definition.Id} « {preset.Name} »", ct);
        PresetNotice = $"Modèle « {preset.Name} » enregistré.";
        return Redirect($"/activites/{Uri.EscapeDataString(id)}?modele={Uri.EscapeDataString(preset.Id)}");
    }

    public async Task<IActionResult> OnPostSupprimerModeleAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return this.NotFoundPage();
        if (Owner is not { } owner) return this.NotFoundPage();
        var form = await Request.ReadFormAsync(ct);
        var presetId = form[PresetIdField].LastOrDefault() ?? "";
        if (await presets.GetAsync(presetId, owner, ct) is not { } preset) return this.NotFoundPage();
        await presets.DeleteAsync(preset.Id, owner, ct);
        await audit.RecordAsync(HttpContext.GetCaller(), AuditPresetDeleted, $"modele:{preset.Id}", $"{Published.Definition.Id} « {preset.Name} »", ct);
        PresetNotice = $"Modèle « {preset.Name} » supprimé.";
        return Redirect($"/activites/{Uri.EscapeDataString(id)}");
    }

    public const string PresetInputId = "nom-modele";

    /// <summary>The link « Relancer » of a past run: its activity's form, filled with its settings.</summary>
    public static string RelaunchUrl(RunRecord run) => $"/activites/{Uri.EscapeDataString(run.DefinitionId)}?relancer={Uri.EscapeDataString(run.Id)}";
}
