using System.Threading.RateLimiting;
using CfgResults.Engine.Publishing;
using CfgResults.Host.Setup;
using Microsoft.Extensions.Options;

namespace CfgResults.Host.Pages.Verification;

/// <summary>
/// The public verification page's services: the code store, and the rate limiter (per client address, fixed
/// window of one minute, CfgResults:VerificationRequestsPerMinute, default 20) that makes guessing codes hopeless.
/// </summary>
public static class VerificationSetup
{
    public const string Policy = "verification";
    public const int DefaultRequestsPerMinute = 20;

    public static WebApplicationBuilder AddVerification(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.HttpContext.Response.WriteAsync("Trop de vérifications depuis votre adresse : réessayez dans une minute.", ct);
            };
            options.AddPolicy(Policy, http =>
            {
                int perMinute = http.RequestServices.GetRequiredService<IConfiguration>().GetValue($"{CfgResultsOptions.Section}:VerificationRequestsPerMinute", DefaultRequestsPerMinute);
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "inconnue", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                });
            });
        });
        return builder;
    }

    public static WebApplication UseVerification(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }
}
