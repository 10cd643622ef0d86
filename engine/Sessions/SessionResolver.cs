using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;

namespace CfgResults.Engine.Sessions;

/// <summary>
/// The session a page, an API call or a command shows. <see cref="Current"/> is null when the caller has no session
/// at all, or asked for one they have no data in (<see cref="Unknown"/>: answered like an unknown code).
/// </summary>
/// <param name="Offered">What the selector lists: the caller's sessions, newest first, archived ones only when asked
/// (the current one always, even archived).</param>
/// <param name="Requested">The code asked for (`?session=`, `--session`), null for the default.</param>
/// <param name="HasArchived">The caller has archived sessions not listed in <paramref name="Offered"/>.</param>
public sealed record SessionChoice(SessionEntry? Current, IReadOnlyList<SessionEntry> Offered, string? Requested, bool Unknown, bool HasArchived)
{
    public string? Code => Current?.Code;

    /// <summary>The default was used while the caller has other sessions: a command says which one it took.</summary>
    public bool DefaultAmongSeveral => Requested is null && Current is not null && Offered.Count > 1;
}

/// <summary>
/// One rule for every page, API route and command: which sessions a caller has data in (a school: where it has
/// registered students or was an exam centre; a candidate: their candidacies; the exam manager: all), and which
/// one is shown when none is asked for: the session in progress, that is the latest one (by its first window) that is
/// not closed and whose windows are not all closed, else the latest one not archived, else the latest one.
/// </summary>
public sealed class SessionResolver(SessionCatalog catalog, TimeProvider clock)
{
    public SessionResolver(SessionStore sessions, TimeProvider clock) : this(new SessionCatalog(sessions.Database), clock) { }

    /// <summary>The caller's sessions, newest first, archived ones included.</summary>
    public async Task<IReadOnlyList<SessionEntry>> ListForAsync(Caller caller, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var all = await catalog.ListAsync(false, ct);
        IReadOnlySet<string>? mine = caller.Role switch
        {
            CallerRole.School => await catalog.CodesForSchoolAsync(caller.Uai!, ct),
            CallerRole.Candidate => await catalog.CodesForCandidateAsync(caller.CandidateNumber!, ct),
            _ => null,
        };
        return mine is null ? all : all.Where(s => mine.Contains(s.Code)).ToList();
    }

    /// <summary>The session to show for <paramref name="requested"/> (blank: the default), with what the selector offers.</summary>
    public async Task<SessionChoice> ChooseAsync(Caller caller, string? requested, bool showArchived = false, CancellationToken ct = default)
    {
        requested = string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        var mine = await ListForAsync(caller, ct);
        var current = requested is null ? Default(mine) : mine.FirstOrDefault(s => s.Code == requested);
        var offered = mine.Where(s => showArchived || !s.IsArchived || s == current).ToList();
        return new SessionChoice(current, offered, requested, requested is not null && current is null, offered.Count < mine.Count);
    }

    /// <summary>The default session's code for this caller; null when they have none.</summary>
    public async Task<string?> DefaultCodeAsync(Caller caller, CancellationToken ct = default) => Default(await ListForAsync(caller, ct))?.Code;

    SessionEntry? Default(IReadOnlyList<SessionEntry> newestFirst)
    {
        var now = Domain.ParisTime.ToLocal(clock.GetUtcNow());
        return newestFirst.FirstOrDefault(s => s.Status == SessionStatus.Open && (s.Windows.Count == 0 || s.Windows.Any(w => w.Closes > now)))
            ?? newestFirst.FirstOrDefault(s => !s.IsArchived)
            ?? newestFirst.FirstOrDefault();
    }
}
