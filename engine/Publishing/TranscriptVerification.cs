using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CfgResults.Engine.Data;
using CfgResults.Engine.Running;
using CfgResults.Engine.Data.Queries;

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
        var secret = await DocumentQueries.SecretAsync(cn, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), ct);
        return Convert.FromBase64String(secret);
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
            var versionId = await DocumentQueries.VersionIdAsync(cn, tx, e.SessionCode, e.CandidateNumber, DocumentVersionStore.TranscriptKind, e.Version, ct);
            if (versionId is { } id) found.Add((id, e));
        }
        await RecordAsync(cn, tx, found, now, ct);
        await tx.CommitAsync(ct);
        return found.Count;
    }

    /// <summary>Records the codes of versions being recorded, by version id, in the caller's transaction (the one writing the versions).</summary>
    internal static Task RecordAsync(DbConnection cn, DbTransaction tx, IReadOnlyList<(long VersionId, VerificationEntry Entry)> codes, DateTimeOffset now,
        CancellationToken ct) =>
        VersionBatchQueries.RecordVerificationsAsync(cn, tx, codes.Select(c => new VerificationWrite(c.VersionId, c.Entry.Code, c.Entry.SessionCode,
            c.Entry.SessionLabel, c.Entry.CandidateNumber, c.Entry.Version, c.Entry.CandidateName, c.Entry.Result, c.Entry.Total)).ToList(),
            StoreFormat.Instant(now), ct);

    /// <summary>
    /// What a code verifies at <paramref name="now"/>: unknown (no such code, or its version not available yet),
    /// replaced (a later version of the same document exists), or genuine with what the version says.
    /// </summary>
    public async Task<VerificationResult> FindAsync(string code, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var row = await DocumentQueries.FindVerificationAsync(cn, code, StoreFormat.Instant(now), ct);
        if (row is null || StoreFormat.ParseInstant(row.AvailableFrom) > now) return VerificationResult.Unknown(code);
        if (row.LatestAvailable > row.Version) return new VerificationResult(VerificationStatus.Replaced, code, Version: (int)row.Version);
        return new VerificationResult(VerificationStatus.Genuine, code, row.SessionLabel, row.CandidateName, row.Result, row.Total, (int)row.Version,
            StoreFormat.ParseInstant(row.GeneratedAt), StoreFormat.ParseInstant(row.AvailableFrom), row.FileSha256);
    }
}
