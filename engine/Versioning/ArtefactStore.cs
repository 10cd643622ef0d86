using System.Security.Cryptography;
using System.Text;
using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;
using CfgResults.Engine.Data.Rows;
using CfgResults.Engine.Running;

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
            var known = await ArtefactQueries.CountWithContentAsync(cn, kind.ToString(), name, hash);
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
        return await ArtefactQueries.SetStatusAsync(cn, id, status.ToString()) > 0;
    }

    public async Task<IReadOnlyList<ArtefactVersion>> ListVersionsAsync(ArtefactKind kind, string name, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await ArtefactQueries.ListVersionsAsync(cn, kind.ToString(), name)).Select(ToRecord).ToArray();
    }

    public async Task<ArtefactVersion?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await ArtefactQueries.GetAsync(cn, id) is { } row ? ToRecord(row) : null;
    }

    /// <summary>The latest published version of every artefact of a kind.</summary>
    public async Task<IReadOnlyList<ArtefactVersion>> PublishedAsync(ArtefactKind kind, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await ArtefactQueries.PublishedAsync(cn, kind.ToString())).Select(ToRecord).ToArray();
    }

    async Task<ArtefactVersion> InsertAsync(System.Data.Common.DbConnection cn, ArtefactKind kind, string name, string content, ArtefactStatus status, string author)
    {
        // Version numbers come from the table itself; the unique index settles two writers racing.
        for (var attempt = 0; ; attempt++)
        {
            var next = await ArtefactQueries.NextVersionAsync(cn, kind.ToString(), name);
            var now = clock.GetUtcNow();
            try
            {
                return ToRecord(await ArtefactQueries.InsertAsync(cn, kind.ToString(), name, next, status.ToString(), content, Hash(content),
                    Data.StoreFormat.Instant(now), author));
            }
            catch (System.Data.Common.DbException) when (attempt < 3)
            {
            }
        }
    }

    static ArtefactVersion ToRecord(ArtefactRow r) => new(r.Id, StoredEnum.Parse<ArtefactKind>("artefact_versions", "kind", r.Kind, r.Name), r.Name,
        (int)r.Version, StoredEnum.Parse<ArtefactStatus>("artefact_versions", "status", r.Status, r.Name), r.Content,
        r.ContentSha256, Data.StoreFormat.ParseInstant(r.CreatedAt), r.CreatedBy);
}
