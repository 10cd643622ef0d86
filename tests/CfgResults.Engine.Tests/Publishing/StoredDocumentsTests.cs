using System.Data.Common;
using System.Security.Cryptography;
using CfgResults.Engine.Steps;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Support;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CfgResults.Engine.Tests.Publishing;

/// <summary>
/// Issue 9, item 1: generated documents live in the database, content-addressed, written in the transaction of the
/// row naming them; published content can never be overwritten (the schema refuses it, not only the code).
/// </summary>
public sealed class StoredDocumentsTests
{
    /// <summary>An engine on a fresh database of either dialect, with a fake clock and the demo session.</summary>
    internal sealed class StoreWorld : IAsyncDisposable
    {
        public required TestEngine Engine { get; init; }
        public required FakeTimeProvider Clock { get; init; }
        public required string DataDir { get; init; }
        public required string SessionCode { get; init; }
        public required Func<Task> Drop { get; init; }
        public string? PostgresConnection { get; init; }

        public static async Task<StoreWorld> OpenAsync(SqlDialect dialect, int candidates = 120)
        {
            var dataDir = Directory.CreateTempSubdirectory("cfgresults-store-").FullName;
            string? connection = null;
            Func<Task> drop = () => Task.CompletedTask;
            if (dialect == SqlDialect.Postgres)
            {
                var database = await PostgresServer.CreateDatabaseAsync("store");
                connection = new NpgsqlConnectionStringBuilder(await PostgresServer.AdminConnectionStringAsync()) { Database = database.DatabaseName }.ConnectionString;
                drop = () => PostgresServer.DropDatabaseAsync(database);
            }
            var clock = new FakeTimeProvider(EngineFixture.DefaultNow);
            var engine = await TestEngine.OpenAsync(new EngineOptions { DataDir = dataDir, PostgresConnection = connection }, clock);
            var data = EngineFixture.Demo(candidates);
            await engine.Sessions.ReplaceSessionAsync(data);
            return new StoreWorld { Engine = engine, Clock = clock, DataDir = dataDir, SessionCode = data.Session.Code, Drop = drop, PostgresConnection = connection };
        }

        public Task<RunRecord> PublishAsync(string publisher, string available = "01/07/2026 08:00", string? key = null) =>
            Engine.Runner.RunAsync(new RunRequest("publication-releves", Caller.Manager("gestionnaire"), null,
                new Dictionary<string, string> { ["disponible_le"] = available, ["publie_par"] = publisher }, [], key));

        public async Task<DbConnection> OpenAsync() => await Engine.Database.OpenAsync();

        public async ValueTask DisposeAsync()
        {
            (Engine.Database as IDisposable)?.Dispose();
            await Drop();
            Directory.Delete(DataDir, true);
        }
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task TwoPublicationsAtOnce_LeaveOneVersionPerCandidate_WhosePdfMatchesItsHashAndListedPublisher(SqlDialect dialect)
    {
        await using var w = await StoreWorld.OpenAsync(dialect);
        // The second is refused while the first runs (item 2); either way, what is stored must be consistent.
        async Task<RunRecord?> Publish(string publisher)
        {
            try { return await w.PublishAsync(publisher); }
            catch (PublicationBusyException) { return null; }
        }
        var runs = await Task.WhenAll(Task.Run(() => Publish("Service A")), Task.Run(() => Publish("Service B")));
        Assert.Contains(runs, r => r?.State == RunState.Succeeded);
        Assert.All(runs.OfType<RunRecord>(), r => Assert.Equal(RunState.Succeeded, r.State));

        await AssertConsistentAsync(w);
    }

    /// <summary>Every version: one per candidate, bytes hashing to the recorded SHA-256, the PDF naming the listed publisher.</summary>
    internal static async Task AssertConsistentAsync(StoreWorld w, long? expectedCandidates = null)
    {
        await using var cn = await w.OpenAsync();
        var perDocument = (await cn.QueryAsync<long>("SELECT COUNT(*) FROM document_versions GROUP BY document_id")).ToList();
        Assert.NotEmpty(perDocument);
        Assert.All(perDocument, n => Assert.Equal(1L, n));
        if (expectedCandidates is { } expected) Assert.Equal(expected, perDocument.Count);
        var candidates = (await cn.QueryAsync<string>("SELECT DISTINCT candidate_number FROM documents")).ToList();
        foreach (var number in candidates)
        {
            var v = Assert.Single(await w.Engine.Documents.ListForCandidateAsync(w.SessionCode, number));
            var bytes = await w.Engine.Blobs.ReadAllAsync(v.FileSha256);
            Assert.Equal(v.FileSha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal(v.Bytes, bytes.LongLength);
            using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
            Assert.Equal(v.Publisher, pdf.Information.Author);
            Assert.Contains($"(publié par le {v.Publisher})", string.Join(" ", Pdf.Lines(bytes).SelectMany(l => l)));
        }
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task PublishedContent_CannotBeOverwrittenOrRemoved_ByTheSchema(SqlDialect dialect)
    {
        await using var w = await StoreWorld.OpenAsync(dialect, candidates: 40);
        var run = await w.PublishAsync("Service A", available: "20/06/2026 08:00"); // available before now: released at once
        Assert.Equal(RunState.Succeeded, run.State);
        await using var cn = await w.OpenAsync();
        var (id, sha) = await cn.QueryFirstAsync<(long, string)>("SELECT id, file_sha256 FROM document_versions ORDER BY id");

        async Task Refused(string sql)
        {
            var e = await Assert.ThrowsAnyAsync<DbException>(() => cn.ExecuteAsync(sql, new { id, sha }));
            Assert.True(e.Message.Contains("ne peut", StringComparison.Ordinal), e.Message);
        }
        await Refused("UPDATE blob_chunks SET data = data WHERE sha256 = @sha");
        await Refused("UPDATE blobs SET byte_count = 1 WHERE sha256 = @sha");
        await Refused("DELETE FROM blob_chunks WHERE sha256 = @sha");
        await Refused("DELETE FROM blobs WHERE sha256 = @sha");
        await Refused("DELETE FROM document_versions WHERE id = @id");
        // Released: neither its file nor its publisher may change, even with a later generation date.
        await Refused("UPDATE document_versions SET file_sha256 = 'x', generated_at = '2030-01-01T00:00:00.000Z' WHERE id = @id");
        await Refused("UPDATE document_versions SET publisher = 'Service B' WHERE id = @id");
        // The unique key: a second row under a taken number is impossible.
        await Assert.ThrowsAnyAsync<DbException>(() => cn.ExecuteAsync("""
            INSERT INTO document_versions (document_id, version, content_hash, file_sha256, storage_path, bytes, generated_at, available_from, publisher, run_id)
            SELECT document_id, version, content_hash, file_sha256, storage_path, bytes, generated_at, available_from, publisher, run_id FROM document_versions WHERE id = @id
            """, new { id }));
        // A run's recorded output is fixed too.
        var extraction = await w.Engine.Runner.RunAsync(new RunRequest("extraction-notes", EngineFixture.School(EngineFixture.MemoSchool), null,
            new Dictionary<string, string> { ["groupe_decision"] = (await FirstGroupAsync(w)), ["inclure_nom"] = "O" }, []));
        Assert.Equal(RunState.Succeeded, extraction.State);
        var e = await Assert.ThrowsAnyAsync<DbException>(() => cn.ExecuteAsync("UPDATE runs SET output_sha256 = 'x' WHERE id = @rid", new { rid = extraction.Id }));
        Assert.Contains("ne peut plus changer", e.Message);
    }

    static async Task<string> FirstGroupAsync(StoreWorld w)
    {
        var context = await w.Engine.Sessions.LoadContextAsync(w.SessionCode, EngineFixture.MemoSchool);
        return context!.DecisionGroups.First();
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task RunOutput_IsStoredInTheDatabase_NotUnderTheDataFolder_AndDownloadsByteIdentical(SqlDialect dialect)
    {
        await using var w = await StoreWorld.OpenAsync(dialect, candidates: 40);
        var run = await w.Engine.Runner.RunAsync(new RunRequest("extraction-notes", EngineFixture.School(EngineFixture.MemoSchool), null,
            new Dictionary<string, string> { ["groupe_decision"] = await FirstGroupAsync(w), ["inclure_nom"] = "O" }, []));
        Assert.Equal(RunState.Succeeded, run.State);
        await using var stream = await w.Engine.Blobs.OpenReadAsync(run.Output!.Sha256);
        Assert.NotNull(stream);
        using var ms = new MemoryStream();
        await stream.CopyToAsync(ms);
        Assert.Equal(run.Output.Sha256, Convert.ToHexStringLower(SHA256.HashData(ms.ToArray())));
        Assert.Equal(run.Output.Bytes, ms.Length);
        // Nothing generated is left as a file: the data folder holds only what a host may lose.
        var files = Directory.EnumerateFiles(w.DataDir, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".pdf", StringComparison.Ordinal)).ToList();
        Assert.Empty(files);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task LargeContent_IsChunked_AndStreamedBack_IdenticalBytesStoredOnce(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var blobs = new BlobStore(db.Database, TimeProvider.System);
        var content = new byte[BlobStore.ChunkSize * 2 + 12345];
        new Random(7).NextBytes(content);
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, content);
        try
        {
            await using (var cn = await db.Database.OpenAsync())
            await using (var tx = await cn.BeginTransactionAsync())
            {
                var (sha, length) = await blobs.PutFileAsync(cn, tx, file);
                Assert.Equal(content.LongLength, length);
                Assert.Equal(sha, await blobs.PutAsync(cn, tx, content)); // same bytes: stored once
                await tx.CommitAsync();
            }
            var key = BlobStore.Sha256(content);
            await using (var cn = await db.Database.OpenAsync())
                Assert.Equal(3L, await cn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM blob_chunks WHERE sha256 = @key", new { key }));
            await using var stream = (await blobs.OpenReadAsync(key))!;
            Assert.Equal(content.LongLength, stream.Length);
            using var ms = new MemoryStream();
            var buffer = new byte[70_000]; // reads smaller than a chunk
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0) ms.Write(buffer, 0, n);
            Assert.Equal(content, ms.ToArray());
            Assert.Null(await blobs.OpenReadAsync(new string('0', 64)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task AVersionNumberTakenWithOtherContent_RefusesTheWholeBatch_AndWritesNothing(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new DocumentVersionStore(db.Database, new BlobStore(db.Database, TimeProvider.System));
        var now = EngineFixture.DefaultNow;
        DocumentVersionStore.Written Make(string candidate, string hash, string text)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            return new(new DocumentVersion(0, "S", candidate, DocumentVersionStore.TranscriptKind, 1, hash, BlobStore.Sha256(bytes), "", bytes.Length,
                now, now.AddDays(1), "A", "run-1"), bytes);
        }
        Assert.Equal(1, await store.WriteAsync([Make("1", "h1", "un")], [], now));
        // Same number, same content: a retried batch, skipped.
        Assert.Equal(1, await store.WriteAsync([Make("1", "h1", "un bis"), Make("2", "h2", "deux")], [], now));
        // Same number, other content: refused whole; candidate 3 is not written either, nor its bytes.
        await Assert.ThrowsAsync<PublicationConflictException>(() => store.WriteAsync([Make("3", "h3", "trois"), Make("1", "hX", "autre")], [], now));
        await using var cn = await db.Database.OpenAsync();
        Assert.Equal(2L, await cn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM document_versions"));
        Assert.Equal(2L, await cn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM blobs"));
    }
}
