using System.Data.Common;
using CfgResults.Engine.Data;
using Dapper;
using Npgsql;
using NpgsqlTypes;

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
        // For each added version: the id of its row, and whether this batch inserted it (else its number was taken with the same content).
        var rows = cn is NpgsqlConnection npg
            ? await InsertPostgresAsync(npg, (NpgsqlTransaction)tx, added, ct)
            : await InsertRowsAsync(cn, tx, added, ct);
        var contents = new List<(string, ReadOnlyMemory<byte>)>();
        var codes = new List<(long, VerificationEntry)>();
        for (var i = 0; i < added.Count; i++)
        {
            if (rows[i].Inserted) contents.Add((added[i].Version.FileSha256, added[i].Content));
            if (added[i].Verification is { } code) codes.Add((rows[i].Id, code));
        }
        var written = contents.Count;
        if (corrections.Count > 0)
        {
            await using var update = Sql.Command(cn, tx, """
                UPDATE document_versions
                SET file_sha256 = @file, storage_path = @path, bytes = @bytes, generated_at = @generated,
                    available_from = @available, publisher = @publisher, run_id = @run
                WHERE id = @id AND available_from > @now AND content_hash = @hash
                """);
            var (file, path, bytes, generated, available, publisher, run, id, hash) = (Sql.Text(update, "@file"), Sql.Text(update, "@path"),
                Sql.Long(update, "@bytes"), Sql.Text(update, "@generated"), Sql.Text(update, "@available"), Sql.Text(update, "@publisher"),
                Sql.Text(update, "@run"), Sql.Long(update, "@id"), Sql.Text(update, "@hash"));
            Sql.Text(update, "@now", StoreFormat.Instant(now));
            foreach (var (v, content, code) in corrections)
            {
                (file.Value, path.Value, bytes.Value, generated.Value, available.Value, publisher.Value, run.Value, id.Value, hash.Value) =
                    (v.FileSha256, v.StoragePath, v.Bytes, StoreFormat.Instant(v.GeneratedAt), StoreFormat.Instant(v.AvailableFrom), v.Publisher, v.RunId, v.Id, v.ContentHash);
                // The code is recorded whether the file was replaced or not: the version has this content either way.
                if (code is not null) codes.Add((v.Id, code));
                if (await update.ExecuteNonQueryAsync(ct) == 0) continue;
                contents.Add((v.FileSha256, content));
                written++;
            }
        }
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

    /// <summary>SQLite: the document, then the version, one prepared statement each, executed for each version in the batch's order.</summary>
    static async Task<(long Id, bool Inserted)[]> InsertRowsAsync(DbConnection cn, DbTransaction tx, IReadOnlyList<Written> added, CancellationToken ct)
    {
        var rows = new (long, bool)[added.Count];
        if (added.Count == 0) return rows;
        await using var document = Sql.Command(cn, tx, """
            INSERT INTO documents (session_code, candidate_number, kind) VALUES (@session, @candidate, @kind)
            ON CONFLICT (session_code, candidate_number, kind) DO UPDATE SET kind = excluded.kind
            RETURNING id
            """);
        var (session, candidate, kind) = (Sql.Text(document, "@session"), Sql.Text(document, "@candidate"), Sql.Text(document, "@kind"));
        await using var version = Sql.Command(cn, tx, """
            INSERT INTO document_versions (document_id, version, content_hash, file_sha256, storage_path, bytes, generated_at,
                                           available_from, publisher, run_id)
            VALUES (@document, @version, @hash, @file, @path, @bytes, @generated, @available, @publisher, @run)
            ON CONFLICT (document_id, version) DO NOTHING
            RETURNING id
            """);
        var (documentId, number, hash, file, path, bytes, generated, available, publisher, run) = (Sql.Long(version, "@document"), Sql.Int(version, "@version"),
            Sql.Text(version, "@hash"), Sql.Text(version, "@file"), Sql.Text(version, "@path"), Sql.Long(version, "@bytes"), Sql.Text(version, "@generated"),
            Sql.Text(version, "@available"), Sql.Text(version, "@publisher"), Sql.Text(version, "@run"));
        for (var i = 0; i < added.Count; i++)
        {
            var v = added[i].Version;
            (session.Value, candidate.Value, kind.Value) = (v.SessionCode, v.CandidateNumber, v.Kind);
            var docId = Convert.ToInt64(await document.ExecuteScalarAsync(ct));
            (documentId.Value, number.Value, hash.Value, file.Value, path.Value, bytes.Value, generated.Value, available.Value, publisher.Value, run.Value) =
                (docId, v.Version, v.ContentHash, v.FileSha256, v.StoragePath, v.Bytes, StoreFormat.Instant(v.GeneratedAt), StoreFormat.Instant(v.AvailableFrom), v.Publisher, v.RunId);
            if (await version.ExecuteScalarAsync(ct) is { } id and not DBNull)
            {
                rows[i] = (Convert.ToInt64(id), true);
                continue;
            }
            var taken = await cn.QuerySingleAsync<(long Id, string Hash)>(new CommandDefinition(
                "SELECT id, content_hash FROM document_versions WHERE document_id = @docId AND version = @Version", new { docId, v.Version }, tx, cancellationToken: ct));
            if (taken.Hash != v.ContentHash) throw new PublicationConflictException(v.CandidateNumber, v.Version);
            rows[i] = (taken.Id, false);
        }
        return rows;
    }

    /// <summary>
    /// PostgreSQL: every document of the batch in one statement, every version in another (arrays unnested, rows in the
    /// batch's order), then the numbers found taken are compared with what is recorded under them in a third.
    /// </summary>
    static async Task<(long Id, bool Inserted)[]> InsertPostgresAsync(NpgsqlConnection cn, NpgsqlTransaction tx, IReadOnlyList<Written> added, CancellationToken ct)
    {
        var rows = new (long, bool)[added.Count];
        if (added.Count == 0) return rows;
        var keys = added.Select(w => (w.Version.SessionCode, w.Version.CandidateNumber, w.Version.Kind)).Distinct().ToList();
        var documentIds = new Dictionary<(string, string, string), long>();
        await using (var document = new NpgsqlCommand("""
            INSERT INTO documents (session_code, candidate_number, kind) SELECT * FROM unnest(@session, @candidate, @kind)
            ON CONFLICT (session_code, candidate_number, kind) DO UPDATE SET kind = excluded.kind
            RETURNING id, session_code, candidate_number, kind
            """, cn, tx))
        {
            PgArray(document, "session", keys.Select(k => k.SessionCode));
            PgArray(document, "candidate", keys.Select(k => k.CandidateNumber));
            PgArray(document, "kind", keys.Select(k => k.Kind));
            await using var r = await document.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) documentIds[(r.GetString(1), r.GetString(2), r.GetString(3))] = r.GetInt64(0);
        }
        var docIds = added.Select(w => documentIds[(w.Version.SessionCode, w.Version.CandidateNumber, w.Version.Kind)]).ToArray();
        var versions = added.Select(w => w.Version.Version).ToArray();
        var inserted = new Dictionary<(long, int), long>();
        await using (var version = new NpgsqlCommand("""
            INSERT INTO document_versions (document_id, version, content_hash, file_sha256, storage_path, bytes, generated_at,
                                           available_from, publisher, run_id)
            SELECT * FROM unnest(@document, @version, @hash, @file, @path, @bytes, @generated, @available, @publisher, @run)
            ON CONFLICT (document_id, version) DO NOTHING
            RETURNING id, document_id, version
            """, cn, tx))
        {
            version.Parameters.Add(new NpgsqlParameter("document", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = docIds });
            version.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = versions });
            PgArray(version, "hash", added.Select(w => w.Version.ContentHash));
            PgArray(version, "file", added.Select(w => w.Version.FileSha256));
            PgArray(version, "path", added.Select(w => w.Version.StoragePath));
            version.Parameters.Add(new NpgsqlParameter("bytes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = added.Select(w => w.Version.Bytes).ToArray() });
            PgArray(version, "generated", added.Select(w => StoreFormat.Instant(w.Version.GeneratedAt)));
            PgArray(version, "available", added.Select(w => StoreFormat.Instant(w.Version.AvailableFrom)));
            PgArray(version, "publisher", added.Select(w => w.Version.Publisher));
            PgArray(version, "run", added.Select(w => w.Version.RunId));
            await using var r = await version.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) inserted[(r.GetInt64(1), r.GetInt32(2))] = r.GetInt64(0);
        }
        var taken = new Dictionary<(long, int), (long Id, string Hash)>();
        if (inserted.Count < added.Count)
        {
            var missing = Enumerable.Range(0, added.Count).Where(i => !inserted.ContainsKey((docIds[i], versions[i]))).ToList();
            await using var check = new NpgsqlCommand("""
                SELECT v.id, v.document_id, v.version, v.content_hash FROM document_versions v
                JOIN unnest(@document, @version) AS t(document_id, version) ON v.document_id = t.document_id AND v.version = t.version
                """, cn, tx);
            check.Parameters.Add(new NpgsqlParameter("document", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = missing.Select(i => docIds[i]).ToArray() });
            check.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = missing.Select(i => versions[i]).ToArray() });
            await using var r = await check.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) taken[(r.GetInt64(1), r.GetInt32(2))] = (r.GetInt64(0), r.GetString(3));
        }
        for (var i = 0; i < added.Count; i++)
        {
            var key = (docIds[i], versions[i]);
            if (inserted.Remove(key, out var id))
            {
                rows[i] = (id, true);
                taken[key] = (id, added[i].Version.ContentHash); // the same number twice in one batch: the second is checked like a retry
            }
            else if (taken.TryGetValue(key, out var t) && t.Hash == added[i].Version.ContentHash) rows[i] = (t.Id, false);
            else throw new PublicationConflictException(added[i].Version.CandidateNumber, added[i].Version.Version);
        }
        return rows;
    }

    static void PgArray(NpgsqlCommand cmd, string name, IEnumerable<string> values) =>
        cmd.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });

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
