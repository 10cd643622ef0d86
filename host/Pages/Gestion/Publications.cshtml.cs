using System.Text.Json;
using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CfgResults.Engine.Running;
using CfgResults.Engine.Accounts;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>Planned transcript publications (the product's own record; Hangfire only fires them), with « Annuler » for those still planned.</summary>
[Authorize(Policy = AuthPolicies.Manager)]
public sealed class PublicationsModel(PlannedPublicationStore plannedPublications, AuditLog audit, IDefinitionSource definitions) : PageModel
{
    public const string LaunchUrl = "/activites/publication-releves";

    public IReadOnlyList<PlannedPublication> Planned { get; private set; } = [];

    [TempData] public string? Success { get; set; }
    public string? Failure { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Planned = await plannedPublications.ListAsync(ct);

    public async Task<IActionResult> OnPostAnnulerAsync(string? id, CancellationToken ct)
    {
        var planned = string.IsNullOrEmpty(id) ? null : await plannedPublications.GetAsync(id, ct);
        if (planned is null) return NotFound();
        if (!await plannedPublications.CancelAsync(planned.Id, ct))
        {
            Failure = $"La publication prévue le {ParisDates.Format(planned.DueAt)} n'est plus planifiée (état : {StateLabel(planned.State)}) : elle ne peut plus être annulée.";
            Planned = await plannedPublications.ListAsync(ct);
            return Page();
        }
        await audit.RecordAsync(HttpContext.GetCaller(), Engine.Accounts.AuditActions.PublicationPlanCancelled, $"publication-planifiee:{planned.Id}",
            $"definition={planned.DefinitionId} session={planned.SessionCode} prevue={ParisDates.Format(planned.DueAt)}", ct);
        Success = $"La publication prévue le {ParisDates.Format(planned.DueAt)} est annulée.";
        return RedirectToPage();
    }

    public static string StateLabel(PlannedState state) => state switch
    {
        PlannedState.Planned => "Planifiée",
        PlannedState.Running => "En cours",
        PlannedState.Done => "Terminée",
        PlannedState.Failed => "En échec",
        PlannedState.Cancelled => "Annulée",
        _ => state.ToString(),
    };

    /// <summary>The parameters as the manager typed them, under their labels: « Disponible à partir du : 19/06/2026 08:00 ».</summary>
    public IReadOnlyList<(string Label, string Value)> ParametersOf(PlannedPublication p)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(p.Parameters) ?? [];
        var parameters = definitions.Get(p.DefinitionId)?.Definition.Parameters ?? [];
        return values.Where(v => !string.IsNullOrWhiteSpace(v.Value))
            .Select(v => (parameters.FirstOrDefault(d => d.Id == v.Key)?.Label ?? v.Key, v.Value, Order: parameters.ToList().FindIndex(d => d.Id == v.Key)))
            .OrderBy(v => v.Order).Select(v => (v.Item1, v.Value)).ToList();
    }
}
