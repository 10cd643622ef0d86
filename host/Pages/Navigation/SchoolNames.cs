using CfgResults.Engine.Data;

namespace CfgResults.Host.Pages.Navigation;

/// <summary>
/// The name a school account shows in the header (`CLG FRANCO ALLEMAND – BUC (0783546F)`), from the newest
/// session that has the school, kept for a minute so that a page does not read the session on every request.
/// </summary>
public sealed class SchoolNames(SessionCatalog catalog, SessionStore sessions, TimeProvider clock)
{
    static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    volatile Snapshot? current;

    sealed record Snapshot(DateTimeOffset LoadedAt, IReadOnlyDictionary<string, string> Names);

    public async ValueTask<string?> DisplayAsync(string uai, CancellationToken ct = default)
    {
        var snapshot = current;
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > Lifetime)
        {
            // Newest session first: a school keeps its latest name, and one that is only in an earlier session still has one.
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var session in await catalog.ListAsync(false, ct))
                if (await sessions.LoadContextAsync(session.Code, ct) is { } context)
                    foreach (var school in context.Schools) names.TryAdd(school.Uai, school.DisplayWithUai);
            snapshot = new Snapshot(clock.GetUtcNow(), names);
            current = snapshot;
        }
        return snapshot.Names.TryGetValue(uai, out var name) ? name : null;
    }
}
