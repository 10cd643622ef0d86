using Microsoft.Net.Http.Headers;

namespace CfgResults.Host.Security;

/// <summary>
/// Headers on every response (SECURITY.md rows 3 and 9). The policy allows no inline script or style and no
/// framing; pages put their JavaScript and CSS in wwwroot. A component that needs another policy (the
/// Hangfire dashboard uses inline script) sets its own Content-Security-Policy on its responses: a header
/// already set is kept. Responses that say nothing about caching are marked <c>no-store</c>, because pages
/// and downloads hold minors' grades.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static readonly (string Name, string Value)[] Headers =
    [
        (HeaderNames.ContentSecurityPolicy, ContentSecurityPolicy),
        (HeaderNames.XContentTypeOptions, "nosniff"),
        ("Referrer-Policy", "same-origin"),
        (HeaderNames.XFrameOptions, "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ];

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            foreach (var (name, value) in Headers)
                if (!response.Headers.ContainsKey(name)) response.Headers[name] = value;
            if (!response.Headers.ContainsKey(HeaderNames.CacheControl)) response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}

public static class SecurityHeadersExtensions
{
    /// <summary>Call first in the pipeline, so that every response, errors and static files included, has the headers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeadersMiddleware>();
}
