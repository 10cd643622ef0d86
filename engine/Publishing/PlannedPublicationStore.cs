using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;
using CfgResults.Engine.Data.Rows;

namespace CfgResults.Engine.Publishing;

public enum PlannedState { Planned, Running, Done, Failed, Cancelled }

/// <summary>A publication the exam manager planned for a date: the product's own record of it (Hangfire only executes).</summary>
public sealed record PlannedPublication(string Id, string DefinitionId, string SessionCode, string Caller, string Parameters, string Criteria,
    DateTimeOffset DueAt, PlannedState State, string? RunId, DateTimeOffset CreatedAt);

/// <summary>
/// Planned publications. Claiming one moves it from Planned to Running in one UPDATE, so that however
/// many workers fire at once (a restart re-plans what is due), exactly one of them publishes it.
/// </summary>
public sealed class PlannedPublicationStore(IDatabase db)
{
    public async Task AddAsync(PlannedPublication p, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        await PlannedQueries.InsertAsync(cn, new PlannedRow
        {
            Id = p.Id, DefinitionId = p.DefinitionId, SessionCode = p.SessionCode, Caller = p.Caller, Parameters = p.Parameters, Criteria = p.Criteria,
            DueAt = Data.StoreFormat.Instant(p.DueAt), State = p.State.ToString(), CreatedAt = Data.StoreFormat.Instant(p.CreatedAt),
        }, ct);
    }

    /// <summary>True for the one caller that moved it from Planned (or a Running left by a stopped process, when reclaiming) to Running.</summary>
    public async Task<bool> ClaimAsync(string id, bool reclaim, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await PlannedQueries.ClaimAsync(cn, id, reclaim, ct) == 1;
    }

    public async Task FinishAsync(string id, PlannedState state, string? runId)
    {
        await using var cn = await db.OpenAsync(CancellationToken.None);
        await PlannedQueries.FinishAsync(cn, id, state.ToString(), runId);
    }

    public async Task<bool> CancelAsync(string id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await PlannedQueries.CancelAsync(cn, id, ct) == 1;
    }

    public async Task<PlannedPublication?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await PlannedQueries.GetAsync(cn, id, ct) is { } row ? ToRecord(row) : null;
    }

    public async Task<IReadOnlyList<PlannedPublication>> ListAsync(CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await PlannedQueries.ListAsync(cn, ct)).Select(ToRecord).ToList();
    }

    /// <summary>What a restart must re-plan: still planned, or left running by a process that stopped.</summary>
    public async Task<IReadOnlyList<PlannedPublication>> ListUnfinishedAsync(CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await PlannedQueries.ListUnfinishedAsync(cn, ct)).Select(ToRecord).ToList();
    }

    static PlannedPublication ToRecord(PlannedRow r) => new(r.Id, r.DefinitionId, r.SessionCode, r.Caller, r.Parameters, r.Criteria,
        Data.StoreFormat.ParseInstant(r.DueAt), StoredEnum.Parse<PlannedState>("planned_publications", "state", r.State, r.Id), r.RunId,
        Data.StoreFormat.ParseInstant(r.CreatedAt));
}
