using CfgResults.Engine.Accounts;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages;

/// <summary>Sign-out is a state change, so only a POST with its antiforgery token does it; GET asks for confirmation.</summary>
public sealed class DeconnexionModel(AuditLog audit, UserSessions sessions) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var caller = HttpContext.TryGetCaller();
        // Ended in the store: the cookie, if kept or copied, is refused by every host from now on.
        await sessions.EndAsync(User.FindFirst(CallerClaims.SessionId)?.Value, ct);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (caller is not null)
            await audit.RecordAsync(caller, AuditActions.SignOut, caller.ToString(), null, ct);
        return Redirect($"{AccountsExtensions.SignInPath}?deconnecte=true");
    }
}
