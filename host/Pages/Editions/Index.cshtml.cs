using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Navigation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CfgResults.Engine.Running;
using CfgResults.Engine.Sessions;

namespace CfgResults.Host.Pages.Editions;

/// <summary>« Mes éditions »: the caller's own runs, newest first (the list is read by caller, so nothing of another school appears).</summary>
public sealed class IndexModel(Runner runner, RunStore runs, PlannedPublicationStore plannedPublications, SessionResolver resolver, IDefinitionSource definitions) : PageModel
{
    public const int Limit = 100;

    public IReadOnlyList<RunView> Runs { get; private set; } = [];
    public PlannedPublication? Planned { get; private set; }
    public bool AutoRefresh { get; private set; }

    /// <summary>Runs whose file was removed (kept <see cref="Engine.Running.RunQuotaOptions.FileRetention"/>), with when.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Expired { get; private set; } = new Dictionary<string, DateTimeOffset>();

    public TimeSpan Retention => runner.Quota?.Options.FileRetention ?? TimeSpan.Zero;

    /// <summary>« conservé jusqu'au 20/07/2026 » for a kept file, « supprimé le … » for an expired one (Paris dates).</summary>
    public string? FileNote(RunView r)
    {
        static string Day(DateTimeOffset t) => Engine.Domain.ParisTime.ToLocal(t).ToString("dd/MM/yyyy", Engine.Domain.French.Culture);
        if (Expired.TryGetValue(r.Run.Id, out var at)) return $"Fichier supprimé le {Day(at)} (conservation : {Retention.TotalDays:0} jours)";
        return r.HasFile && Retention > TimeSpan.Zero && r.Run.EndedAt is { } ended ? $"conservé jusqu'au {Day(ended + Retention)}" : null;
    }

    [FromQuery(Name = "actualiser")] public string? Refresh { get; set; }
    [FromQuery(Name = "planifiee")] public string? PlannedId { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        if (runner.Quota is { } quota) await quota.ExpireFilesAsync(caller, ct);
        var session = (await this.ChooseSessionAsync(resolver, ct)).Code;
        Runs = (session is null ? await runs.ListByCallerAsync(caller.ToString(), Limit, ct)
            : await runs.ListByCallerAsync(caller.ToString(), session, Limit, ct)).Select(r => RunView.Of(r, definitions)).ToList();
        if (runner.Quota is { } q) Expired = await q.ExpiredAsync(Runs.Select(r => r.Run.Id).ToList(), ct);
        if (PlannedId is { Length: > 0 } id && await plannedPublications.GetAsync(id, ct) is { } planned && planned.Caller == caller.ToString())
            Planned = planned;
        AutoRefresh = Refresh != "non" && Runs.Any(r => !r.Finished);
        // Reloaded every 2 s while a run is under way, without script (the `Refresh` header is what
        // <meta http-equiv="refresh"> stands for; the layout's <head> is not ours). The page offers a link to stop it (RGAA 13.1).
        if (AutoRefresh) Response.Headers["Refresh"] = "2";
    }
}
