using System.Data.Common;
using Dapper;

namespace CfgResults.Engine.Data.Queries;

/// <summary>
/// The <c>publication_batches</c> table (Steps.PublicationBatches): a publication fanned out in batches of schools, each
/// row a batch (schools as a JSON list, state as an enumeration name). Statements as the publication path wrote them.
/// </summary>
internal static class BatchQueries
{
    /// <summary>Candidates per registration school of the session.</summary>
    public static async Task<Dictionary<string, long>> SchoolSizesAsync(DbConnection cn, string sessionCode, CancellationToken ct) =>
        (await cn.QueryAsync<(string School, long Count)>(new CommandDefinition("""
            SELECT c.registration_school, COUNT(*) FROM candidates c JOIN sessions s ON s.id = c.session_id
            WHERE s.code = @code GROUP BY c.registration_school
            """, new { code = sessionCode }, cancellationToken: ct))).ToDictionary(r => r.School, r => r.Count, StringComparer.Ordinal);

    /// <summary>Plans a batch (Pending), unless the run has planned that one already.</summary>
    public static Task<int> PlanAsync(DbConnection cn, DbTransaction tx, string runId, int seq, string schools, string now, CancellationToken ct) =>
        cn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO publication_batches (run_id, seq, schools, state, updated_at) VALUES (@run, @seq, @schools, 'Pending', @now)
            ON CONFLICT (run_id, seq) DO NOTHING
            """, new { run = runId, seq, schools, now }, tx, cancellationToken: ct));

    /// <summary>A run's batches in order, or only batch <paramref name="seq"/> (a job reads its own row, not the whole plan).</summary>
    public static Task<IEnumerable<(long Seq, string Schools, string State, long Candidates, long Written, long Pages, long Attempts, long Undeliberated)>> ListAsync(
        DbConnection cn, string runId, int? seq, CancellationToken ct) =>
        cn.QueryAsync<(long Seq, string Schools, string State, long Candidates, long Written, long Pages, long Attempts, long Undeliberated)>(new CommandDefinition(
            "SELECT seq, schools, state, candidates, written, pages, attempts, undeliberated FROM publication_batches WHERE run_id = @runId" +
            (seq is null ? "" : " AND seq = @seq") + " ORDER BY seq",
            seq is null ? new { runId } : (object)new { runId, seq }, cancellationToken: ct));

    /// <summary>Counts one more attempt of a batch not ended (now Running); the number of attempts.</summary>
    public static async Task<int> CountAttemptAsync(DbConnection cn, string runId, int seq, string now, CancellationToken ct)
    {
        await cn.ExecuteAsync(new CommandDefinition(
            "UPDATE publication_batches SET state = 'Running', attempts = attempts + 1, updated_at = @now WHERE run_id = @runId AND seq = @seq AND state IN ('Pending', 'Running')",
            new { runId, seq, now }, cancellationToken: ct));
        return await cn.ExecuteScalarAsync<int>(new CommandDefinition("SELECT attempts FROM publication_batches WHERE run_id = @runId AND seq = @seq",
            new { runId, seq }, cancellationToken: ct));
    }

    /// <summary>
    /// In the transaction that writes the batch's versions: false when the run's owner asked it to stop, or the batch was
    /// done already; else the batch is marked Done with its counts.
    /// </summary>
    public static async Task<bool> MarkDoneAsync(DbConnection cn, DbTransaction tx, string runId, int seq, long candidates, long written, long pages,
        long undeliberated, string now)
    {
        var cancel = await cn.ExecuteScalarAsync<long>("SELECT cancel_requested FROM runs WHERE id = @RunId", new { RunId = runId }, tx);
        if (cancel != 0) return false;
        return await cn.ExecuteAsync("""
            UPDATE publication_batches SET state = 'Done', candidates = @Candidates, written = @Written, pages = @Pages,
                undeliberated = @Undeliberated, updated_at = @now
            WHERE run_id = @RunId AND seq = @Seq AND state <> 'Done'
            """, new { RunId = runId, Seq = seq, Candidates = candidates, Written = written, Pages = pages, Undeliberated = undeliberated, now }, tx) == 1;
    }

    /// <summary>Ends a batch that is not ended yet (Cancelled, Failed).</summary>
    public static Task<int> SetStateAsync(DbConnection cn, string runId, int seq, string state, string now) =>
        cn.ExecuteAsync("UPDATE publication_batches SET state = @state, updated_at = @now WHERE run_id = @runId AND seq = @seq AND state IN ('Pending', 'Running')",
            new { runId, seq, state, now });

    public static Task<int> CancelPendingAsync(DbConnection cn, string runId, string now) =>
        cn.ExecuteAsync("UPDATE publication_batches SET state = 'Cancelled', updated_at = @now WHERE run_id = @runId AND state IN ('Pending', 'Running')",
            new { runId, now });
}
