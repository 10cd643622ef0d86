using CfgResults.Engine.Accounts;
using CfgResults.Host.Api;
using CfgResults.Host.Auth;

namespace CfgResults.Host.Security;

/// <summary>
/// SECURITY.md row 3 for pages: a form post (any method but GET, HEAD, OPTIONS, TRACE) outside <c>/api</c> must come
/// from this site, as the API's calls must (<see cref="StateChangeGuard"/>): a foreign <c>Origin</c> or a browser's
/// <c>Sec-Fetch-Site: cross-site</c> is refused with 403 (the French error page) and audited, even with a valid
/// antiforgery token.
/// </summary>
public sealed class FormOriginGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, AuditLog audit)
    {
        var request = http.Request;
        var method = request.Method;
        // The error page re-executed for a refusal keeps the refused request's method and headers: it changes nothing.
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
            || request.Path.StartsWithSegments(ApiSetup.Prefix) || HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
            || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method) || StateChangeGuard.ComesFromThisSite(request))
        {
            await next(http);
            return;
        }
        var caller = http.TryGetCaller();
        await audit.RecordAsync(caller is null ? "anonyme" : AuditLog.ActorOf(caller), AuditActions.AccessDenied, request.Path.Value ?? "",
            $"méthode={method}; origine étrangère : {request.Headers.Origin}; sec-fetch-site={request.Headers["Sec-Fetch-Site"]}", http.RequestAborted);
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}

public static class FormOriginGuardExtensions
{
    public static IApplicationBuilder UseFormOriginGuard(this IApplicationBuilder app) => app.UseMiddleware<FormOriginGuardMiddleware>();
}
