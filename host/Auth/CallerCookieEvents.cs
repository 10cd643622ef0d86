using CfgResults.Engine.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CfgResults.Host.Auth;

/// <summary>
/// Sign-in cookie events: every request re-checks the account and its server-side session (a disabled account, a changed
/// password or a sign-out on any host ends the session at once, not when the cookie expires), API calls get 401/403 rather than a redirect
/// to a page, and a refusal for the wrong role is written to the audit log.
/// </summary>
internal sealed class CallerCookieEvents(UserStore users, AuditLog audit, UserSessions sessions) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var caller = context.Principal.TryGetCaller();
        var stamp = context.Principal?.FindFirst(CallerClaims.SecurityStamp)?.Value;
        var account = caller is null ? null : await users.FindAsync(caller.Login, context.HttpContext.RequestAborted);
        var sid = context.Principal?.FindFirst(CallerClaims.SessionId)?.Value;
        if (account is null || account.Disabled || account.SecurityStamp != stamp || account.ToCaller() != caller
            || !await sessions.IsActiveAsync(sid, account.Login, AccountsExtensions.SessionIdleTimeout, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (!IsApi(context.Request)) return base.RedirectToLogin(context);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    public override async Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        var caller = context.HttpContext.TryGetCaller();
        await audit.RecordAsync(caller is null ? "anonyme" : AuditLog.ActorOf(caller), AuditActions.AccessDenied,
            context.Request.Path.Value ?? "", $"méthode={context.Request.Method}", context.HttpContext.RequestAborted);
        if (!IsApi(context.Request))
        {
            await base.RedirectToAccessDenied(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");
}
