using Dapper;

namespace CfgResults.Engine.Data;

/// <summary>The names of the versioned artefacts (table <c>artefact_versions</c>), drafts never published included.</summary>
public sealed class ArtefactNames(IDatabase db)
{
    /// <summary>Each (kind, name) once, as stored (kind <c>Definition</c> or <c>Template</c>).</summary>
    public async Task<IReadOnlyList<(string Kind, string Name)>> ListAsync(CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await cn.QueryAsync<(string Kind, string Name)>(new CommandDefinition(
            "SELECT DISTINCT kind, name FROM artefact_versions ORDER BY kind, name", cancellationToken: ct))).ToList();
    }
}
