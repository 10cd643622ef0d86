using System.Security.Cryptography;
using System.Text;
using CfgResults.Engine.Data;
using CfgResults.Engine.Running;
using Dapper;

namespace CfgResults.Engine.Versioning;

/// <summary>What is versioned: a workflow definition (YAML) or a template (Scriban).</summary>
public enum ArtefactKind { Definition, Template }

/// <summary>draft → validated → published; a published version is immutable.</summary>
public enum ArtefactStatus { Draft, Validated, Published }

public sealed record ArtefactVersion(long Id, ArtefactKind Kind, string Name, int Version, ArtefactStatus Status, string Content,
    string ContentSha256, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>
/// Definitions and templates as versioned data (ARCHITECTURE.md decision 9). The shipped files seed a
/// version once, by content hash: a file whose content is already a version is not seeded again.
/// </summary>
public sealed class ArtefactStore(IDatabase db, TimeProvider clock)
{
    public static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    /// <summary>Seeds each shipped file as a published version unless that content is already a version of it.</summary>
    public async Task<int> SeedAsync(ArtefactKind kind, IEnumerable<(string Name, string Content)> shipped, CancellationToken ct = default)
    {
        var seeded = 0;
        await using var cn = await db.OpenAsync(ct);
        foreach (var (name, content) in shipped)
        {
            var hash = Hash(content);
            var known = await cn.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM artefact_versions WHERE kind = @kind AND name = @name AND content_sha256 = @hash",
                new { kind = kind.ToString(), name, hash });
            if (known > 0) continue;
            await InsertAsync(cn, kind, name, content, ArtefactStatus.Published, "installation");
            seeded++;
        }
        return seeded;
    }

    public async Task<ArtefactVersion> SaveDraftAsync(ArtefactKind kind, string name, string content, string author, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await InsertAsync(cn, kind, name, content, ArtefactStatus.Draft, author);
    }

    /// <summary>Moves a draft to validated or published; a published version never changes again.</summary>
    public async Task<bool> SetStatusAsync(long id, ArtefactStatus status, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await cn.ExecuteAsync("UPDATE artefact_versions SET status = @status WHERE id = @id AND status <> 'Published'",
            new { id, status = status.ToString() }) > 0;
    }

    public async Task<IReadOnlyList<ArtefactVersion>> ListVersionsAsync(ArtefactKind kind, string name, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var rows = await cn.QueryAsync<Row>(Select + " WHERE kind = @kind AND name = @name ORDER BY version DESC", new { kind = kind.ToString(), name });
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    public async Task<ArtefactVersion?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await cn.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }))?.ToRecord();
    }

    /// <summary>The latest published version of every artefact of a kind.</summary>
    public async Task<IReadOnlyList<ArtefactVersion>> PublishedAsync(ArtefactKind kind, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var rows = await cn.QueryAsync<Row>(Select + """
             WHERE kind = @kind AND status = 'Published'
               AND version = (SELECT MAX(a2.version) FROM artefact_versions a2 WHERE a2.kind = artefact_versions.kind
                              AND a2.name = artefact_versions.name AND a2.status = 'Published')
             ORDER BY name
            """, new { kind = kind.ToString() });
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    async Task<ArtefactVersion> InsertAsync(System.Data.Common.DbConnection cn, ArtefactKind kind, string name, string content, ArtefactStatus status, string author)
    {
        // Version numbers come from the table itself; the unique index settles two writers racing.
        for (var attempt = 0; ; attempt++)
        {
            var next = await cn.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(version), 0) + 1 FROM artefact_versions WHERE kind = @kind AND name = @name",
                new { kind = kind.ToString(), name });
            var now = clock.GetUtcNow();
            try
            {
                await cn.ExecuteAsync("""
                    INSERT INTO artefact_versions (kind, name, version, status, content, content_sha256, created_at, created_by)
                    VALUES (@kind, @name, @version, @status, @content, @hash, @at, @author)
                    """, new { kind = kind.ToString(), name, version = next, status = status.ToString(), content, hash = Hash(content), at = Data.StoreFormat.Instant(now), author });
                return (await cn.QuerySingleAsync<Row>(Select + " WHERE kind = @kind AND name = @name AND version = @version",
                    new { kind = kind.ToString(), name, version = next })).ToRecord();
            }
            catch (System.Data.Common.DbException) when (attempt < 3)
            {
            }
        }
    }

    const string Select = """
        SELECT id AS Id, kind AS Kind, name AS Name, version AS Version, status AS Status, content AS Content,
               content_sha256 AS ContentSha256, created_at AS CreatedAt, created_by AS CreatedBy
        FROM artefact_versions
        """;

    sealed class Row
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

        public ArtefactVersion ToRecord() => new(Id, Enum.Parse<ArtefactKind>(Kind), Name, (int)Version, Enum.Parse<ArtefactStatus>(Status), Content,
            ContentSha256, Data.StoreFormat.ParseInstant(CreatedAt), CreatedBy);
    }
}
