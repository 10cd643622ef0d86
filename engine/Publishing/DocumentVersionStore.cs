using System.Data.Common;
using CfgResults.Engine.Data;
using Dapper;

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
            var (inList, args) = SqlLists.InList(chunk, new { session = sessionCode, kind });
            var rows = await cn.QueryAsync<(string Candidate, long Id, long Version, string Hash, string Available, string Publisher)>(new CommandDefinition($"""
                SELECT d.candidate_number, v.id, v.version, v.content_hash, v.available_from, v.publisher
                FROM documents d JOIN document_versions v ON v.document_id = d.id
                WHERE d.session_code = @session AND d.kind = @kind AND d.candidate_number IN ({inList})
                  AND v.version = (SELECT MAX(v2.version) FROM document_versions v2 WHERE v2.document_id = d.id)
                """, args, cancellationToken: ct));
            foreach (var r in rows) result[r.Candidate] = new Latest(r.Id, (int)r.Version, r.Hash, Data.StoreFormat.ParseInstant(r.Available), r.Publisher);
        }
        return result;
    }

    /// <summary>A version to record with its PDF (the version's FileSha256 is the hash of these bytes).</summary>
    public sealed record Written(DocumentVersion Version, ReadOnlyMemory<byte> Content);

    /// <summary>
    /// Records a batch in ONE transaction, each version with its content (content-addressed, stored once):
    /// new versions, and corrections of versions nobody may download yet (availability date after
    /// <paramref name="now"/>: a new file, generation date, availability date and publisher under the same number;
    /// a version already available is left as it is, and the schema refuses to change it anyway).
    /// A version number already taken with the same content (a retried or concurrent batch got there first) is
    /// skipped; taken with another content, the whole batch is refused (<see cref="PublicationConflictException"/>),
    /// never quietly mixed. <paramref name="beforeCommit"/> runs in the same transaction (a batch marks itself
    /// done there); when it answers false the batch is rolled back and nothing is counted.
    /// </summary>
    public async Task<int> WriteAsync(IReadOnlyList<Written> added, IReadOnlyList<Written> corrections, DateTimeOffset now,
        Func<DbConnection, DbTransaction, int, Task<bool>>? beforeCommit = null, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        await using var tx = await cn.BeginTransactionAsync(ct);
        var written = 0;
        foreach (var (v, content) in added)
        {
            var documentId = await cn.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO documents (session_code, candidate_number, kind) VALUES (@SessionCode, @CandidateNumber, @Kind)
                ON CONFLICT (session_code, candidate_number, kind) DO UPDATE SET kind = excluded.kind
                RETURNING id
                """, v, tx, cancellationToken: ct));
            var inserted = await cn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO document_versions (document_id, version, content_hash, file_sha256, storage_path, bytes, generated_at,
                                               available_from, publisher, run_id)
                VALUES (@documentId, @Version, @ContentHash, @FileSha256, @StoragePath, @Bytes, @generated, @available, @Publisher, @RunId)
                ON CONFLICT (document_id, version) DO NOTHING
                """, new
            {
                documentId, v.Version, v.ContentHash, v.FileSha256, v.StoragePath, v.Bytes, generated = StoreFormat.Instant(v.GeneratedAt),
                available = StoreFormat.Instant(v.AvailableFrom), v.Publisher, v.RunId,
            }, tx, cancellationToken: ct));
            if (inserted == 0)
            {
                var taken = await cn.ExecuteScalarAsync<string>(new CommandDefinition(
                    "SELECT content_hash FROM document_versions WHERE document_id = @documentId AND version = @Version",
                    new { documentId, v.Version }, tx, cancellationToken: ct));
                if (taken != v.ContentHash) throw new PublicationConflictException(v.CandidateNumber, v.Version);
                continue;
            }
            await blobs.PutAsync(cn, tx, content, v.FileSha256, ct);
            written++;
        }
        foreach (var (v, content) in corrections)
        {
            var replaced = await cn.ExecuteAsync(new CommandDefinition("""
                UPDATE document_versions
                SET file_sha256 = @FileSha256, storage_path = @StoragePath, bytes = @Bytes, generated_at = @generated,
                    available_from = @available, publisher = @Publisher, run_id = @RunId
                WHERE id = @Id AND available_from > @now AND content_hash = @ContentHash
                """, new
            {
                v.Id, v.FileSha256, v.StoragePath, v.Bytes, generated = StoreFormat.Instant(v.GeneratedAt), available = StoreFormat.Instant(v.AvailableFrom),
                v.Publisher, v.RunId, v.ContentHash, now = StoreFormat.Instant(now),
            }, tx, cancellationToken: ct));
            if (replaced == 0) continue;
            await blobs.PutAsync(cn, tx, content, v.FileSha256, ct);
            written++;
        }
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
        var rows = await cn.QueryAsync<Row>(new CommandDefinition(Select + " WHERE d.session_code = @sessionCode AND d.candidate_number = @candidateNumber ORDER BY d.kind, v.version DESC",
            new { sessionCode, candidateNumber }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    public async Task<DocumentVersion?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var row = await cn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE v.id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>The latest version available at `now` of each candidate's document of a kind.</summary>
    public async Task<IReadOnlyList<DocumentVersion>> LatestAvailableAsync(string sessionCode, IReadOnlyCollection<string> candidates, string kind, DateTimeOffset now, CancellationToken ct = default)
    {
        var list = new List<DocumentVersion>();
        await using var cn = await db.OpenAsync(ct);
        foreach (var chunk in candidates.Chunk(500))
        {
            var (inList, args) = SqlLists.InList(chunk, new { sessionCode, kind, now = Data.StoreFormat.Instant(now) });
            var rows = await cn.QueryAsync<Row>(new CommandDefinition(Select + $"""
                 WHERE d.session_code = @sessionCode AND d.kind = @kind AND d.candidate_number IN ({inList}) AND v.available_from <= @now
                   AND v.version = (SELECT MAX(v2.version) FROM document_versions v2 WHERE v2.document_id = d.id AND v2.available_from <= @now)
                """, args, cancellationToken: ct));
            list.AddRange(rows.Select(r => r.ToRecord()));
        }
        return list;
    }

    public async Task<int> CountVersionsAsync(string sessionCode, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await cn.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE d.session_code = @sessionCode",
            new { sessionCode }, cancellationToken: ct));
    }

    /// <summary>
    /// For a session's purge: deletes the versions nobody may download yet (availability date after <paramref name="now"/>),
    /// and the documents left without a version. Published versions are kept. Returns the deleted versions' files.
    /// </summary>
    public async Task<IReadOnlyList<string>> DeleteUnreleasedAsync(string sessionCode, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        await using var tx = await cn.BeginTransactionAsync(ct);
        var args = new { sessionCode, now = StoreFormat.Instant(now) };
        const string Unreleased = "FROM document_versions WHERE available_from > @now AND document_id IN (SELECT id FROM documents WHERE session_code = @sessionCode)";
        var contents = (await cn.QueryAsync<string>(new CommandDefinition("SELECT file_sha256 " + Unreleased, args, tx, cancellationToken: ct))).ToList();
        // The schema lets a version go only when its removal is recorded first, and only if nobody could download it yet (migration 010).
        await cn.ExecuteAsync(new CommandDefinition("INSERT INTO version_removals (version_id, removed_at) SELECT id, @now " + Unreleased, args, tx, cancellationToken: ct));
        await cn.ExecuteAsync(new CommandDefinition("DELETE " + Unreleased, args, tx, cancellationToken: ct));
        await cn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM documents WHERE session_code = @sessionCode AND NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = documents.id)",
            args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return contents;
    }

    const string Select = """
        SELECT v.id AS Id, d.session_code AS SessionCode, d.candidate_number AS CandidateNumber, d.kind AS Kind, v.version AS Version,
               v.content_hash AS ContentHash, v.file_sha256 AS FileSha256, v.storage_path AS StoragePath, v.bytes AS Bytes,
               v.generated_at AS GeneratedAt, v.available_from AS AvailableFrom, v.publisher AS Publisher, v.run_id AS RunId
        FROM documents d JOIN document_versions v ON v.document_id = d.id
        """;

    sealed class Row
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

        public DocumentVersion ToRecord() => new(Id, SessionCode, CandidateNumber, Kind, (int)Version, ContentHash, FileSha256, StoragePath, Bytes,
            Data.StoreFormat.ParseInstant(GeneratedAt), Data.StoreFormat.ParseInstant(AvailableFrom), Publisher, RunId);
    }
}

/// <summary>Another publication recorded this version number with another content: the batch is refused whole.</summary>
public sealed class PublicationConflictException(string candidate, int version)
    : Exception($"La version {version} du relevé de notes du candidat {candidate} a déjà été publiée avec un autre contenu : la publication de ce lot est refusée.");
