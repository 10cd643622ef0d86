using System.Data.Common;
using Dapper;

namespace CfgResults.Engine.Data.Queries;

/// <summary>A verification code's row joined to its version (instants as StoreFormat text).</summary>
internal sealed class VerificationRow
{
    public string SessionLabel { get; set; } = "";
    public string CandidateName { get; set; } = "";
    public string Result { get; set; } = "";
    public string Total { get; set; } = "";
    public long Version { get; set; }
    public string FileSha256 { get; set; } = "";
    public string GeneratedAt { get; set; } = "";
    public string AvailableFrom { get; set; } = "";
    public long LatestAvailable { get; set; }
}

/// <summary>
/// Around the documents' versions (the versions themselves: DocumentVersionQueries): the verification codes of transcripts
/// (<c>verification_secret</c>, <c>transcript_verifications</c>) and the start-up migration of a folder-based data directory
/// (<c>storage_migration_issues</c>).
/// </summary>
internal static class DocumentQueries
{
    /// <summary>The HMAC secret, created with <paramref name="fresh"/> (base 64) on first use.</summary>
    public static async Task<string> SecretAsync(DbConnection cn, string fresh, CancellationToken ct)
    {
        await cn.ExecuteAsync(new CommandDefinition("INSERT INTO verification_secret (id, secret) VALUES (1, @secret) ON CONFLICT (id) DO NOTHING",
            new { secret = fresh }, cancellationToken: ct));
        return (await cn.ExecuteScalarAsync<string>(new CommandDefinition("SELECT secret FROM verification_secret WHERE id = 1", cancellationToken: ct)))!;
    }

    /// <summary>The id of a version of a document of this kind, or null.</summary>
    public static Task<long?> VersionIdAsync(DbConnection cn, DbTransaction tx, string sessionCode, string candidateNumber, string kind, int version,
        CancellationToken ct) =>
        cn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            SELECT v.id FROM documents d JOIN document_versions v ON v.document_id = d.id
            WHERE d.session_code = @SessionCode AND d.candidate_number = @CandidateNumber AND d.kind = @kind AND v.version = @Version
            """, new { SessionCode = sessionCode, CandidateNumber = candidateNumber, kind, Version = version }, tx, cancellationToken: ct));

    /// <summary>The code's version, with the latest version of its document available at <paramref name="now"/>; null when unknown.</summary>
    public static Task<VerificationRow?> FindVerificationAsync(DbConnection cn, string code, string now, CancellationToken ct) =>
        cn.QuerySingleOrDefaultAsync<VerificationRow>(new CommandDefinition("""
            SELECT t.session_label AS SessionLabel, t.candidate_name AS CandidateName, t.result AS Result, t.total AS Total, t.version AS Version,
                   v.file_sha256 AS FileSha256, v.generated_at AS GeneratedAt, v.available_from AS AvailableFrom,
                   (SELECT MAX(v2.version) FROM document_versions v2 WHERE v2.document_id = v.document_id AND v2.available_from <= @now) AS LatestAvailable
            FROM transcript_verifications t JOIN document_versions v ON v.id = t.document_version_id
            WHERE t.code = @code
            """, new { code, now }, cancellationToken: ct));

    /// <summary>
    /// Contents named by a version (owner <c>version:ID</c>) or a run's output (<c>run:ID</c>) that are not stored and were not
    /// reported yet: what the folder migration still has to read.
    /// </summary>
    public static async Task<List<(string Owner, string Path, string Sha)>> PendingFolderContentsAsync(DbConnection cn, CancellationToken ct) =>
        (await cn.QueryAsync<(string Owner, string Path, string Sha)>(new CommandDefinition("""
            SELECT 'version:' || CAST(v.id AS TEXT), v.storage_path, v.file_sha256 FROM document_versions v
            WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = v.file_sha256)
              AND NOT EXISTS (SELECT 1 FROM storage_migration_issues i WHERE i.owner = 'version:' || CAST(v.id AS TEXT))
            UNION ALL
            SELECT 'run:' || r.id, r.output_path, r.output_sha256 FROM runs r
            WHERE r.output_sha256 IS NOT NULL AND r.output_path IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = r.output_sha256)
              AND NOT EXISTS (SELECT 1 FROM storage_migration_issues i WHERE i.owner = 'run:' || r.id)
            """, cancellationToken: ct))).ToList();

    /// <summary>Records a problem of the folder migration, once per owner.</summary>
    public static Task<int> RecordMigrationIssueAsync(DbConnection cn, string owner, string path, string expected, string? actual, string problem, string at,
        CancellationToken ct) =>
        cn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO storage_migration_issues (owner, path, expected_sha256, actual_sha256, problem, found_at)
            VALUES (@Owner, @Path, @ExpectedSha256, @ActualSha256, @Problem, @at) ON CONFLICT (owner) DO NOTHING
            """, new { Owner = owner, Path = path, ExpectedSha256 = expected, ActualSha256 = actual, Problem = problem, at }, cancellationToken: ct));

    public static async Task<IReadOnlyList<(string Owner, string Path, string Expected, string? Actual, string Problem)>> MigrationIssuesAsync(DbConnection cn,
        CancellationToken ct) =>
        (await cn.QueryAsync<(string Owner, string Path, string Expected, string? Actual, string Problem)>(new CommandDefinition(
            "SELECT owner, path, expected_sha256, actual_sha256, problem FROM storage_migration_issues ORDER BY id", cancellationToken: ct))).ToList();
}
