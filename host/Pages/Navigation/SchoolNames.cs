using CfgResults.Engine.Hosting;

namespace CfgResults.Host.Pages.Navigation;

/// <summary>
/// The name a school account shows in the header (`CLG FRANCO ALLEMAND – BUC (0783546F)`), from the latest
/// session, kept for a minute so that a page does not read the session on every request.
/// </summary>
public sealed class SchoolNames(CfgResultsEngine engine, TimeProvider clock)
{
    static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    volatile Snapshot? current;

    sealed record Snapshot(DateTimeOffset LoadedAt, IReadOnlyDictionary<string, string> Names);

    public async ValueTask<string?> DisplayAsync(string uai, CancellationToken ct = default)
    {
        var snapshot = current;
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > Lifetime)
        {
            var code = await engine.Sessions.LatestSessionCodeAsync(ct);
            var context = code is null ? null : await engine.Sessions.LoadContextAsync(code, ct);
            snapshot = new Snapshot(clock.GetUtcNow(),
                context?.Schools.ToDictionary(s => s.Uai, s => s.DisplayWithUai, StringComparer.Ordinal) ?? new Dictionary<string, string>());
            current = snapshot;
        }
        return snapshot.Names.TryGetValue(uai, out var name) ? name : null;
    }
}
