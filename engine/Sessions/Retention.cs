using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Sessions;

/// <summary>
/// How long session data and logs are kept (docs/DOMAIN.md « Retention »). The académie's data-protection officer
/// sets the durations; the defaults follow the texts: OCEAN (arrêté du 22 avril 2013, art. 6) keeps a session's
/// data until the results of the next session are proclaimed; access and audit logs are kept one year.
/// </summary>
public sealed record RetentionPolicy
{
    /// <summary>OCEAN art. 6: a session is past its retention once a later session of the same exam has proclaimed its results.</summary>
    public bool UntilNextSessionResults { get; init; } = true;

    /// <summary>Also past its retention so many years after its last window closed (e.g. 6, by analogy with the arrêté du 1er juin 2023); null: not used.</summary>
    public int? YearsAfterSessionEnd { get; init; }

    /// <summary>Access and audit log entries older than this are deleted.</summary>
    public int AuditLogDays { get; init; } = 365;

    public static readonly RetentionPolicy Default = new();
}

/// <summary>Whether a session is past its retention, and why, in words a manager reads.</summary>
public sealed record RetentionVerdict(SessionEntry Session, bool Expired, string Reason);

public static class Retention
{
    /// <summary>
    /// Each session's verdict at <paramref name="now"/>. The results of a session are taken as proclaimed when one
    /// of its publication windows (to schools or to candidates) has opened. Never deletes anything: the manager's
    /// sessions page proposes the purge, which the manager confirms.
    /// </summary>
    public static IReadOnlyList<RetentionVerdict> Evaluate(IReadOnlyList<SessionEntry> sessions, RetentionPolicy policy, DateTimeOffset now)
    {
        var local = ParisTime.ToLocal(now);
        var verdicts = new List<RetentionVerdict>();
        foreach (var s in sessions)
        {
            string? reason = null;
            if (policy.UntilNextSessionResults)
            {
                var proclaimed = sessions
                    .Where(l => l.Domain == s.Domain && l.StartsAt > s.StartsAt)
                    .Select(l => (Session: l, At: Proclaimed(l, local)))
                    .Where(x => x.At is not null)
                    .OrderBy(x => x.At)
                    .FirstOrDefault();
                if (proclaimed.Session is not null)
                    reason = $"résultats de la session suivante {proclaimed.Session.Code} proclamés le {Format(proclaimed.At!.Value)} "
                        + "(conservation jusqu'à la proclamation des résultats de la session suivante, arrêté du 22 avril 2013, art. 6)";
            }
            if (reason is null && policy.YearsAfterSessionEnd is { } years && s.Windows.Count > 0)
            {
                var end = s.Windows.Max(w => w.Closes);
                if (end.AddYears(years) <= local)
                    reason = $"dernière fenêtre fermée le {Format(end)}, il y a plus de {years} an(s)";
            }
            verdicts.Add(new RetentionVerdict(s, reason is not null, reason ?? "dans sa durée de conservation"));
        }
        return verdicts;
    }

    static DateTime? Proclaimed(SessionEntry s, DateTime local) =>
        s.Windows.Where(w => w.Service is ServiceKind.SchoolPublication or ServiceKind.CandidatePublication && w.Opens <= local)
            .Select(w => (DateTime?)w.Opens).Min();

    static string Format(DateTime local) => local.ToString("dd/MM/yyyy", French.Culture);
}
