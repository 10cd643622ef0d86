using System.Data.Common;
using System.Globalization;
using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;
using CfgResults.Engine.Data.Rows;

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
            await RunQueries.InsertAsync(cn, new RunRow
            {
                Id = run.Id, DefinitionId = run.DefinitionId, DefinitionVersion = run.DefinitionVersion, TemplateVersions = run.TemplateVersions,
                SessionCode = run.SessionCode, Caller = run.Caller, Parameters = run.Parameters, Criteria = run.Criteria,
                IdempotencyKey = run.IdempotencyKey, State = run.State.ToString(), Message = run.Message, CreatedAt = StoreFormat.Instant(run.CreatedAt),
            }, ct);
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
        await RunQueries.MarkStartedAsync(cn, id, RunState.Running.ToString(), StoreFormat.Instant(at));
    }

    /// <summary>
    /// Asks a run that has not ended to stop (its runner sees it within a second and ends it « Annulée »).
    /// False when the run has already ended.
    /// </summary>
    public async Task<bool> RequestCancelAsync(string id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await RunQueries.RequestCancelAsync(cn, id) > 0;
    }

    public async Task<bool> IsCancelRequestedAsync(string id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await RunQueries.IsCancelRequestedAsync(cn, id, ct);
    }

    public async Task ReportProgressAsync(string id, RunProgress p, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        await RunQueries.ReportProgressAsync(cn, id, p.Done, p.Total);
    }

    public async Task CompleteAsync(string id, RunState state, string? message, DateTimeOffset at, RunOutput? output,
        long? rows, int? pages, string? templateVersions = null, RunFailure? failure = null)
    {
        // Not cancellable on purpose: a run that was accepted always ends with a recorded final state.
        await using var cn = await db.OpenAsync(CancellationToken.None);
        await using var tx = await cn.BeginTransactionAsync(CancellationToken.None);
        // The output's bytes go in with the row naming them (one transaction): no row without its content, no stray content.
        if (output?.ContentFile is { } file) output = output with { Sha256 = (await new BlobStore(db, TimeProvider.System).PutFileAsync(cn, tx, file)).Sha256 };
        await RunQueries.CompleteAsync(cn, tx, id, new RunCompletion(state.ToString(), message, StoreFormat.Instant(at), output?.Path, output?.FileName,
            output?.ContentType, output?.Sha256, output?.Bytes, rows, pages, templateVersions, failure?.ToString()));
        if (RunStateNames.IsFinal(state)) await PublicationLocks.ReleaseAsync(cn, tx, id);
        await tx.CommitAsync(CancellationToken.None);
    }

    public async Task<RunRecord?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await RunQueries.GetAsync(cn, id) is { } row ? ToRecord(row) : null;
    }

    /// <summary>Runs of one caller (as recorded by <c>Caller.ToString()</c>), newest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListByCallerAsync(string caller, int limit, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await RunQueries.ListByCallerAsync(cn, caller, null, limit)).Select(ToRecord).ToArray();
    }

    /// <summary>Runs of one caller in one session, newest first (« Mes éditions » of the session shown).</summary>
    public async Task<IReadOnlyList<RunRecord>> ListByCallerAsync(string caller, string sessionCode, int limit, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await RunQueries.ListByCallerAsync(cn, caller, sessionCode, limit)).Select(ToRecord).ToArray();
    }

    public async Task<IReadOnlyList<RunRecord>> ListAsync(int limit, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await RunQueries.ListAsync(cn, limit)).Select(ToRecord).ToArray();
    }

    /// <summary>Runs left Pending or Running by a process that stopped: they are resumed or failed at start-up.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListUnfinishedAsync(CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await RunQueries.ListUnfinishedAsync(cn)).Select(ToRecord).ToArray();
    }

    /// <summary>The run recorded for an idempotency key (<see cref="Idempotency"/>), if any.</summary>
    public async Task<RunRecord?> FindByKeyAsync(string key, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await FindByKeyAsync(cn, key);
    }

    static async Task<RunRecord?> FindByKeyAsync(DbConnection cn, string key) =>
        await RunQueries.FindByKeyAsync(cn, key) is { } row ? ToRecord(row) : null;

    /// <summary>The one reading of a <c>runs</c> row; an unknown stored state or failure is an error, not a default.</summary>
    internal static RunRecord ToRecord(RunRow r) => new(r.Id, r.DefinitionId, (int)r.DefinitionVersion, r.TemplateVersions, r.SessionCode, r.Caller,
        r.Parameters, r.Criteria, r.IdempotencyKey, ParseState(r.State, r.Id), r.Message, r.ProgressDone, r.ProgressTotal,
        StoreFormat.ParseInstant(r.CreatedAt), r.StartedAt is null ? null : StoreFormat.ParseInstant(r.StartedAt),
        r.EndedAt is null ? null : StoreFormat.ParseInstant(r.EndedAt),
        r.OutputPath is null ? null : new RunOutput(r.OutputPath, r.OutputName ?? "", r.OutputContentType ?? "", r.OutputSha256 ?? "", r.OutputBytes ?? 0),
        r.RowCount, (int?)r.PageCount, r.Failure is null ? null : StoredEnum.Parse<RunFailure>("runs", "failure", r.Failure, $"édition {r.Id}"));

    internal static RunState ParseState(string state, string runId) => StoredEnum.Parse<RunState>("runs", "state", state, $"édition {runId}");
}
