using System.Data.Common;
using System.Globalization;
using CfgResults.Engine.Data;
using Dapper;

namespace CfgResults.Engine.Running;

/// <summary>A recorded run: what was asked, with which versions, by whom, and how it ended.</summary>
public sealed record RunRecord(
    string Id,
    string DefinitionId,
    int DefinitionVersion,
    string TemplateVersions,
    string SessionCode,
    string Caller,
    string Parameters,
    string Criteria,
    string? IdempotencyKey,
    RunState State,
    string? Message,
    long ProgressDone,
    long ProgressTotal,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    RunOutput? Output,
    long? RowCount,
    int? PageCount,
    RunFailure? Failure = null);

/// <summary>
/// The file a run produced, stored in the database under its SHA-256 (<see cref="BlobStore"/>); Path is its
/// logical name (runs/&lt;id&gt;/&lt;name&gt;, where a previous release kept it under the data folder).
/// </summary>
public sealed record RunOutput(string Path, string FileName, string ContentType, string Sha256, long Bytes)
{
    /// <summary>A finished temp file holding the bytes: stored in the transaction that completes the run.</summary>
    public string? ContentFile { get; init; }
}

public sealed class RunStore(IDatabase db)
{
    /// <summary>Records a new pending run; with an idempotency key, returns the existing run for that key instead.</summary>
    public async Task<(RunRecord Run, bool Created)> CreateAsync(RunRecord run, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        if (run.IdempotencyKey is { } key)
        {
            var existing = await FindByKeyAsync(cn, key);
            if (existing is not null) return (existing, false);
        }
        try
        {
            await cn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO runs (id, definition_id, definition_version, template_versions, session_code, caller, parameters, criteria,
                                  idempotency_key, state, message, progress_done, progress_total, created_at)
                VALUES (@Id, @DefinitionId, @DefinitionVersion, @TemplateVersions, @SessionCode, @Caller, @Parameters, @Criteria,
                        @IdempotencyKey, @State, @Message, 0, 0, @CreatedAt)
                """, new
            {
                run.Id, run.DefinitionId, run.DefinitionVersion, run.TemplateVersions, run.SessionCode, run.Caller, run.Parameters,
                run.Criteria, run.IdempotencyKey, State = run.State.ToString(), run.Message, CreatedAt = StoreFormat.Instant(run.CreatedAt),
            }, cancellationToken: ct));
            return (run, true);
        }
        catch (DbException) when (run.IdempotencyKey is not null)
        {
            // Two submissions with the same key at once: the unique index let one in; answer with it.
            var raced = await FindByKeyAsync(cn, run.IdempotencyKey);
            if (raced is null) throw;
            return (raced, false);
        }
    }

    public async Task MarkStartedAsync(string id, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        await cn.ExecuteAsync("UPDATE runs SET state = @s, started_at = @at WHERE id = @id",
            new { id, s = RunState.Running.ToString(), at = StoreFormat.Instant(at) });
    }

    /// <summary>
    /// Asks a run that has not ended to stop (its runner sees it within a second and ends it « Annulée »).
    /// False when the run has already ended.
    /// </summary>
    public async Task<bool> RequestCancelAsync(string id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await cn.ExecuteAsync("UPDATE runs SET cancel_requested = 1 WHERE id = @id AND state IN ('Pending', 'Running')", new { id }) > 0;
    }

    public async Task<bool> IsCancelRequestedAsync(string id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await cn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT cancel_requested FROM runs WHERE id = @id", new { id }, cancellationToken: ct)) != 0;
    }

    public async Task ReportProgressAsync(string id, RunProgress p, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        await cn.ExecuteAsync("UPDATE runs SET progress_done = @d, progress_total = @t WHERE id = @id", new { id, d = p.Done, t = p.Total });
    }

    public async Task CompleteAsync(string id, RunState state, string? message, DateTimeOffset at, RunOutput? output,
        long? rows, int? pages, string? templateVersions = null, RunFailure? failure = null)
    {
        // Not cancellable on purpose: a run that was accepted always ends with a recorded final state.
        await using var cn = await db.OpenAsync(CancellationToken.None);
        await using var tx = await cn.BeginTransactionAsync(CancellationToken.None);
        // The output's bytes go in with the row naming them (one transaction): no row without its content, no stray content.
        if (output?.ContentFile is { } file) output = output with { Sha256 = (await new BlobStore(db, TimeProvider.System).PutFileAsync(cn, tx, file)).Sha256 };
        await cn.ExecuteAsync("""
            UPDATE runs SET state = @state, message = @message, ended_at = @at, output_path = @path, output_name = @name,
                output_content_type = @type, output_sha256 = @sha, output_bytes = @bytes, row_count = @rows, page_count = @pages,
                template_versions = COALESCE(@tv, template_versions), failure = @failure
            WHERE id = @id
            """, new
        {
            id, state = state.ToString(), message, at = StoreFormat.Instant(at), path = output?.Path, name = output?.FileName,
            type = output?.ContentType, sha = output?.Sha256, bytes = output?.Bytes, rows, pages, tv = templateVersions,
            failure = failure?.ToString(),
        }, tx);
        if (RunStateNames.IsFinal(state)) await PublicationLocks.ReleaseAsync(cn, tx, id);
        await tx.CommitAsync(CancellationToken.None);
    }

    public async Task<RunRecord?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var row = await cn.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id });
        return row?.ToRecord();
    }

    /// <summary>Runs of one caller (as recorded by <c>Caller.ToString()</c>), newest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListByCallerAsync(string caller, int limit, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var rows = await cn.QueryAsync<Row>(Select + " WHERE caller = @caller ORDER BY created_at DESC, id LIMIT @limit", new { caller, limit });
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    /// <summary>Runs of one caller in one session, newest first (« Mes éditions » of the session shown).</summary>
    public async Task<IReadOnlyList<RunRecord>> ListByCallerAsync(string caller, string sessionCode, int limit, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var rows = await cn.QueryAsync<Row>(Select + " WHERE caller = @caller AND session_code = @sessionCode ORDER BY created_at DESC, id LIMIT @limit",
            new { caller, sessionCode, limit });
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    public async Task<IReadOnlyList<RunRecord>> ListAsync(int limit, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var rows = await cn.QueryAsync<Row>(Select + " ORDER BY created_at DESC, id LIMIT @limit", new { limit });
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    /// <summary>Runs left Pending or Running by a process that stopped: they are resumed or failed at start-up.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListUnfinishedAsync(CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var rows = await cn.QueryAsync<Row>(Select + " WHERE state IN ('Pending', 'Running') ORDER BY created_at");
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    /// <summary>The run recorded for an idempotency key (<see cref="Idempotency"/>), if any.</summary>
    public async Task<RunRecord?> FindByKeyAsync(string key, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await FindByKeyAsync(cn, key);
    }

    static async Task<RunRecord?> FindByKeyAsync(DbConnection cn, string key) =>
        (await cn.QuerySingleOrDefaultAsync<Row>(Select + " WHERE idempotency_key = @key", new { key }))?.ToRecord();

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

    sealed class Row
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

        public RunRecord ToRecord() => new(Id, DefinitionId, (int)DefinitionVersion, TemplateVersions, SessionCode, Caller, Parameters, Criteria,
            IdempotencyKey, Enum.Parse<RunState>(State), Message, ProgressDone, ProgressTotal, StoreFormat.ParseInstant(CreatedAt),
            StartedAt is null ? null : StoreFormat.ParseInstant(StartedAt), EndedAt is null ? null : StoreFormat.ParseInstant(EndedAt),
            OutputPath is null ? null : new RunOutput(OutputPath, OutputName ?? "", OutputContentType ?? "", OutputSha256 ?? "", OutputBytes ?? 0),
            RowCount, (int?)PageCount, Failure is null ? null : ParseFailure(Failure));

        /// <summary>An unknown stored value is an error, not a default.</summary>
        RunFailure ParseFailure(string text) =>
            Enum.TryParse<RunFailure>(text, ignoreCase: false, out var f) && Enum.IsDefined(f) && !char.IsDigit(text[0])
                ? f : throw new InvalidDataException($"valeur inconnue « {text} » dans runs.failure (édition {Id})");
    }
}
