using System.Data.Common;
using Dapper;

namespace CfgResults.Engine.Data.Queries;

/// <summary>
/// A row of <c>runs</c> as every reader of the table gets it (state and failure as enumeration names, instants as StoreFormat
/// text); the output path is null once the output expired. Running.RunStore turns it into a RunRecord.
/// </summary>
internal sealed class RunRow
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public long DefinitionVersion { get; set; }
    public string TemplateVersions { get; set; } = "";
    public string SessionCode { get; set; } = "";
    public string Caller { get; set; } = "";
    public string Parameters { get; set; } = "";
    public string Criteria { get; set; } = "";
    public string? IdempotencyKey { get; set; }
    public string State { get; set; } = "";
    public string? Message { get; set; }
    public long ProgressDone { get; set; }
    public long ProgressTotal { get; set; }
    public string CreatedAt { get; set; } = "";
    public string? StartedAt { get; set; }
    public string? EndedAt { get; set; }
    public string? OutputPath { get; set; }
    public string? OutputName { get; set; }
    public string? OutputContentType { get; set; }
    public string? OutputSha256 { get; set; }
    public long? OutputBytes { get; set; }
    public long? RowCount { get; set; }
    public long? PageCount { get; set; }
    public string? Failure { get; set; }
}

/// <summary>How a run ended, as <see cref="RunQueries.CompleteAsync"/> records it (names and instants already as stored).</summary>
internal sealed record RunCompletion(string State, string? Message, string At, string? Path, string? Name, string? ContentType, string? Sha256, long? Bytes,
    long? Rows, int? Pages, string? TemplateVersions, string? Failure);

/// <summary>
/// The <c>runs</c> table (Running.RunStore, Running.RunQuota) and <c>publication_locks</c> (Running.PublicationLocks).
/// A run's state is Pending or Running until it ends; those two names are the unfinished ones.
/// </summary>
internal static class RunQueries
{
    const string Select = """
        SELECT id AS Id, definition_id AS DefinitionId, definition_version AS DefinitionVersion, template_versions AS TemplateVersions,
               session_code AS SessionCode, caller AS Caller, parameters AS Parameters, criteria AS Criteria,
               idempotency_key AS IdempotencyKey, state AS State, message AS Message, progress_done AS ProgressDone,
               progress_total AS ProgressTotal, created_at AS CreatedAt, started_at AS StartedAt, ended_at AS EndedAt,
               CASE WHEN output_expired_at IS NULL THEN output_path END AS OutputPath, output_name AS OutputName, output_content_type AS OutputContentType,
               output_sha256 AS OutputSha256, output_bytes AS OutputBytes, row_count AS RowCount, page_count AS PageCount,
               failure AS Failure
        FROM runs
        """;

    /// <summary>Records a new run (progress 0/0); throws a DbException when its idempotency key is taken.</summary>
    public static Task<int> InsertAsync(DbConnection cn, RunRow run, CancellationToken ct) =>
        cn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO runs (id, definition_id, definition_version, template_versions, session_code, caller, parameters, criteria,
                              idempotency_key, state, message, progress_done, progress_total, created_at)
            VALUES (@Id, @DefinitionId, @DefinitionVersion, @TemplateVersions, @SessionCode, @Caller, @Parameters, @Criteria,
                    @IdempotencyKey, @State, @Message, 0, 0, @CreatedAt)
            """, new
        {
            run.Id, run.DefinitionId, run.DefinitionVersion, run.TemplateVersions, run.SessionCode, run.Caller, run.Parameters,
            run.Criteria, run.IdempotencyKey, run.State, run.Message, run.CreatedAt,
        }, cancellationToken: ct));

    public static Task<int> MarkStartedAsync(DbConnection cn, string id, string state, string at) =>
        cn.ExecuteAsync("UPDATE runs SET state = @s, started_at = @at WHERE id = @id", new { id, s = state, at });

    /// <summary>Rows changed: 0 when the run has already ended.</summary>
    public static Task<int> RequestCancelAsync(DbConnection cn, string id) =>
        cn.ExecuteAsync("UPDATE runs SET cancel_requested = 1 WHERE id = @id AND state IN ('Pending', 'Running')", new { id });

    public static async Task<bool> IsCancelRequestedAsync(DbConnection cn, string id, CancellationToken ct) =>
        await cn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT cancel_requested FROM runs WHERE id = @id", new { id }, cancellationToken: ct)) != 0;

    public static Task<int> ReportProgressAsync(DbConnection cn, string id, long done, long total) =>
        cn.ExecuteAsync("UPDATE runs SET progress_done = @d, progress_total = @t WHERE id = @id", new { id, d = done, t = total });

    /// <summary>Records the end of a run, in the caller's transaction (with its output's content, and the release of its lock).</summary>
    public static Task<int> CompleteAsync(DbConnection cn, DbTransaction tx, string id, RunCompletion end) =>
        cn.ExecuteAsync("""
            UPDATE runs SET state = @state, message = @message, ended_at = @at, output_path = @path, output_name = @name,
                output_content_type = @type, output_sha256 = @sha, output_bytes = @bytes, row_count = @rows, page_count = @pages,
                template_versions = COALESCE(@tv, template_versions), failure = @failure
            WHERE id = @id
            """, new
        {
            id, state = end.State, message = end.Message, at = end.At, path = end.Path, name = end.Name,
            type = end.ContentType, sha = end.Sha256, bytes = end.Bytes, rows = end.Rows, pages = end.Pages, tv = end.TemplateVersions,
            failure = end.Failure,
        }, tx);

    public static Task<RunRow?> GetAsync(DbConnection cn, string id) =>
        cn.QuerySingleOrDefaultAsync<RunRow>(Select + " WHERE id = @id", new { id });

    public static Task<RunRow?> FindByKeyAsync(DbConnection cn, string key) =>
        cn.QuerySingleOrDefaultAsync<RunRow>(Select + " WHERE idempotency_key = @key", new { key });

    /// <summary>Newest first; of one caller, and of one session when given.</summary>
    public static Task<IEnumerable<RunRow>> ListByCallerAsync(DbConnection cn, string caller, string? sessionCode, int limit) =>
        sessionCode is null
            ? cn.QueryAsync<RunRow>(Select + " WHERE caller = @caller ORDER BY created_at DESC, id LIMIT @limit", new { caller, limit })
            : cn.QueryAsync<RunRow>(Select + " WHERE caller = @caller AND session_code = @sessionCode ORDER BY created_at DESC, id LIMIT @limit",
                new { caller, sessionCode, limit });

    public static Task<IEnumerable<RunRow>> ListAsync(DbConnection cn, int limit) =>
        cn.QueryAsync<RunRow>(Select + " ORDER BY created_at DESC, id LIMIT @limit", new { limit });

    /// <summary>Runs left Pending or Running, oldest first.</summary>
    public static Task<IEnumerable<RunRow>> ListUnfinishedAsync(DbConnection cn) =>
        cn.QueryAsync<RunRow>(Select + " WHERE state IN ('Pending', 'Running') ORDER BY created_at");

    // ---- quotas (Running.RunQuota) ----

    public static Task<long> CountWithKeyAsync(DbConnection cn, string key, CancellationToken ct) =>
        cn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM runs WHERE idempotency_key = @Key", new { Key = key }, cancellationToken: ct));

    /// <summary>The caller's runs waiting or running.</summary>
    public static Task<long> CountActiveAsync(DbConnection cn, string caller, CancellationToken ct) =>
        cn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM runs WHERE caller = @Caller AND state IN ('Pending', 'Running')",
            new { Caller = caller }, cancellationToken: ct));

    /// <summary>The caller's ended runs whose output is kept, newest first.</summary>
    public static async Task<IReadOnlyList<(string Id, string Sha256, string EndedAt)>> KeptOutputsAsync(DbConnection cn, string caller, CancellationToken ct) =>
        (await cn.QueryAsync<(string Id, string Sha256, string EndedAt)>(new CommandDefinition(
            "SELECT id, output_sha256, ended_at FROM runs WHERE caller = @Caller AND output_sha256 IS NOT NULL AND output_expired_at IS NULL"
            + " AND ended_at IS NOT NULL ORDER BY ended_at DESC",
            new { Caller = caller }, cancellationToken: ct))).ToList();

    public static Task<int> MarkOutputExpiredAsync(DbConnection cn, string id, string at, CancellationToken ct) =>
        cn.ExecuteAsync(new CommandDefinition(
            "UPDATE runs SET output_expired_at = @At WHERE id = @Id",
            new { Id = id, At = at }, cancellationToken: ct));

    /// <summary>(run id, when its output expired) for those of <paramref name="ids"/> whose output is gone.</summary>
    public static Task<IEnumerable<(string Id, string At)>> ExpiredOutputsAsync(DbConnection cn, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var (list, args) = SqlLists.InList(ids);
        return cn.QueryAsync<(string Id, string At)>(new CommandDefinition(
            $"SELECT id, output_expired_at FROM runs WHERE id IN ({list}) AND output_expired_at IS NOT NULL", args, cancellationToken: ct));
    }

    // ---- publication_locks (Running.PublicationLocks) ----

    /// <summary>Rows inserted: 1 when the session was free and is now the run's.</summary>
    public static Task<int> TryLockAsync(DbConnection cn, string sessionCode, string runId, string at, CancellationToken ct) =>
        cn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO publication_locks (session_code, run_id, acquired_at) VALUES (@sessionCode, @runId, @at) ON CONFLICT (session_code) DO NOTHING",
            new { sessionCode, runId, at }, cancellationToken: ct));

    /// <summary>The run holding the session's lock and its state (null when the run row is gone); RunId null when nobody holds it.</summary>
    public static Task<(string RunId, string? State)> LockHolderAsync(DbConnection cn, string sessionCode, CancellationToken ct) =>
        cn.QuerySingleOrDefaultAsync<(string RunId, string? State)>(new CommandDefinition("""
            SELECT l.run_id, r.state FROM publication_locks l LEFT JOIN runs r ON r.id = l.run_id WHERE l.session_code = @sessionCode
            """, new { sessionCode }, cancellationToken: ct));

    public static Task<int> TakeOverLockAsync(DbConnection cn, string sessionCode, string holder, CancellationToken ct) =>
        cn.ExecuteAsync(new CommandDefinition("DELETE FROM publication_locks WHERE session_code = @sessionCode AND run_id = @holder",
            new { sessionCode, holder }, cancellationToken: ct));

    public static Task<int> UnlockAsync(DbConnection cn, DbTransaction tx, string runId) =>
        cn.ExecuteAsync("DELETE FROM publication_locks WHERE run_id = @runId", new { runId }, tx);
}
