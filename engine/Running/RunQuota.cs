using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;
using CfgResults.Engine.Publishing;

namespace CfgResults.Engine.Running;

/// <summary>Per-school limits (issue 11).</summary>
public sealed record RunQuotaOptions
{
    /// <summary>
    /// Runs of one school waiting or running at once; one more is refused with a clear message. Kept at or below the
    /// number of job workers, it is also what keeps scheduling fair: a school that floods the queue puts at most this many
    /// runs before another school's, so it delays that school's run by at most one run's time.
    /// </summary>
    public int MaxActiveRunsPerSchool { get; init; } = 3;

    /// <summary>How long a run's file is kept; older files are removed from the file store (the run stays listed).</summary>
    public TimeSpan FileRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Files one school keeps at most; beyond it the oldest are removed first.</summary>
    public int MaxFilesPerSchool { get; init; } = 50;

    public static RunQuotaOptions Default { get; } = new();
}

/// <summary>A per-school limit is reached: nothing was recorded; the message says what to do.</summary>
public sealed class QuotaExceededException(string message) : Exception(message);

/// <summary>
/// Checks a school's limits before a run is recorded (<see cref="Runner.PrepareOnceAsync"/>), and expires the files it keeps:
/// a run's file older than <see cref="RunQuotaOptions.FileRetention"/>, or beyond the school's newest
/// <see cref="RunQuotaOptions.MaxFilesPerSchool"/>, is removed and the run marked (column <c>output_expired_at</c>).
/// </summary>
public sealed class RunQuota(IDatabase database, RunQuotaOptions options, BlobStore? blobs = null, TimeProvider? clock = null)
{
    public RunQuotaOptions Options => options;

    /// <exception cref="QuotaExceededException">The school already has <see cref="RunQuotaOptions.MaxActiveRunsPerSchool"/> runs waiting or running.</exception>
    public async Task CheckAsync(Caller caller, string? idempotencyKey, CancellationToken ct = default)
    {
        if (caller.Role != CallerRole.School) return;
        await using (var connection = await database.OpenAsync(ct))
        {
            // The same request sent again (same key) finds its run: it is not a new one.
            if (idempotencyKey is not null && await RunQueries.CountWithKeyAsync(connection, idempotencyKey, ct) > 0)
                return;
            var active = await RunQueries.CountActiveAsync(connection, caller.ToString(), ct);
            if (active >= options.MaxActiveRunsPerSchool)
                throw new QuotaExceededException(RunMessages.TooManyActiveRuns(options.MaxActiveRunsPerSchool));
        }
        await ExpireFilesAsync(caller, ct);
    }

    /// <summary>Removes the caller's files past their time or beyond its number; returns how many.</summary>
    public async Task<int> ExpireFilesAsync(Caller caller, CancellationToken ct = default)
    {
        if (blobs is null) return 0;
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        var kept = await RunQueries.KeptOutputsAsync(connection, caller.ToString(), ct);
        var expired = kept.Where((r, i) => i >= options.MaxFilesPerSchool || StoreFormat.ParseInstant(r.EndedAt) < now - options.FileRetention).ToList();
        // The run keeps naming its output (the schema fixes it, migration 003); it is marked expired, and the stored
        // content goes once no document version and no kept output names it (migration 010).
        foreach (var run in expired)
            await RunQueries.MarkOutputExpiredAsync(connection, run.Id, StoreFormat.Instant(now), ct);
        await blobs.DeleteUnreferencedAsync(expired.Select(r => r.Sha256).ToList(), ct);
        return expired.Count;
    }

    /// <summary>When each of these runs' file was removed (runs whose file is kept are absent).</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> ExpiredAsync(IReadOnlyCollection<string> runIds, CancellationToken ct = default)
    {
        if (runIds.Count == 0) return new Dictionary<string, DateTimeOffset>();
        await using var connection = await database.OpenAsync(ct);
        var rows = await RunQueries.ExpiredOutputsAsync(connection, runIds.ToList(), ct);
        return rows.ToDictionary(r => r.Id, r => StoreFormat.ParseInstant(r.At));
    }
}
