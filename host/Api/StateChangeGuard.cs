using CfgResults.Engine.Accounts;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Antiforgery;

namespace CfgResults.Host.Api;

/// <summary>
/// SECURITY.md row 3 for the API. Every call that may change state (any method but GET, HEAD, OPTIONS, TRACE)
/// must come from this site and carry the antiforgery token: a foreign <c>Origin</c> (or a browser's
/// <c>Sec-Fetch-Site: cross-site</c>) is refused with 403, a missing or wrong <c>X-CSRF-TOKEN</c> with 400,
/// before the handler runs. The sign-in cookie is SameSite=Strict already; this holds even where a browser
/// or a proxy does not honour that. The antiforgery middleware checks only endpoints that bind forms, so
/// JSON endpoints are checked here with <see cref="IAntiforgery.ValidateRequestAsync"/>.
/// </summary>
internal sealed class StateChangeGuard(IAntiforgery antiforgery, AuditLog audit) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            return await next(context);

        if (!ComesFromThisSite(http.Request))
        {
            await RecordAsync(http, $"origine étrangère : {http.Request.Headers.Origin}; sec-fetch-site={http.Request.Headers["Sec-Fetch-Site"]}");
            return TypedResults.Json(ReponseErreurs.Une(ApiErrorCodes.ForeignOrigin, "", ApiErrorCodes.ForeignOriginMessage), statusCode: StatusCodes.Status403Forbidden);
        }
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            await RecordAsync(http, "jeton anti-falsification absent ou invalide");
            return TypedResults.BadRequest(ReponseErreurs.Une(ApiErrorCodes.AntiforgeryMissing, AccountsExtensions.AntiforgeryHeaderName, ApiErrorCodes.AntiforgeryMessage));
        }
        return await next(context);
    }

    /// <summary>
    /// No <c>Origin</c> (a script or the command line, not a browser's cross-site form) is accepted: the token
    /// is still required. An <c>Origin</c> must be this very scheme, host and port; « null » is foreign.
    /// </summary>
    internal static bool ComesFromThisSite(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite is "cross-site" or "same-site") return false;
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin)) return true;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || o.AbsolutePath != "/" || !string.IsNullOrEmpty(o.Query)) return false;
        var own = $"{request.Scheme}://{request.Host.Value}";
        return Uri.TryCreate(own, UriKind.Absolute, out var self)
            && string.Equals(o.Scheme, self.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(o.Host, self.Host, StringComparison.OrdinalIgnoreCase)
            && o.Port == self.Port;
    }

    Task RecordAsync(HttpContext http, string details)
    {
        var caller = http.TryGetCaller();
        return audit.RecordAsync(caller is null ? "anonyme" : AuditLog.ActorOf(caller), AuditActions.AccessDenied,
            http.Request.Path.Value ?? "", $"méthode={http.Request.Method}; {details}", http.RequestAborted);
    }
}
