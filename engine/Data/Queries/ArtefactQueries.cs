using System.Data.Common;
using Dapper;

namespace CfgResults.Engine.Data.Queries;

/// <summary>A row of <c>artefact_versions</c> (kind and status as enumeration names, created_at as StoreFormat text).</summary>
internal sealed class ArtefactRow
{
    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public long Version { get; set; }
    public string Status { get; set; } = "";
    public string Content { get; set; } = "";
    public string ContentSha256 { get; set; } = "";
    public string CreatedAt { get; set; } = "";
    public string CreatedBy { get; set; } = "";
}

/// <summary>The <c>artefact_versions</c> table (Versioning.ArtefactStore): definitions and templates as versioned data.</summary>
internal static class ArtefactQueries
{
    const string Select = """
        SELECT id AS Id, kind AS Kind, name AS Name, version AS Version, status AS Status, content AS Content,
               content_sha256 AS ContentSha256, created_at AS CreatedAt, created_by AS CreatedBy
        FROM artefact_versions
        """;

    public static Task<long> CountWithContentAsync(DbConnection cn, string kind, string name, string hash) =>
        cn.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM artefact_versions WHERE kind = @kind AND name = @name AND content_sha256 = @hash",
            new { kind, name, hash });

    /// <summary>Rows changed: 0 when the version is published already (it never changes again) or unknown.</summary>
    public static Task<int> SetStatusAsync(DbConnection cn, long id, string status) =>
        cn.ExecuteAsync("UPDATE artefact_versions SET status = @status WHERE id = @id AND status <> 'Published'", new { id, status });

    public static async Task<IReadOnlyList<ArtefactRow>> ListVersionsAsync(DbConnection cn, string kind, string name) =>
        (await cn.QueryAsync<ArtefactRow>(Select + " WHERE kind = @kind AND name = @name ORDER BY version DESC", new { kind, name })).ToList();

    public static Task<ArtefactRow?> GetAsync(DbConnection cn, long id) =>
        cn.QuerySingleOrDefaultAsync<ArtefactRow>(Select + " WHERE id = @id", new { id });

    /// <summary>The latest published version of every artefact of a kind, by name.</summary>
    public static async Task<IReadOnlyList<ArtefactRow>> PublishedAsync(DbConnection cn, string kind) =>
        (await cn.QueryAsync<ArtefactRow>(Select + """
             WHERE kind = @kind AND status = 'Published'
               AND version = (SELECT MAX(a2.version) FROM artefact_versions a2 WHERE a2.kind = artefact_versions.kind
                              AND a2.name = artefact_versions.name AND a2.status = 'Published')
             ORDER BY name
            """, new { kind })).ToList();

    /// <summary>The next version number of an artefact (1 for a new one); the unique index settles two writers racing.</summary>
    public static Task<long> NextVersionAsync(DbConnection cn, string kind, string name) =>
        cn.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(version), 0) + 1 FROM artefact_versions WHERE kind = @kind AND name = @name",
            new { kind, name });

    /// <summary>Inserts a version and reads it back.</summary>
    public static async Task<ArtefactRow> InsertAsync(DbConnection cn, string kind, string name, long version, string status, string content, string hash,
        string at, string author)
    {
        await cn.ExecuteAsync("""
            INSERT INTO artefact_versions (kind, name, version, status, content, content_sha256, created_at, created_by)
            VALUES (@kind, @name, @version, @status, @content, @hash, @at, @author)
            """, new { kind, name, version, status, content, hash, at, author });
        return await cn.QuerySingleAsync<ArtefactRow>(Select + " WHERE kind = @kind AND name = @name AND version = @version",
            new { kind, name, version });
    }
}
