using System.Data.Common;
using Dapper;

namespace CfgResults.Engine.Data.Queries;

/// <summary>
/// A row of <c>document_versions</c> joined to its <c>documents</c> row, as every reader of the two tables gets it
/// (instants as StoreFormat text). Publishing.DocumentVersionStore turns it into a DocumentVersion.
/// </summary>
internal sealed class DocumentVersionRow
{
    public long Id { get; set; }
    public string SessionCode { get; set; } = "";
    public string CandidateNumber { get; set; } = "";
    public string Kind { get; set; } = "";
    public long Version { get; set; }
    public string ContentHash { get; set; } = "";
    public string FileSha256 { get; set; } = "";
    public string StoragePath { get; set; } = "";
    public long Bytes { get; set; }
    public string GeneratedAt { get; set; } = "";
    public string AvailableFrom { get; set; } = "";
    public string Publisher { get; set; } = "";
    public string RunId { get; set; } = "";
}

/// <summary>A version to write (instants already as StoreFormat text); <see cref="Id"/> names the version a correction replaces.</summary>
internal sealed record VersionWrite(long Id, string SessionCode, string CandidateNumber, string Kind, int Version, string ContentHash, string FileSha256,
    string StoragePath, long Bytes, string GeneratedAt, string AvailableFrom, string Publisher, string RunId);

/// <summary>
/// The <c>documents</c> and <c>document_versions</c> tables (Publishing.DocumentVersionStore): a candidate's document and its
/// numbered versions. Statements as the publication path wrote them; the transaction is the caller's.
/// </summary>
internal static class DocumentVersionQueries
{
    const string Select = """
        SELECT v.id AS Id, d.session_code AS SessionCode, d.candidate_number AS CandidateNumber, d.kind AS Kind, v.version AS Version,
               v.content_hash AS ContentHash, v.file_sha256 AS FileSha256, v.storage_path AS StoragePath, v.bytes AS Bytes,
               v.generated_at AS GeneratedAt, v.available_from AS AvailableFrom, v.publisher AS Publisher, v.run_id AS RunId
        FROM documents d JOIN document_versions v ON v.document_id = d.id
        """;

    /// <summary>The latest version of each of these candidates' documents of a kind (at most 500 candidates a call).</summary>
    public static Task<IEnumerable<(string Candidate, long Id, long Version, string Hash, string Available, string Publisher)>> LatestAsync(DbConnection cn,
        string sessionCode, IReadOnlyList<string> candidates, string kind, CancellationToken ct)
    {
        var (inList, args) = SqlLists.InList(candidates, new { session = sessionCode, kind });
        return cn.QueryAsync<(string Candidate, long Id, long Version, string Hash, string Available, string Publisher)>(new CommandDefinition($"""
            SELECT d.candidate_number, v.id, v.version, v.content_hash, v.available_from, v.publisher
            FROM documents d JOIN document_versions v ON v.document_id = d.id
            WHERE d.session_code = @session AND d.kind = @kind AND d.candidate_number IN ({inList})
              AND v.version = (SELECT MAX(v2.version) FROM document_versions v2 WHERE v2.document_id = d.id)
            """, args, cancellationToken: ct));
    }

    public static Task<IEnumerable<DocumentVersionRow>> ListForCandidateAsync(DbConnection cn, string sessionCode, string candidateNumber, CancellationToken ct) =>
        cn.QueryAsync<DocumentVersionRow>(new CommandDefinition(Select + " WHERE d.session_code = @sessionCode AND d.candidate_number = @candidateNumber ORDER BY d.kind, v.version DESC",
            new { sessionCode, candidateNumber }, cancellationToken: ct));

    public static Task<DocumentVersionRow?> GetAsync(DbConnection cn, long id, CancellationToken ct) =>
        cn.QuerySingleOrDefaultAsync<DocumentVersionRow>(new CommandDefinition(Select + " WHERE v.id = @id", new { id }, cancellationToken: ct));

    /// <summary>The latest version available at <paramref name="now"/> of each of these candidates' documents (at most 500 a call).</summary>
    public static Task<IEnumerable<DocumentVersionRow>> LatestAvailableAsync(DbConnection cn, string sessionCode, IReadOnlyList<string> candidates, string kind,
        string now, CancellationToken ct)
    {
        var (inList, args) = SqlLists.InList(candidates, new { sessionCode, kind, now });
        return cn.QueryAsync<DocumentVersionRow>(new CommandDefinition(Select + $"""
             WHERE d.session_code = @sessionCode AND d.kind = @kind AND d.candidate_number IN ({inList}) AND v.available_from <= @now
               AND v.version = (SELECT MAX(v2.version) FROM document_versions v2 WHERE v2.document_id = d.id AND v2.available_from <= @now)
            """, args, cancellationToken: ct));
    }

    public static Task<int> CountAsync(DbConnection cn, string sessionCode, CancellationToken ct) =>
        cn.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE d.session_code = @sessionCode",
            new { sessionCode }, cancellationToken: ct));

    /// <summary>
    /// In the caller's transaction: records the removal of the session's versions nobody may download yet, deletes them and the
    /// documents left without a version; returns the deleted versions' contents (SHA-256).
    /// </summary>
    public static async Task<List<string>> DeleteUnreleasedAsync(DbConnection cn, DbTransaction tx, string sessionCode, string now, CancellationToken ct)
    {
        var args = new { sessionCode, now };
        const string Unreleased = "FROM document_versions WHERE available_from > @now AND document_id IN (SELECT id FROM documents WHERE session_code = @sessionCode)";
        var contents = (await cn.QueryAsync<string>(new CommandDefinition("SELECT file_sha256 " + Unreleased, args, tx, cancellationToken: ct))).ToList();
        // The schema lets a version go only when its removal is recorded first, and only if nobody could download it yet (migration 010).
        await cn.ExecuteAsync(new CommandDefinition("INSERT INTO version_removals (version_id, removed_at) SELECT id, @now " + Unreleased, args, tx, cancellationToken: ct));
        await cn.ExecuteAsync(new CommandDefinition("DELETE " + Unreleased, args, tx, cancellationToken: ct));
        await cn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM documents WHERE session_code = @sessionCode AND NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = documents.id)",
            args, tx, cancellationToken: ct));
        return contents;
    }
}
