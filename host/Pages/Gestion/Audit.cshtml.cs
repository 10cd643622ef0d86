using CfgResults.Engine.Accounts;
using CfgResults.Engine.Running;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>
/// The audit log, newest first, filtered by action, actor, user (login), school (UAI) and day (Europe/Paris), 50 lines a page.
/// (The query parameter is `p`: `page` is the route value Razor Pages reserve for the page itself.)
/// The store lists with a limit only, so page n reads n × 50 + 1 lines (at most <see cref="AuditLog.MaxListLimit"/>):
/// enough for the log's use here; a keyset parameter in AuditLog would lift the bound (see the report).
/// </summary>
[Authorize(Policy = AuthPolicies.Manager)]
public sealed class AuditModel(AuditLog audit) : PageModel
{
    public const int PageSize = 50;
    public static int MaxPage => AuditLog.MaxListLimit / PageSize - 1;

    /// <summary>Action codes offered in the filter's list (free text is accepted too).</summary>
    public static IReadOnlyList<string> KnownActions => AuditActions.All;

    [BindProperty(SupportsGet = true, Name = "action")] public string? ActionFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "acteur")] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true, Name = "date")] public string? Day { get; set; }
    [BindProperty(SupportsGet = true, Name = "utilisateur")] public string? UserFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "etablissement")] public string? School { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public bool HasNext { get; private set; }
    public string? DateError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Clamp(PageNumber, 1, MaxPage);
        DateTimeOffset? from = null, to = null;
        if (!string.IsNullOrWhiteSpace(Day))
        {
            if (ParisDates.TryParseDate(Day, out var date))
            {
                from = ParisTime.ToInstant(date.ToDateTime(TimeOnly.MinValue));
                to = ParisTime.ToInstant(date.AddDays(1).ToDateTime(TimeOnly.MinValue));
            }
            else DateError = "Indiquez le jour sous la forme JJ/MM/AAAA, par exemple 19/06/2026.";
        }
        if (DateError is not null) return;
        var filter = new AuditFilter(Actor: Blank(Actor), Action: Blank(ActionFilter), From: from, To: to,
            User: Blank(UserFilter)?.ToLowerInvariant(), School: Blank(School));
        var all = await audit.ListAsync(filter, Math.Min(AuditLog.MaxListLimit, PageNumber * PageSize + 1), ct);
        Entries = all.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        HasNext = all.Count > PageNumber * PageSize;
    }

    public string PageUrl(int page) => "/gestion/audit" + QueryString.Create(new Dictionary<string, string?>
    {
        ["action"] = Blank(ActionFilter), ["acteur"] = Blank(Actor), ["date"] = Blank(Day),
        ["utilisateur"] = Blank(UserFilter), ["etablissement"] = Blank(School), ["p"] = page.ToString(),
    }.Where(p => p.Value is not null)).ToUriComponent();

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
