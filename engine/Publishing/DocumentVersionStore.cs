using System.Data.Common;
using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;

namespace CfgResults.Engine.Publishing;

/// <summary>One published version of a candidate's document (a transcript).</summary>
public sealed record DocumentVersion(
    long Id,
    string SessionCode,
    string CandidateNumber,
    string Kind,
    int Version,
    string ContentHash,
    string FileSha256,
    string StoragePath,
    long Bytes,
    DateTimeOffset GeneratedAt,
    DateTimeOffset AvailableFrom,
    string Publisher,
    string RunId)
{
    public bool IsAvailable(DateTimeOffset now) => now >= AvailableFrom;
}

/// <summary>
/// Documents and their numbered versions, each naming its PDF in the <see cref="BlobStore"/> by SHA-256 (the column
/// `file_sha256`; `storage_path` is only the file name it had, kept for folder-based data migrated at start).
/// A version, once available, never changes; before that, publishing the same content again with another
/// availability date or publisher replaces its file and dates (same number).
/// </summary>
public sealed class DocumentVersionStore(IDatabase db, BlobStore blobs)
{
    public const string TranscriptKind = "releve-notes";

    /// <summary>What a publication compares with: the latest version of each candidate's document.</summary>
    public sealed record Latest(long Id, int Version, string ContentHash, DateTimeOffset AvailableFrom, string Publisher);

    /// <summary>Latest version per candidate of a session (to skip unchanged content).</summary>
    public async Task<Dictionary<string, Latest>> LatestVersionsAsync(string sessionCode, IReadOnlyCollection<string> candidates, string kind, CancellationToken ct = default)
    {
        var result = new Dictionary<string, Latest>(StringComparer.Ordinal);
        if (candidates.Count == 0) return result;
        await using var cn = await db.OpenAsync(ct);
        foreach (var chunk in candidates.Chunk(500))
        {
            var rows = await DocumentVersionQueries.LatestAsync(cn, sessionCode, chunk, kind, ct);
            foreach (var r in rows) result[r.Candidate] = new Latest(r.Id, (int)r.Version, r.Hash, Data.StoreFormat.ParseInstant(r.Available), r.Publisher);
        }
        return result;
    }

    /// <summary>
    /// A version to record with its PDF (the version's FileSha256 is the hash of these bytes) and, for a transcript, the
    /// verification code printed on it (recorded in the same transaction).
    /// </summary>
    public sealed record Written(DocumentVersion Version, ReadOnlyMemory<byte> Content, VerificationEntry? Verification = null);

    /// <summary>
    /// Records a batch in ONE transaction, each version with its content (content-addressed, stored once) and its
    /// verification code: new versions, and corrections of versions nobody may download yet (availability date after
    /// <paramref name="now"/>: a new file, generation date, availability date and publisher under the same number;
    /// a version already available is left as it is, and the schema refuses to change it anyway).
    /// A version number already taken with the same content (a retried or concurrent batch got there first) is
    /// skipped; taken with another content, the whole batch is refused (<see cref="PublicationConflictException"/>),
    /// never quietly mixed. <paramref name="beforeCommit"/> runs in the same transaction (a batch marks itself
    /// done there); when it answers false the batch is rolled back and nothing is counted.
    /// On PostgreSQL each table gets one statement per batch (arrays unnested, the PDFs by binary COPY); on SQLite
    /// (in-process) prepared statements are executed for each version.
    /// </summary>
    public async Task<int> WriteAsync(IReadOnlyList<Written> added, IReadOnlyList<Written> corrections, DateTimeOffset now,
        Func<DbConnection, DbTransaction, int, Task<bool>>? beforeCommit = null, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        await using var tx = await cn.BeginTransactionAsync(ct);
        // For each added version: the id of its row, and whether this batch inserted it (else its number was taken, with the same content or not).
        var rows = await VersionBatchQueries.InsertAsync(cn, tx, added.Select(w => ToWrite(w.Version)).ToList(), ct);
        var contents = new List<(string, ReadOnlyMemory<byte>)>();
        var codes = new List<(long, VerificationEntry)>();
        for (var i = 0; i < added.Count; i++)
        {
            var (v, content, code) = added[i];
            if (!rows[i].Inserted && rows[i].TakenHash != v.ContentHash) throw new PublicationConflictException(v.CandidateNumber, v.Version);
            if (rows[i].Inserted) contents.Add((v.FileSha256, content));
            if (code is not null) codes.Add((rows[i].Id, code));
        }
        var replaced = await VersionBatchQueries.CorrectUnreleasedAsync(cn, tx, corrections.Select(w => ToWrite(w.Version)).ToList(), StoreFormat.Instant(now), ct);
        for (var i = 0; i < corrections.Count; i++)
        {
            var (v, content, code) = corrections[i];
            // The code is recorded whether the file was replaced or not: the version has this content either way.
            if (code is not null) codes.Add((v.Id, code));
            if (replaced[i]) contents.Add((v.FileSha256, content));
        }
        var written = contents.Count;
        await blobs.PutManyAsync(cn, tx, contents, ct);
        await TranscriptVerificationStore.RecordAsync(cn, tx, codes, now, ct);
        if (beforeCommit is not null && !await beforeCommit(cn, tx, written))
        {
            await tx.RollbackAsync(ct);
            return 0;
        }
        await tx.CommitAsync(ct);
        return written;
    }

    public async Task<IReadOnlyList<DocumentVersion>> ListForCandidateAsync(string sessionCode, string candidateNumber, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var rows = await DocumentVersionQueries.ListForCandidateAsync(cn, sessionCode, candidateNumber, ct);
        return rows.Select(ToRecord).ToArray();
    }

    public async Task<DocumentVersion?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await DocumentVersionQueries.GetAsync(cn, id, ct) is { } row ? ToRecord(row) : null;
    }

    /// <summary>The latest version available at `now` of each candidate's document of a kind.</summary>
    public async Task<IReadOnlyList<DocumentVersion>> LatestAvailableAsync(string sessionCode, IReadOnlyCollection<string> candidates, string kind, DateTimeOffset now, CancellationToken ct = default)
    {
        var list = new List<DocumentVersion>();
        await using var cn = await db.OpenAsync(ct);
        foreach (var chunk in candidates.Chunk(500))
        {
            var rows = await DocumentVersionQueries.LatestAvailableAsync(cn, sessionCode, chunk, kind, Data.StoreFormat.Instant(now), ct);
            list.AddRange(rows.Select(ToRecord));
        }
        return list;
    }

    public async Task<int> CountVersionsAsync(string sessionCode, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await DocumentVersionQueries.CountAsync(cn, sessionCode, ct);
    }

    /// <summary>
    /// For a session's purge: deletes the versions nobody may download yet (availability date after <paramref name="now"/>),
    /// and the documents left without a version. Published versions are kept. Returns the deleted versions' files.
    /// </summary>
    public async Task<IReadOnlyList<string>> DeleteUnreleasedAsync(string sessionCode, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        await using var tx = await cn.BeginTransactionAsync(ct);
        var contents = await DocumentVersionQueries.DeleteUnreleasedAsync(cn, tx, sessionCode, StoreFormat.Instant(now), ct);
        await tx.CommitAsync(ct);
        return contents;
    }

    static VersionWrite ToWrite(DocumentVersion v) => new(v.Id, v.SessionCode, v.CandidateNumber, v.Kind, v.Version, v.ContentHash, v.FileSha256,
        v.StoragePath, v.Bytes, StoreFormat.Instant(v.GeneratedAt), StoreFormat.Instant(v.AvailableFrom), v.Publisher, v.RunId);

    /// <summary>The one reading of a document version's row.</summary>
    static DocumentVersion ToRecord(DocumentVersionRow r) => new(r.Id, r.SessionCode, r.CandidateNumber, r.Kind, (int)r.Version, r.ContentHash, r.FileSha256,
        r.StoragePath, r.Bytes, Data.StoreFormat.ParseInstant(r.GeneratedAt), Data.StoreFormat.ParseInstant(r.AvailableFrom), r.Publisher, r.RunId);
}

/// <summary>Another publication recorded this version number with another content: the batch is refused whole.</summary>
public sealed class PublicationConflictException(string candidate, int version)
    : Exception($"La version {version} du relevé de notes du candidat {candidate} a déjà été publiée avec un autre contenu : la publication de ce lot est refusée.");
