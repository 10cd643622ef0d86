using CfgResults.Engine.Accounts;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Navigation;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages;

/// <summary>Home: the caller's activities as cards. Anonymous visitors are sent to /connexion by the fallback policy.</summary>
public sealed class IndexModel(IMenuProvider menu, HomeHeader header) : PageModel
{
    public Caller Caller { get; private set; } = null!;
    public IReadOnlyList<MenuSection> Sections { get; private set; } = [];

    /// <summary>The school's or the candidate's name rather than a login (issue 13 items 2 and 9).</summary>
    public string? Greeting { get; private set; }

    /// <summary>For a school: each service's state for its own groups (issue 13 item 2).</summary>
    public IReadOnlyList<ServiceStates.State>? Services { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Caller = HttpContext.GetCaller();
        Sections = MenuGroups.Group(await menu.GetEntriesAsync(Caller, ct));
        (Greeting, Services) = await header.LoadAsync(Caller, ct);
    }
}
