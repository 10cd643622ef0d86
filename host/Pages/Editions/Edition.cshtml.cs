using CfgResults.Engine.Accounts;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CfgResults.Engine.Running;

namespace CfgResults.Host.Pages.Editions;

/// <summary>
/// One run of the caller: state, progress (reloaded every 2 s while it runs), message, download, and a button to
/// stop it while it runs. Another caller's run answers 404.
/// </summary>
public sealed class EditionModel(RunStore runs, AuditLog audit, IDefinitionSource definitions) : PageModel
{
    public RunView Run { get; private set; } = null!;
    public bool AutoRefresh { get; private set; }

    [FromQuery(Name = "actualiser")] public string? Refresh { get; set; }

    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        if (await runs.GetAsync(id, ct) is not { } run || run.Caller != caller.ToString()) return this.NotFoundPage();
        Run = RunView.Of(run, definitions);
        AutoRefresh = !Run.Finished && Refresh != "non";
        if (AutoRefresh) Response.Headers["Refresh"] = "2";
        return Page();
    }

    /// <summary>« Annuler l'édition »: the runner sees the request within a second and ends the run « Annulée ».</summary>
    public async Task<IActionResult> OnPostAnnulerAsync(string id, CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        if (await runs.GetAsync(id, ct) is not { } run || run.Caller != caller.ToString()) return this.NotFoundPage();
        if (await runs.RequestCancelAsync(run.Id, ct))
        {
            await audit.RecordAsync(caller, AuditActions.RunCancelRequested, $"edition:{run.Id}", null, ct);
            Notice = "Annulation demandée : l'édition s'arrête dans quelques secondes.";
        }
        else Notice = "Cette édition est déjà terminée : il n'y a plus rien à annuler.";
        return RedirectToPage(new { id });
    }
}
