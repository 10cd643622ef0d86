using CfgResults.Engine.Hosting;
using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Releves;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Candidat;

/// <summary>The candidate's document space (« Mes documents »): their own published transcripts, session by session.</summary>
[Authorize(Policy = AuthPolicies.Candidate)]
public sealed class IndexModel(CfgResultsEngine engine) : PageModel
{
    public sealed record SessionDocuments(string Label, DocumentList Documents)
    {
        /// <summary>Result and total once the candidates' publication service is open (issue 13 item 9).</summary>
        public CandidateOwnResult? Summary { get; init; }
    }

    /// <summary>« Bonjour Chloé BÉNARD » rather than the login.</summary>
    public string? Greeting { get; private set; }

    public string CandidateNumber { get; private set; } = "";
    public List<SessionDocuments> Sessions { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        CandidateNumber = caller.CandidateNumber!;
        ViewData["Title"] = "Mes documents";
        ViewData["Breadcrumb"] = new[] { "Mes documents" };
        foreach (var session in await engine.Sessions.ListSessionsAsync(ct))
        {
            // Only the caller's own number is ever asked for; DocumentAccess checks it again.
            var entries = await engine.DocumentAccess.ListAsync(caller, session.Code, CandidateNumber, ct);
            var summary = await CandidateOwnResult.LoadAsync(engine.Database, engine.DocumentAccess, caller, session.Code, ct);
            Greeting ??= summary?.DisplayName;
            if (entries.Count > 0) Sessions.Add(new SessionDocuments($"{session.Title} — {session.Label}", new DocumentList(entries, false)) { Summary = summary });
        }
    }
}
