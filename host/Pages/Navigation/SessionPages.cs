using CfgResults.Engine.Sessions;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace CfgResults.Host.Pages.Navigation;

/// <summary>
/// The session a page shows: `?session=CODE` when given (a link or a bookmark keeps it), else the session in
/// progress for the caller (<see cref="SessionResolver"/>); `?archivees=1` lists archived sessions in the selector.
/// The choice goes to the layout, which names the session in the title and the breadcrumb and shows the selector.
/// </summary>
public static class SessionPages
{
    public const string QueryName = "session";
    public const string ArchivedQueryName = "archivees";
    const string ViewDataKey = "SessionChoice";

    public static async Task<SessionChoice> ChooseSessionAsync(this PageModel page, SessionResolver resolver, CancellationToken ct)
    {
        var query = page.Request.Query;
        var choice = await resolver.ChooseAsync(page.HttpContext.GetCaller(), query[QueryName].LastOrDefault(),
            query[ArchivedQueryName].LastOrDefault() == "1", ct);
        page.ViewData[ViewDataKey] = choice;
        return choice;
    }

    public static SessionChoice? Choice(ViewDataDictionary viewData) => viewData[ViewDataKey] as SessionChoice;

    /// <summary>`/releves/01843006787?session=CFG-2026-06`: the session is kept when it was chosen, left out for the default.</summary>
    public static string Keep(string url, SessionChoice? choice)
    {
        if (choice?.Requested is null || choice.Code is null) return url;
        return url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + QueryName + "=" + Uri.EscapeDataString(choice.Code);
    }

    /// <summary>`/releves/01843006787?session=CFG-2026-06`, always with the session (a link to one session's data).</summary>
    public static string For(string url, string sessionCode) =>
        url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + QueryName + "=" + Uri.EscapeDataString(sessionCode);
}
