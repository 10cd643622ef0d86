using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Navigation;
using CfgResults.Host.Pages.Releves;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CfgResults.Engine.Data;
using CfgResults.Engine.Sessions;

namespace CfgResults.Host.Pages.Candidat;

/// <summary>
/// The candidate's document space (« Mes documents »): their own published transcripts, grouped by session, newest
/// session first; a version a later one replaced says so. `?session=CODE` shows one session only. Documents kept
/// from a purged session are listed last, under the label the purge record kept.
/// </summary>
[Authorize(Policy = AuthPolicies.Candidate)]
public sealed class IndexModel(SessionCatalog catalog, SessionResolver resolver, DocumentAccess access, CandidateOwnResults ownResults) : PageModel
{
    public sealed record SessionDocuments(string Code, string Label, DocumentList Documents)
    {
        /// <summary>Result and total once the candidates' publication service is open.</summary>
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
        var choice = await this.ChooseSessionAsync(resolver, ct);
        var all = Request.Query.ContainsKey(SessionPages.QueryName) ? null : await catalog.CodesForCandidateAsync(CandidateNumber, ct);
        if (all is not null) ViewData.Remove("SessionChoice"); // every session is shown: the title names none
        var listed = all is null ? choice.Current is { } one ? [one] : [] : await resolver.ListForAsync(caller, ct);
        var purged = all is null ? [] : (await catalog.ListPurgesAsync(ct)).Where(p => all.Contains(p.Code) && listed.All(s => s.Code != p.Code))
            .GroupBy(p => p.Code).Select(g => (g.Key, $"{g.First().Label} (session purgée)"));
        foreach (var (code, label) in listed.Select(s => (s.Code, s.Display)).Concat(purged))
        {
            // Only the caller's own number is ever asked for; DocumentAccess checks it again.
            var entries = await access.ListAsync(caller, code, CandidateNumber, ct);
            var summary = await ownResults.LoadAsync(caller, code, ct);
            Greeting ??= summary?.DisplayName;
            if (entries.Count > 0) Sessions.Add(new SessionDocuments(code, label, new DocumentList(entries, false)) { Summary = summary });
        }
    }
}
