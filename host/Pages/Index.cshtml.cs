using CfgResults.Engine.Accounts;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Navigation;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages;

/// <summary>Home: the caller's activities as cards. Anonymous visitors are sent to /connexion by the fallback policy.</summary>
public sealed class IndexModel(IMenuProvider menu) : PageModel
{
    public Caller Caller { get; private set; } = null!;
    public IReadOnlyList<MenuSection> Sections { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Caller = HttpContext.GetCaller();
        Sections = MenuGroups.Group(await menu.GetEntriesAsync(Caller, ct));
    }
}
