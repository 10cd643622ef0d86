namespace CfgResults.Host.Security;

/// <summary>
/// SECURITY.md row 19 for pages: an error (400, 403, 404, 500…) outside <c>/api</c> is answered by the French
/// page <c>/erreur/{code}</c> inside the layout, with a way back, instead of an empty body that the browser
/// would show as its own English page. An exception is logged and shown as the 500 page, without its trace.
/// </summary>
public static class ErrorPagesExtensions
{
    public const string Path = "/erreur";

    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app) =>
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), b =>
        {
            b.UseExceptionHandler(Path + "/500");
            b.UseStatusCodePagesWithReExecute(Path + "/{0}");
            b.UseMiddleware<PageRefusalAudit>();
        });
}

/// <summary>
/// A page that answers 404 to a signed-in caller (someone else's run or document, a guessed id) is audited as the
/// API's 404s are (SECURITY.md row 1: one answer for « unknown » and « not yours »; the log keeps the attempt).
/// </summary>
internal sealed class PageRefusalAudit(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, Engine.Accounts.AuditLog audit)
    {
        await next(http);
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null) return; // the error page itself
        if (http.Response.StatusCode != StatusCodes.Status404NotFound || Auth.CallerClaims.TryGetCaller(http) is not { } caller) return;
        await audit.RecordAsync(caller, Engine.Accounts.AuditActions.AccessDenied, http.Request.Path.Value ?? "",
            $"méthode={http.Request.Method}; 404 (page)", http.RequestAborted);
    }
}
