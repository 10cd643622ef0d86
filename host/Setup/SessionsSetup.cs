using CfgResults.Engine.Sessions;
using Microsoft.Extensions.Options;
using CfgResults.Engine.Data;

namespace CfgResults.Host.Setup;

/// <summary>
/// Retention (section `CfgResults:Retention`; docs/DOMAIN.md « Retention »). The durations are the académie's
/// data-protection officer's call; the defaults follow the texts.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "CfgResults:Retention";

    /// <summary>OCEAN (arrêté du 22 avril 2013, art. 6): session data kept until the results of the next session are proclaimed.</summary>
    public bool UntilNextSessionResults { get; set; } = true;

    /// <summary>Also past retention so many years after the session's last window closed; empty: not used.</summary>
    public int? YearsAfterSessionEnd { get; set; }

    /// <summary>Access and audit logs: days kept (one year by default).</summary>
    public int AuditLogDays { get; set; } = 365;

    public RetentionPolicy Policy => new()
    {
        UntilNextSessionResults = UntilNextSessionResults, YearsAfterSessionEnd = YearsAfterSessionEnd, AuditLogDays = AuditLogDays,
    };
}

public static class SessionsSetup
{
    /// <summary>Retention options, and the daily deletion of audit entries older than their retention.</summary>
    public static WebApplicationBuilder AddSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section)
            .Validate(o => o.AuditLogDays is >= 1 and <= 3650, "CfgResults:Retention:AuditLogDays doit être entre 1 et 3650")
            .Validate(o => o.YearsAfterSessionEnd is null or (>= 1 and <= 50), "CfgResults:Retention:YearsAfterSessionEnd doit être entre 1 et 50")
            .ValidateOnStart();
        builder.Services.AddHostedService<AuditRetentionService>();
        return builder;
    }

    /// <summary>Once at start, then every day: audit entries older than <see cref="RetentionOptions.AuditLogDays"/> are deleted.</summary>
    sealed class AuditRetentionService(SessionCatalog catalog, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<AuditRetentionService> log)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromDays(1), clock);
            do
            {
                var before = clock.GetUtcNow().AddDays(-options.Value.AuditLogDays);
                var removed = await catalog.PruneAuditAsync(before, stoppingToken);
                if (removed > 0) log.LogInformation("Journal d'audit : {Count} entrée(s) de plus de {Days} jours supprimée(s).", removed, options.Value.AuditLogDays);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
    }
}
