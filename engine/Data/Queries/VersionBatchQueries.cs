using System.Data.Common;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace CfgResults.Engine.Data.Queries;

/// <summary>A verification code to record for a version, in the transaction writing it (Publishing.TranscriptVerificationStore).</summary>
internal sealed record VerificationWrite(long VersionId, string Code, string SessionCode, string SessionLabel, string CandidateNumber, int Version,
    string CandidateName, string Result, string Total);

/// <summary>
/// A publication batch's writes to <c>documents</c>, <c>document_versions</c> and <c>transcript_verifications</c>, in the
/// caller's transaction (Publishing.DocumentVersionStore.WriteAsync). On PostgreSQL each table gets one statement per batch
/// (arrays unnested); on SQLite (in-process) one prepared statement is executed for each version.
/// </summary>
internal static class VersionBatchQueries
{
    /// <summary>
    /// Inserts the versions, in order. For each: the id of its row, whether this batch inserted it, and otherwise the
    /// content hash recorded under its number (null when none: the caller refuses the batch).
    /// </summary>
    public static Task<(long Id, bool Inserted, string? TakenHash)[]> InsertAsync(DbConnection cn, DbTransaction tx, IReadOnlyList<VersionWrite> added,
        CancellationToken ct) =>
        cn is NpgsqlConnection npg ? InsertPostgresAsync(npg, (NpgsqlTransaction)tx, added, ct) : InsertRowsAsync(cn, tx, added, ct);

    static async Task<(long, bool, string?)[]> InsertRowsAsync(DbConnection cn, DbTransaction tx, IReadOnlyList<VersionWrite> added, CancellationToken ct)
    {
        var rows = new (long, bool, string?)[added.Count];
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
            var v = added[i];
            (session.Value, candidate.Value, kind.Value) = (v.SessionCode, v.CandidateNumber, v.Kind);
            var docId = Convert.ToInt64(await document.ExecuteScalarAsync(ct));
            (documentId.Value, number.Value, hash.Value, file.Value, path.Value, bytes.Value, generated.Value, available.Value, publisher.Value, run.Value) =
                (docId, v.Version, v.ContentHash, v.FileSha256, v.StoragePath, v.Bytes, v.GeneratedAt, v.AvailableFrom, v.Publisher, v.RunId);
            if (await version.ExecuteScalarAsync(ct) is { } id and not DBNull)
            {
                rows[i] = (Convert.ToInt64(id), true, null);
                continue;
            }
            var taken = await cn.QuerySingleAsync<(long Id, string Hash)>(new CommandDefinition(
                "SELECT id, content_hash FROM document_versions WHERE document_id = @docId AND version = @Version", new { docId, v.Version }, tx, cancellationToken: ct));
            rows[i] = (taken.Id, false, taken.Hash);
        }
        return rows;
    }

    /// <summary>
    /// Every document of the batch in one statement, every version in another (rows in the batch's order), then the numbers
    /// found taken are read back with what is recorded under them in a third.
    /// </summary>
    static async Task<(long, bool, string?)[]> InsertPostgresAsync(NpgsqlConnection cn, NpgsqlTransaction tx, IReadOnlyList<VersionWrite> added, CancellationToken ct)
    {
        var rows = new (long, bool, string?)[added.Count];
        if (added.Count == 0) return rows;
        var keys = added.Select(v => (v.SessionCode, v.CandidateNumber, v.Kind)).Distinct().ToList();
        var documentIds = new Dictionary<(string, string, string), long>();
        await using (var document = new NpgsqlCommand("""
            INSERT INTO documents (session_code, candidate_number, kind) SELECT * FROM unnest(@session, @candidate, @kind)
            ON CONFLICT (session_code, candidate_number, kind) DO UPDATE SET kind = excluded.kind
            RETURNING id, session_code, candidate_number, kind
            """, cn, tx))
        {
            TextArray(document, "session", keys.Select(k => k.SessionCode));
            TextArray(document, "candidate", keys.Select(k => k.CandidateNumber));
            TextArray(document, "kind", keys.Select(k => k.Kind));
            await using var r = await document.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) documentIds[(r.GetString(1), r.GetString(2), r.GetString(3))] = r.GetInt64(0);
        }
        var docIds = added.Select(v => documentIds[(v.SessionCode, v.CandidateNumber, v.Kind)]).ToArray();
        var versions = added.Select(v => v.Version).ToArray();
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
            TextArray(version, "hash", added.Select(v => v.ContentHash));
            TextArray(version, "file", added.Select(v => v.FileSha256));
            TextArray(version, "path", added.Select(v => v.StoragePath));
            version.Parameters.Add(new NpgsqlParameter("bytes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = added.Select(v => v.Bytes).ToArray() });
            TextArray(version, "generated", added.Select(v => v.GeneratedAt));
            TextArray(version, "available", added.Select(v => v.AvailableFrom));
            TextArray(version, "publisher", added.Select(v => v.Publisher));
            TextArray(version, "run", added.Select(v => v.RunId));
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
                rows[i] = (id, true, null);
                taken[key] = (id, added[i].ContentHash); // the same number twice in one batch: the second is checked like a retry
            }
            else rows[i] = taken.TryGetValue(key, out var t) ? (t.Id, false, t.Hash) : (0, false, null);
        }
        return rows;
    }

    /// <summary>
    /// Replaces the file, dates and publisher of versions nobody may download yet (available after <paramref name="now"/>),
    /// each under its number and content hash; for each, whether it was replaced.
    /// </summary>
    public static async Task<bool[]> CorrectUnreleasedAsync(DbConnection cn, DbTransaction tx, IReadOnlyList<VersionWrite> corrections, string now,
        CancellationToken ct)
    {
        var replaced = new bool[corrections.Count];
        if (corrections.Count == 0) return replaced;
        await using var update = Sql.Command(cn, tx, """
            UPDATE document_versions
            SET file_sha256 = @file, storage_path = @path, bytes = @bytes, generated_at = @generated,
                available_from = @available, publisher = @publisher, run_id = @run
            WHERE id = @id AND available_from > @now AND content_hash = @hash
            """);
        var (file, path, bytes, generated, available, publisher, run, id, hash) = (Sql.Text(update, "@file"), Sql.Text(update, "@path"),
            Sql.Long(update, "@bytes"), Sql.Text(update, "@generated"), Sql.Text(update, "@available"), Sql.Text(update, "@publisher"),
            Sql.Text(update, "@run"), Sql.Long(update, "@id"), Sql.Text(update, "@hash"));
        Sql.Text(update, "@now", now);
        for (var i = 0; i < corrections.Count; i++)
        {
            var v = corrections[i];
            (file.Value, path.Value, bytes.Value, generated.Value, available.Value, publisher.Value, run.Value, id.Value, hash.Value) =
                (v.FileSha256, v.StoragePath, v.Bytes, v.GeneratedAt, v.AvailableFrom, v.Publisher, v.RunId, v.Id, v.ContentHash);
            replaced[i] = await update.ExecuteNonQueryAsync(ct) > 0;
        }
        return replaced;
    }

    /// <summary>Records verification codes by version id (one per version, the first given wins); on PostgreSQL in one statement.</summary>
    public static async Task RecordVerificationsAsync(DbConnection cn, DbTransaction tx, IReadOnlyList<VerificationWrite> codes, string now, CancellationToken ct)
    {
        var seen = new HashSet<long>();
        var rows = codes.Where(c => seen.Add(c.VersionId)).ToList();
        if (rows.Count == 0) return;
        const string Columns = "document_version_id, code, session_code, session_label, candidate_number, version, candidate_name, result, total, recorded_at";
        const string Upsert = """
            ON CONFLICT (document_version_id) DO UPDATE SET candidate_name = excluded.candidate_name, result = excluded.result,
                total = excluded.total, session_label = excluded.session_label, recorded_at = excluded.recorded_at
            """;
        if (cn is NpgsqlConnection npg)
        {
            await using var batch = new NpgsqlCommand($"""
                INSERT INTO transcript_verifications ({Columns})
                SELECT t.*, @now FROM unnest(@id, @code, @session, @label, @candidate, @version, @name, @result, @total) AS t
                {Upsert}
                """, npg, (NpgsqlTransaction)tx);
            batch.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.VersionId).ToArray() });
            batch.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.Version).ToArray() });
            foreach (var (parameter, value) in new (string, Func<VerificationWrite, string>)[]
                     {
                         ("code", e => e.Code), ("session", e => e.SessionCode), ("label", e => e.SessionLabel), ("candidate", e => e.CandidateNumber),
                         ("name", e => e.CandidateName), ("result", e => e.Result), ("total", e => e.Total),
                     })
                TextArray(batch, parameter, rows.Select(value));
            batch.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.Text) { Value = now });
            await batch.ExecuteNonQueryAsync(ct);
            return;
        }
        await using var cmd = Sql.Command(cn, tx, $"""
            INSERT INTO transcript_verifications ({Columns})
            VALUES (@id, @code, @session, @label, @candidate, @version, @name, @result, @total, @now)
            {Upsert}
            """);
        var (id, code, session, label, candidate, version, name, result, total) = (Sql.Long(cmd, "@id"), Sql.Text(cmd, "@code"), Sql.Text(cmd, "@session"),
            Sql.Text(cmd, "@label"), Sql.Text(cmd, "@candidate"), Sql.Int(cmd, "@version"), Sql.Text(cmd, "@name"), Sql.Text(cmd, "@result"), Sql.Text(cmd, "@total"));
        Sql.Text(cmd, "@now", now);
        foreach (var e in rows)
        {
            (id.Value, code.Value, session.Value, label.Value, candidate.Value, version.Value, name.Value, result.Value, total.Value) =
                (e.VersionId, e.Code, e.SessionCode, e.SessionLabel, e.CandidateNumber, e.Version, e.CandidateName, e.Result, e.Total);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    static void TextArray(NpgsqlCommand cmd, string name, IEnumerable<string> values) =>
        cmd.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
}
