using CfgResults.Engine.Data;
using Dapper;

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
        await cn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO planned_publications (id, definition_id, session_code, caller, parameters, criteria, due_at, state, run_id, created_at)
            VALUES (@Id, @DefinitionId, @SessionCode, @Caller, @Parameters, @Criteria, @due, @state, NULL, @created)
            """, new { p.Id, p.DefinitionId, p.SessionCode, p.Caller, p.Parameters, p.Criteria, due = Data.StoreFormat.Instant(p.DueAt),
            state = p.State.ToString(), created = Data.StoreFormat.Instant(p.CreatedAt) }, cancellationToken: ct));
    }

    /// <summary>True for the one caller that moved it from Planned (or a Running left by a stopped process, when reclaiming) to Running.</summary>
    public async Task<bool> ClaimAsync(string id, bool reclaim, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var sql = reclaim
            ? "UPDATE planned_publications SET state = 'Running' WHERE id = @id AND state IN ('Planned', 'Running')"
            : "UPDATE planned_publications SET state = 'Running' WHERE id = @id AND state = 'Planned'";
        return await cn.ExecuteAsync(new CommandDefinition(sql, new { id }, cancellationToken: ct)) == 1;
    }

    public async Task FinishAsync(string id, PlannedState state, string? runId)
    {
        await using var cn = await db.OpenAsync(CancellationToken.None);
        await cn.ExecuteAsync("UPDATE planned_publications SET state = @state, run_id = COALESCE(@runId, run_id) WHERE id = @id",
            new { id, state = state.ToString(), runId });
    }

    public async Task<bool> CancelAsync(string id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await cn.ExecuteAsync(new CommandDefinition("UPDATE planned_publications SET state = 'Cancelled' WHERE id = @id AND state = 'Planned'",
            new { id }, cancellationToken: ct)) == 1;
    }

    public async Task<PlannedPublication?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await cn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: ct)))?.ToRecord();
    }

    public async Task<IReadOnlyList<PlannedPublication>> ListAsync(CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await cn.QueryAsync<Row>(new CommandDefinition(Select + " ORDER BY due_at DESC, id", cancellationToken: ct))).Select(r => r.ToRecord()).ToList();
    }

    /// <summary>What a restart must re-plan: still planned, or left running by a process that stopped.</summary>
    public async Task<IReadOnlyList<PlannedPublication>> ListUnfinishedAsync(CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await cn.QueryAsync<Row>(new CommandDefinition(Select + " WHERE state IN ('Planned', 'Running') ORDER BY due_at", cancellationToken: ct)))
            .Select(r => r.ToRecord()).ToList();
    }

    const string Select = """
        SELECT id AS Id, definition_id AS DefinitionId, session_code AS SessionCode, caller AS Caller, parameters AS Parameters,
               criteria AS Criteria, due_at AS DueAt, state AS State, run_id AS RunId, created_at AS CreatedAt
        FROM planned_publications
        """;

    sealed class Row
    {
        public string Id { get; set; } = "";
        public string DefinitionId { get; set; } = "";
        public string SessionCode { get; set; } = "";
        public string Caller { get; set; } = "";
        public string Parameters { get; set; } = "";
        public string Criteria { get; set; } = "";
        public string DueAt { get; set; } = "";
        public string State { get; set; } = "";
        public string? RunId { get; set; }
        public string CreatedAt { get; set; } = "";

        public PlannedPublication ToRecord() => new(Id, DefinitionId, SessionCode, Caller, Parameters, Criteria, Data.StoreFormat.ParseInstant(DueAt),
            Enum.Parse<PlannedState>(State), RunId, Data.StoreFormat.ParseInstant(CreatedAt));
    }
}
