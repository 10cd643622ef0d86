using System.Security.Cryptography;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Documents;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>Verification codes: their form, the secret they come from, and what a code verifies after publications.</summary>
public sealed class TranscriptVerificationTests
{
    static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Code_IsTwelveCrockfordSymbolsInThreeGroups_StableAndDependingOnEveryInput()
    {
        var code = VerificationCode.Derive(Secret, "CFG2026", "0783546F-0001", 1);

        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", code);
        Assert.Equal(code, VerificationCode.Derive(Secret, "CFG2026", "0783546F-0001", 1));
        Assert.NotEqual(code, VerificationCode.Derive(Secret, "CFG2026", "0783546F-0001", 2));
        Assert.NotEqual(code, VerificationCode.Derive(Secret, "CFG2026", "0783546F-0002", 1));
        Assert.NotEqual(code, VerificationCode.Derive(Secret, "CFG2027", "0783546F-0001", 1));
        // Not from the content alone: another server secret gives another code.
        Assert.NotEqual(code, VerificationCode.Derive([.. Secret.Reverse()], "CFG2026", "0783546F-0001", 1));
        // 1,000 versions, 1,000 different codes.
        Assert.Equal(1000, Enumerable.Range(1, 1000).Select(v => VerificationCode.Derive(Secret, "CFG2026", "X", v)).Distinct().Count());
    }

    [Theory]
    [InlineData("7k2m qx9d 4htr", "7K2M-QX9D-4HTR")]
    [InlineData("7K2M-QX9D-4HTR", "7K2M-QX9D-4HTR")]
    [InlineData("oiL0.ABCD.EFGH", "0110-ABCD-EFGH")]
    [InlineData("7K2M-QX9D-4HT", null)]
    [InlineData("7K2M-QX9D-4HTU", null)]
    [InlineData("", null)]
    public void Normalize_AcceptsWhatPeopleType_AndRefusesWhatCannotBeACode(string typed, string? expected) =>
        Assert.Equal(expected, VerificationCode.Normalize(typed));

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Secret_IsCreatedOnce_AndKeptInTheDatabase(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        await using var other = await TestDatabases.CreateAsync(dialect);

        var first = await new TranscriptVerificationStore(db.Database).SecretAsync();
        Assert.Equal(32, first.Length);
        Assert.Equal(first, await new TranscriptVerificationStore(db.Database).SecretAsync());
        Assert.NotEqual(first, await new TranscriptVerificationStore(other.Database).SecretAsync());
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Store_FindsAnAvailableVersion_NotOneToCome_AndFlagsAReplacedOne(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var documents = new DocumentVersionStore(db.Database, new BlobStore(db.Database, TimeProvider.System));
        var store = new TranscriptVerificationStore(db.Database);
        var now = new DateTimeOffset(2026, 6, 20, 8, 0, 0, TimeSpan.Zero);
        static byte[] Pdf(int n) => System.Text.Encoding.ASCII.GetBytes($"%PDF-1.7 version {n}");
        DocumentVersionStore.Written Version(int n, DateTimeOffset available) => new(new(0, "CFG2026", "0001", DocumentVersionStore.TranscriptKind, n, $"h{n}",
            BlobStore.Sha256(Pdf(n)), $"documents/v{n}.pdf", Pdf(n).Length, now.AddDays(-10), available, "Service Examens et Concours", "run"), Pdf(n));
        await documents.WriteAsync([Version(1, now.AddDays(-5))], [], now.AddDays(-10));
        await store.RecordAsync([new("CFG2026", "CFG - Juin 2026", "0001", 1, "AAAA-AAAA-AAA1", "MARTIN Léo", "Admis", "240")], now);

        var genuine = await store.FindAsync("AAAA-AAAA-AAA1", now);
        Assert.Equal(VerificationStatus.Genuine, genuine.Status);
        Assert.Equal(("CFG - Juin 2026", "MARTIN Léo", "Admis", "240", 1), (genuine.SessionLabel, genuine.CandidateName, genuine.Result, genuine.Total, genuine.Version));
        Assert.Equal(BlobStore.Sha256(Pdf(1)), genuine.FileSha256);
        Assert.Equal(VerificationStatus.Unknown, (await store.FindAsync("AAAA-AAAA-AAA2", now)).Status);

        // Version 2, available in two days: version 1 stays genuine until then, version 2 is unknown until then.
        await documents.WriteAsync([Version(2, now.AddDays(2))], [], now.AddDays(-10));
        await store.RecordAsync([new("CFG2026", "CFG - Juin 2026", "0001", 2, "AAAA-AAAA-AAA2", "MARTIN Léo", "Admis", "250")], now);
        Assert.Equal(VerificationStatus.Genuine, (await store.FindAsync("AAAA-AAAA-AAA1", now)).Status);
        Assert.Equal(VerificationStatus.Unknown, (await store.FindAsync("AAAA-AAAA-AAA2", now)).Status);

        var later = now.AddDays(3);
        var replaced = await store.FindAsync("AAAA-AAAA-AAA1", later);
        Assert.Equal(new VerificationResult(VerificationStatus.Replaced, "AAAA-AAAA-AAA1", Version: 1), replaced);
        Assert.Equal("250", (await store.FindAsync("AAAA-AAAA-AAA2", later)).Total);
    }

    [Fact]
    public async Task Publication_RecordsEachVersionsCode_PrintedOnIt_AndARepublicationReplacesIt()
    {
        var s = new TinySession();
        string buc = TinySession.Buc.Uai;
        TinySession Build(decimal oral)
        {
            var t = new TinySession();
            t.Add("MARTIN", "Léo", rows: n =>
            [
                new(n, "ECRIT-FR", ExamPosition.Registered, buc, GradeValue.Of(80)), new(n, "ORAL", ExamPosition.Registered, buc, GradeValue.Of(oral)),
                new(n, "ECRIT-MATH", ExamPosition.Registered, buc, GradeValue.Of(60)), new(n, "TOTAL", ExamPosition.Registered, null, GradeValue.Of(140 + oral)),
            ]);
            t.Add("ROUGE", "Arthur", tweak: c => c with { RedList = true });
            return t;
        }
        var session = Build(100);
        await using var f = await EngineFixture.OpenAsync(session.Build());
        var martin = session.Build().Candidates.Single(c => c.LastName == "MARTIN");
        var rouge = session.Build().Candidates.Single(c => c.LastName == "ROUGE");
        Task<RunRecord> Publish(string at) => f.RunAsync("publication-releves", EngineFixture.Manager(), new Dictionary<string, string> { ["disponible_le"] = at });

        Assert.Equal(RunState.Succeeded, (await Publish("20/06/2026 08:00")).State);
        var secret = await f.Engine.Services.Verification.SecretAsync();
        var v1 = (await f.Engine.Documents.ListForCandidateAsync(f.SessionCode, martin.Number)).Single();
        var code1 = VerificationCode.Derive(secret, f.SessionCode, martin.Number, 1);
        var pdf1 = await ReadAsync(f, v1);
        Assert.Contains($"Code de vérification : {code1}", string.Join(' ', Pdf.Lines(pdf1).Single()));
        Assert.Contains(PdfTools.StructureOutline(pdf1), l => l.Trim() == "Figure"); // the QR code

        f.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 21, 8, 0, 0, TimeSpan.Zero));
        var found = await f.Engine.Services.Verification.FindAsync(code1, f.Clock.GetUtcNow());
        Assert.Equal(VerificationStatus.Genuine, found.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf1)), found.FileSha256);
        Assert.Equal(("MARTIN Léo", "Admis", 1), (found.CandidateName, found.Result, found.Version));
        Assert.Equal("240", found.Total);
        // A red-listed candidate's transcript is verifiable by its code (and by nothing else: there is no search).
        var rougeCode = VerificationCode.Derive(secret, f.SessionCode, rouge.Number, 1);
        Assert.Equal(VerificationStatus.Genuine, (await f.Engine.Services.Verification.FindAsync(rougeCode, f.Clock.GetUtcNow())).Status);

        // New grades, a new version: the first one is replaced once the second is available.
        await f.ImportAsync(Build(150).Build());
        Assert.Equal(RunState.Succeeded, (await Publish("22/06/2026 08:00")).State);
        var code2 = VerificationCode.Derive(secret, f.SessionCode, martin.Number, 2);
        Assert.Equal(VerificationStatus.Genuine, (await f.Engine.Services.Verification.FindAsync(code1, f.Clock.GetUtcNow())).Status);
        f.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 23, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(VerificationStatus.Replaced, (await f.Engine.Services.Verification.FindAsync(code1, f.Clock.GetUtcNow())).Status);
        var second = await f.Engine.Services.Verification.FindAsync(code2, f.Clock.GetUtcNow());
        Assert.Equal(("290", 2), (second.Total, second.Version));
    }

    static Task<byte[]> ReadAsync(EngineFixture f, DocumentVersion v) => f.Engine.Blobs.ReadAllAsync(v.FileSha256);
}
