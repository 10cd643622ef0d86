using CfgResults.Engine.Hosting;
using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Navigation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Editions;

/// <summary>« Mes éditions »: the caller's own runs, newest first (the list is read by caller, so nothing of another school appears).</summary>
public sealed class IndexModel(CfgResultsEngine engine) : PageModel
{
    public const int Limit = 100;

    public IReadOnlyList<RunView> Runs { get; private set; } = [];
    public PlannedPublication? Planned { get; private set; }
    public bool AutoRefresh { get; private set; }

    [FromQuery(Name = "actualiser")] public string? Refresh { get; set; }
    [FromQuery(Name = "planifiee")] public string? PlannedId { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        var session = (await this.ChooseSessionAsync(engine, ct)).Code;
        Runs = (session is null ? await engine.Runs.ListByCallerAsync(caller.ToString(), Limit, ct)
            : await engine.Runs.ListByCallerAsync(caller.ToString(), session, Limit, ct)).Select(r => RunView.Of(r, engine)).ToList();
        if (PlannedId is { Length: > 0 } id && await engine.Planned.GetAsync(id, ct) is { } planned && planned.Caller == caller.ToString())
            Planned = planned;
        AutoRefresh = Refresh != "non" && Runs.Any(r => !r.Finished);
        // Reloaded every 2 s while a run is under way, without script (the `Refresh` header is what
        // <meta http-equiv="refresh"> stands for; the layout's <head> is not ours). The page offers a link to stop it (RGAA 13.1).
        if (AutoRefresh) Response.Headers["Refresh"] = "2";
    }
}
