using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CfgResults.Engine.Data;
using CfgResults.Engine.Running;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace CfgResults.Engine.Publishing;

/// <summary>
/// The verification code printed on a transcript version: 12 symbols of Crockford's base 32 (no I, L, O, U:
/// nothing to misread or mishear), shown in three groups (« 7K2M-QX9D-4HTR »), 60 bits taken from
/// HMAC-SHA256(server secret, session, candidate, version). Unguessable without the secret, known before the
/// PDF is drawn (so it can be printed on it), and the same when an unreleased version is drawn again.
/// </summary>
public static class VerificationCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Symbols = 12;

    public static string Derive(byte[] secret, string sessionCode, string candidateNumber, int version)
    {
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"releve-notes\n{sessionCode}\n{candidateNumber}\n{version}"));
        ulong bits = BinaryPrimitives.ReadUInt64BigEndian(mac) >> 4; // 60 bits
        var code = new char[Symbols];
        for (int i = Symbols - 1; i >= 0; i--, bits >>= 5) code[i] = Alphabet[(int)(bits & 31)];
        return Format(code);
    }

    /// <summary>
    /// The canonical form of what someone typed or read out (« 7k2m qx9d 4htr », O for 0, I or L for 1), or
    /// null when it cannot be a code.
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (input is null || input.Length > 40) return null;
        var code = new List<char>(Symbols);
        foreach (var ch in input.ToUpperInvariant())
        {
            if (ch is ' ' or '-' or '.') continue;
            var c = ch switch { 'O' => '0', 'I' or 'L' => '1', _ => ch };
            if (!Alphabet.Contains(c)) return null;
            code.Add(c);
        }
        return code.Count == Symbols ? Format([.. code]) : null;
    }

    static string Format(char[] code) => $"{new string(code, 0, 4)}-{new string(code, 4, 4)}-{new string(code, 8, 4)}";
}

/// <summary>What a transcript version says, recorded with its code when the version is recorded.</summary>
public sealed record VerificationEntry(string SessionCode, string SessionLabel, string CandidateNumber, int Version, string Code,
    string CandidateName, string Result, string Total);

public enum VerificationStatus { Unknown, Genuine, Replaced }

/// <summary>
/// The answer of the public verification page. <see cref="VerificationStatus.Replaced"/> carries nothing but the
/// version number (a replaced version points to nothing else); <see cref="VerificationStatus.Unknown"/> nothing.
/// </summary>
public sealed record VerificationResult(VerificationStatus Status, string Code, string? SessionLabel = null, string? CandidateName = null,
    string? Result = null, string? Total = null, int Version = 0, DateTimeOffset? GeneratedAt = null, DateTimeOffset? AvailableFrom = null,
    string? FileSha256 = null)
{
    public static VerificationResult Unknown(string code) => new(VerificationStatus.Unknown, code);
}

/// <summary>Verification codes of transcript versions (table transcript_verifications) and the secret they come from.</summary>
public sealed class TranscriptVerificationStore(IDatabase db)
{
    /// <summary>The server-held HMAC secret (32 random bytes), created on first use.</summary>
    public async Task<byte[]> SecretAsync(CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        await cn.ExecuteAsync(new CommandDefinition("INSERT INTO verification_secret (id, secret) VALUES (1, @secret) ON CONFLICT (id) DO NOTHING",
            new { secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, cancellationToken: ct));
        var secret = await cn.ExecuteScalarAsync<string>(new CommandDefinition("SELECT secret FROM verification_secret WHERE id = 1", cancellationToken: ct));
        return Convert.FromBase64String(secret!);
    }

    /// <summary>
    /// Records the codes of versions just recorded (new, or unreleased ones drawn again), found by
    /// (session, candidate, version) among the transcript documents.
    /// </summary>
    public async Task<int> RecordAsync(IReadOnlyList<VerificationEntry> entries, DateTimeOffset now, CancellationToken ct = default)
    {
        if (entries.Count == 0) return 0;
        await using var cn = await db.OpenAsync(ct);
        await using var tx = await cn.BeginTransactionAsync(ct);
        var found = new List<(long, VerificationEntry)>();
        foreach (var e in entries)
        {
            var versionId = await cn.ExecuteScalarAsync<long?>(new CommandDefinition("""
                SELECT v.id FROM documents d JOIN document_versions v ON v.document_id = d.id
                WHERE d.session_code = @SessionCode AND d.candidate_number = @CandidateNumber AND d.kind = @kind AND v.version = @Version
                """, new { e.SessionCode, e.CandidateNumber, kind = DocumentVersionStore.TranscriptKind, e.Version }, tx, cancellationToken: ct));
            if (versionId is { } id) found.Add((id, e));
        }
        await RecordAsync(cn, tx, found, now, ct);
        await tx.CommitAsync(ct);
        return found.Count;
    }

    /// <summary>
    /// Records the codes of versions being recorded, by version id, in the caller's transaction (the one writing the
    /// versions): on PostgreSQL one statement (arrays unnested), on SQLite one prepared statement executed for each.
    /// </summary>
    internal static async Task RecordAsync(DbConnection cn, DbTransaction tx, IReadOnlyList<(long VersionId, VerificationEntry Entry)> codes, DateTimeOffset now,
        CancellationToken ct)
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
            batch.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.Entry.Version).ToArray() });
            foreach (var (parameter, value) in new (string, Func<VerificationEntry, string>)[]
                     {
                         ("code", e => e.Code), ("session", e => e.SessionCode), ("label", e => e.SessionLabel), ("candidate", e => e.CandidateNumber),
                         ("name", e => e.CandidateName), ("result", e => e.Result), ("total", e => e.Total),
                     })
                batch.Parameters.Add(new NpgsqlParameter(parameter, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => value(r.Entry)).ToArray() });
            batch.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.Text) { Value = StoreFormat.Instant(now) });
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
        Sql.Text(cmd, "@now", StoreFormat.Instant(now));
        foreach (var (versionId, e) in rows)
        {
            (id.Value, code.Value, session.Value, label.Value, candidate.Value, version.Value, name.Value, result.Value, total.Value) =
                (versionId, e.Code, e.SessionCode, e.SessionLabel, e.CandidateNumber, e.Version, e.CandidateName, e.Result, e.Total);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// What a code verifies at <paramref name="now"/>: unknown (no such code, or its version not available yet),
    /// replaced (a later version of the same document exists), or genuine with what the version says.
    /// </summary>
    public async Task<VerificationResult> FindAsync(string code, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var row = await cn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT t.session_label AS SessionLabel, t.candidate_name AS CandidateName, t.result AS Result, t.total AS Total, t.version AS Version,
                   v.file_sha256 AS FileSha256, v.generated_at AS GeneratedAt, v.available_from AS AvailableFrom,
                   (SELECT MAX(v2.version) FROM document_versions v2 WHERE v2.document_id = v.document_id AND v2.available_from <= @now) AS LatestAvailable
            FROM transcript_verifications t JOIN document_versions v ON v.id = t.document_version_id
            WHERE t.code = @code
            """, new { code, now = StoreFormat.Instant(now) }, cancellationToken: ct));
        if (row is null || StoreFormat.ParseInstant(row.AvailableFrom) > now) return VerificationResult.Unknown(code);
        if (row.LatestAvailable > row.Version) return new VerificationResult(VerificationStatus.Replaced, code, Version: (int)row.Version);
        return new VerificationResult(VerificationStatus.Genuine, code, row.SessionLabel, row.CandidateName, row.Result, row.Total, (int)row.Version,
            StoreFormat.ParseInstant(row.GeneratedAt), StoreFormat.ParseInstant(row.AvailableFrom), row.FileSha256);
    }

    sealed class Row
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
}
