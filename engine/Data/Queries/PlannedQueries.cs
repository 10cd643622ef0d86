using System.Data.Common;
using Dapper;

namespace CfgResults.Engine.Data.Queries;

/// <summary>A row of <c>planned_publications</c> (state as an enumeration name, instants as StoreFormat text).</summary>
internal sealed class PlannedRow
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
}

/// <summary>The <c>planned_publications</c> table (Publishing.PlannedPublicationStore).</summary>
internal static class PlannedQueries
{
    const string Select = """
        SELECT id AS Id, definition_id AS DefinitionId, session_code AS SessionCode, caller AS Caller, parameters AS Parameters,
               criteria AS Criteria, due_at AS DueAt, state AS State, run_id AS RunId, created_at AS CreatedAt
        FROM planned_publications
        """;

    public static Task<int> InsertAsync(DbConnection cn, PlannedRow p, CancellationToken ct) =>
        cn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO planned_publications (id, definition_id, session_code, caller, parameters, criteria, due_at, state, run_id, created_at)
            VALUES (@Id, @DefinitionId, @SessionCode, @Caller, @Parameters, @Criteria, @due, @state, NULL, @created)
            """, new { p.Id, p.DefinitionId, p.SessionCode, p.Caller, p.Parameters, p.Criteria, due = p.DueAt, state = p.State, created = p.CreatedAt },
            cancellationToken: ct));

    /// <summary>Moves it from Planned (or, <paramref name="reclaim"/>, a Running left by a stopped process) to Running: rows changed.</summary>
    public static Task<int> ClaimAsync(DbConnection cn, string id, bool reclaim, CancellationToken ct)
    {
        var sql = reclaim
            ? "UPDATE planned_publications SET state = 'Running' WHERE id = @id AND state IN ('Planned', 'Running')"
            : "UPDATE planned_publications SET state = 'Running' WHERE id = @id AND state = 'Planned'";
        return cn.ExecuteAsync(new CommandDefinition(sql, new { id }, cancellationToken: ct));
    }

    public static Task<int> FinishAsync(DbConnection cn, string id, string state, string? runId) =>
        cn.ExecuteAsync("UPDATE planned_publications SET state = @state, run_id = COALESCE(@runId, run_id) WHERE id = @id",
            new { id, state, runId });

    public static Task<int> CancelAsync(DbConnection cn, string id, CancellationToken ct) =>
        cn.ExecuteAsync(new CommandDefinition("UPDATE planned_publications SET state = 'Cancelled' WHERE id = @id AND state = 'Planned'",
            new { id }, cancellationToken: ct));

    public static Task<PlannedRow?> GetAsync(DbConnection cn, string id, CancellationToken ct) =>
        cn.QuerySingleOrDefaultAsync<PlannedRow>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: ct));

    public static async Task<IReadOnlyList<PlannedRow>> ListAsync(DbConnection cn, CancellationToken ct) =>
        (await cn.QueryAsync<PlannedRow>(new CommandDefinition(Select + " ORDER BY due_at DESC, id", cancellationToken: ct))).ToList();

    /// <summary>Still planned, or left running by a process that stopped, by due date.</summary>
    public static async Task<IReadOnlyList<PlannedRow>> ListUnfinishedAsync(DbConnection cn, CancellationToken ct) =>
        (await cn.QueryAsync<PlannedRow>(new CommandDefinition(Select + " WHERE state IN ('Planned', 'Running') ORDER BY due_at", cancellationToken: ct))).ToList();
}
