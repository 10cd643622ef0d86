using System.Data;
using System.Data.Common;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace CfgResults.Engine.Data;

/// <summary>
/// Generated files in the database, content-addressed by SHA-256 (lower-case hex): identical bytes are stored
/// once. Contents are written inside the caller's transaction (the one recording the row that names them), in
/// chunks of at most <see cref="ChunkSize"/>, and read back as a stream chunk by chunk. The schema refuses any
/// UPDATE of a stored content (migration 003) and the DELETE of one a document version names (migration 010).
/// </summary>
public sealed class BlobStore(IDatabase db, TimeProvider clock)
{
    public const int ChunkSize = 1024 * 1024;

    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Stores bytes (if not stored yet) in the caller's transaction; returns their SHA-256.</summary>
    public async Task<string> PutAsync(DbConnection cn, DbTransaction tx, ReadOnlyMemory<byte> content, string? sha256 = null, CancellationToken ct = default)
    {
        var sha = sha256 ?? Sha256(content.Span);
        await PutManyAsync(cn, tx, [(sha, content)], ct);
        return sha;
    }

    /// <summary>
    /// Stores many contents, each under the SHA-256 the caller computed from these bytes (those not stored yet; the same
    /// hash twice is stored once), in the caller's transaction: on PostgreSQL one statement for the headers and one binary
    /// COPY for the chunks, on SQLite two prepared statements executed for each.
    /// </summary>
    public async Task PutManyAsync(DbConnection cn, DbTransaction tx, IReadOnlyList<(string Sha256, ReadOnlyMemory<byte> Content)> contents, CancellationToken ct = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = contents.Where(c => seen.Add(c.Sha256)).ToList();
        if (unique.Count == 0) return;
        var at = StoreFormat.Instant(clock.GetUtcNow());
        if (cn is NpgsqlConnection npg)
        {
            await PutManyPostgresAsync(npg, (NpgsqlTransaction)tx, unique, at, ct);
            return;
        }
        await using var head = Sql.Command(cn, tx, InsertHeader);
        var headSha = Sql.Text(head, "@sha");
        var headLength = Sql.Long(head, "@n");
        Sql.Text(head, "@at", at);
        await using var chunk = Sql.Command(cn, tx, "INSERT INTO blob_chunks (sha256, seq, data) VALUES (@sha, @seq, @data)");
        var chunkSha = Sql.Text(chunk, "@sha");
        var chunkSeq = Sql.Int(chunk, "@seq");
        var chunkData = chunk.CreateParameter();
        chunkData.ParameterName = "@data";
        chunkData.DbType = DbType.Binary;
        chunk.Parameters.Add(chunkData);
        foreach (var (sha, content) in unique)
        {
            headSha.Value = sha;
            headLength.Value = (long)content.Length;
            if (await head.ExecuteNonQueryAsync(ct) == 0) continue;
            var seq = 0;
            foreach (var part in Chunks(content))
            {
                chunkSha.Value = sha;
                chunkSeq.Value = seq++;
                chunkData.Value = WholeArray(part);
                await chunk.ExecuteNonQueryAsync(ct);
            }
        }
    }

    static async Task PutManyPostgresAsync(NpgsqlConnection cn, NpgsqlTransaction tx, List<(string Sha256, ReadOnlyMemory<byte> Content)> contents, string at, CancellationToken ct)
    {
        var fresh = new HashSet<string>(StringComparer.Ordinal);
        await using (var head = new NpgsqlCommand("""
            INSERT INTO blobs (sha256, byte_count, created_at) SELECT t.sha, t.n, @at FROM unnest(@sha, @n) AS t(sha, n)
            ON CONFLICT (sha256) DO NOTHING RETURNING sha256
            """, cn, tx))
        {
            head.Parameters.Add(new NpgsqlParameter("sha", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = contents.Select(c => c.Sha256).ToArray() });
            head.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = contents.Select(c => (long)c.Content.Length).ToArray() });
            head.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.Text) { Value = at });
            await using var r = await head.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) fresh.Add(r.GetString(0));
        }
        if (fresh.Count == 0) return;
        await using var writer = await cn.BeginBinaryImportAsync("COPY blob_chunks (sha256, seq, data) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (sha, content) in contents)
        {
            if (!fresh.Contains(sha)) continue;
            var seq = 0;
            foreach (var part in Chunks(content))
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(sha, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(seq++, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(part, NpgsqlDbType.Bytea, ct);
            }
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>A content's chunks of at most <see cref="ChunkSize"/> (one empty chunk for empty content), without copying.</summary>
    static IEnumerable<ReadOnlyMemory<byte>> Chunks(ReadOnlyMemory<byte> content)
    {
        var offset = 0;
        do
        {
            var n = Math.Min(ChunkSize, content.Length - offset);
            yield return content.Slice(offset, n);
            offset += n;
        } while (offset < content.Length);
    }

    /// <summary>The bytes as an array, the caller's own when the memory is a whole array (SQLite binds arrays only).</summary>
    static byte[] WholeArray(ReadOnlyMemory<byte> part) =>
        MemoryMarshal.TryGetArray(part, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : part.ToArray();

    /// <summary>Stores a file's bytes (read twice: hashed, then copied chunk by chunk) in the caller's transaction.</summary>
    public async Task<(string Sha256, long Bytes)> PutFileAsync(DbConnection cn, DbTransaction tx, string path, CancellationToken ct = default)
    {
        await using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(fs, ct));
        var length = fs.Length;
        if (!await InsertHeaderAsync(cn, tx, sha, length, ct)) return (sha, length);
        fs.Position = 0;
        var buffer = new byte[ChunkSize];
        var seq = 0;
        while (true)
        {
            var read = await fs.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, ct);
            if (read == 0 && seq > 0) break;
            await InsertChunkAsync(cn, tx, sha, seq++, buffer.AsSpan(0, read).ToArray(), ct);
            if (read < ChunkSize) break;
        }
        return (sha, length);
    }

    /// <summary>
    /// Removes the contents that no document version and no kept run output names any more (a purged session's runs,
    /// expired outputs), each in its own short transaction; a published version's content is refused by the schema
    /// anyway (migration 010). Returns how many contents went.
    /// </summary>
    public async Task<int> DeleteUnreferencedAsync(IEnumerable<string> sha256s, CancellationToken ct = default)
    {
        const string Unreferenced = """
            NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.file_sha256 = @sha)
            AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.output_sha256 = @sha AND r.output_expired_at IS NULL)
            """;
        var removed = 0;
        await using var cn = await db.OpenAsync(ct);
        foreach (var sha in sha256s.Distinct(StringComparer.Ordinal))
        {
            await using var tx = await cn.BeginTransactionAsync(ct);
            await cn.ExecuteAsync(new CommandDefinition($"DELETE FROM blob_chunks WHERE sha256 = @sha AND {Unreferenced}", new { sha }, tx, cancellationToken: ct));
            removed += await cn.ExecuteAsync(new CommandDefinition($"DELETE FROM blobs WHERE sha256 = @sha AND {Unreferenced}", new { sha }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        return removed;
    }

    public async Task<bool> ExistsAsync(string sha256, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        await using var cmd = Sql.Command(cn, null, "SELECT COUNT(*) FROM blobs WHERE sha256 = @sha");
        Sql.Text(cmd, "@sha", sha256);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct)) > 0;
    }

    /// <summary>
    /// The stored bytes as a stream read chunk by chunk (one chunk in memory at a time); the stream holds a
    /// connection until disposed. Null when nothing is stored under this hash.
    /// </summary>
    public async Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct = default)
    {
        var cn = await db.OpenAsync(ct);
        try
        {
            await using (var head = Sql.Command(cn, null, "SELECT byte_count FROM blobs WHERE sha256 = @sha"))
            {
                Sql.Text(head, "@sha", sha256);
                if (await head.ExecuteScalarAsync(ct) is not { } count || count is DBNull)
                {
                    await cn.DisposeAsync();
                    return null;
                }
                var cmd = Sql.Command(cn, null, "SELECT data FROM blob_chunks WHERE sha256 = @sha ORDER BY seq");
                Sql.Text(cmd, "@sha", sha256);
                var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
                return new ChunkStream(cn, cmd, reader, Convert.ToInt64(count));
            }
        }
        catch
        {
            await cn.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads stored bytes whole (small documents: a transcript to copy into a bulk PDF).</summary>
    public async Task<byte[]> ReadAllAsync(string sha256, CancellationToken ct = default)
    {
        await using var stream = await OpenReadAsync(sha256, ct) ?? throw new FileNotFoundException($"contenu {sha256} absent de la base");
        var ms = new MemoryStream((int)stream.Length);
        await stream.CopyToAsync(ms, ct);
        return ms.ToArray();
    }

    const string InsertHeader = "INSERT INTO blobs (sha256, byte_count, created_at) VALUES (@sha, @n, @at) ON CONFLICT (sha256) DO NOTHING";

    async Task<bool> InsertHeaderAsync(DbConnection cn, DbTransaction tx, string sha, long length, CancellationToken ct)
    {
        await using var cmd = Sql.Command(cn, tx, InsertHeader);
        Sql.Text(cmd, "@sha", sha);
        Sql.Long(cmd, "@n", length);
        Sql.Text(cmd, "@at", StoreFormat.Instant(clock.GetUtcNow()));
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    static async Task InsertChunkAsync(DbConnection cn, DbTransaction tx, string sha, int seq, byte[] data, CancellationToken ct)
    {
        await using var cmd = Sql.Command(cn, tx, "INSERT INTO blob_chunks (sha256, seq, data) VALUES (@sha, @seq, @data)");
        Sql.Text(cmd, "@sha", sha);
        Sql.Int(cmd, "@seq", seq);
        var p = cmd.CreateParameter();
        p.ParameterName = "@data";
        p.DbType = DbType.Binary;
        p.Value = data;
        cmd.Parameters.Add(p);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A read-only stream over the chunks of one content, disposing its reader and connection with it.</summary>
    sealed class ChunkStream(DbConnection cn, DbCommand cmd, DbDataReader reader, long length) : Stream
    {
        byte[] _chunk = [];
        int _offset;
        long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_offset >= _chunk.Length)
            {
                if (!reader.Read()) return 0;
                _chunk = (byte[])reader.GetValue(0);
                _offset = 0;
            }
            return Take(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            while (_offset >= _chunk.Length)
            {
                if (!await reader.ReadAsync(ct)) return 0;
                _chunk = await reader.GetFieldValueAsync<byte[]>(0, ct);
                _offset = 0;
            }
            return Take(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        int Take(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, _chunk.Length - _offset);
            _chunk.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                reader.Dispose();
                cmd.Dispose();
                cn.Dispose();
            }
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync();
            await cmd.DisposeAsync();
            await cn.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
