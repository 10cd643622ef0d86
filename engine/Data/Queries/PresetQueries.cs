using System.Data.Common;
using Dapper;

namespace CfgResults.Engine.Data.Queries;

/// <summary>A row of <c>run_presets</c> (parameters and criteria as JSON text, instants as StoreFormat text).</summary>
internal sealed record RunPresetRow(string id, string owner, string definition_id, string name, string session_code, string parameters, string criteria,
    string created_by, string created_at, string updated_at);

/// <summary>The <c>run_presets</c> table (Presets.RunPresetStore); every read and write is scoped to an owner.</summary>
internal static class PresetQueries
{
    const string Select = "SELECT id, owner, definition_id, name, session_code, parameters, criteria, created_by, created_at, updated_at FROM run_presets";

    public static Task<string?> FindIdAsync(DbConnection cn, DbTransaction tx, string owner, string definitionId, string name, CancellationToken ct) =>
        cn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT id FROM run_presets WHERE owner = @owner AND definition_id = @definitionId AND name = @name",
            new { owner, definitionId, name }, tx, cancellationToken: ct));

    /// <summary>Inserts the row, or (<paramref name="exists"/>) replaces its session, parameters, criteria and author.</summary>
    public static Task<int> SaveAsync(DbConnection cn, DbTransaction tx, bool exists, RunPresetRow row, CancellationToken ct)
    {
        var args = new
        {
            row.id, row.owner, definitionId = row.definition_id, row.name, sessionCode = row.session_code, row.parameters, row.criteria,
            createdBy = row.created_by, at = row.updated_at,
        };
        return exists
            ? cn.ExecuteAsync(new CommandDefinition("""
                UPDATE run_presets SET session_code = @sessionCode, parameters = @parameters, criteria = @criteria, created_by = @createdBy, updated_at = @at
                WHERE id = @id
                """, args, tx, cancellationToken: ct))
            : cn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO run_presets (id, owner, definition_id, name, session_code, parameters, criteria, created_by, created_at, updated_at)
                VALUES (@id, @owner, @definitionId, @name, @sessionCode, @parameters, @criteria, @createdBy, @at, @at)
                """, args, tx, cancellationToken: ct));
    }

    public static async Task<int> CountAsync(DbConnection cn, string owner, CancellationToken ct) =>
        (int)await cn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM run_presets WHERE owner = @owner", new { owner }, cancellationToken: ct));

    public static async Task<IReadOnlyList<RunPresetRow>> ListAsync(DbConnection cn, string owner, string? definitionId, CancellationToken ct) =>
        (await cn.QueryAsync<RunPresetRow>(new CommandDefinition(
            Select + " WHERE owner = @owner" + (definitionId is null ? "" : " AND definition_id = @definitionId"),
            new { owner, definitionId }, cancellationToken: ct))).ToList();

    public static Task<RunPresetRow?> GetAsync(DbConnection cn, string id, string owner, CancellationToken ct) =>
        cn.QuerySingleOrDefaultAsync<RunPresetRow>(new CommandDefinition(Select + " WHERE id = @id AND owner = @owner", new { id, owner }, cancellationToken: ct));

    public static Task<int> DeleteAsync(DbConnection cn, string id, string owner, CancellationToken ct) =>
        cn.ExecuteAsync(new CommandDefinition("DELETE FROM run_presets WHERE id = @id AND owner = @owner", new { id, owner }, cancellationToken: ct));
}
