using CfgResults.Engine.Tests.Support;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Import;
using CfgResults.Engine.Running;
using CfgResults.Host.Cli;
using CfgResults.Host.Tests.Api;
using CfgResults.Host.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CfgResults.Host.Tests.Security;

/// <summary>
/// Issue 11, « Immediate publications are not audited (only planned ones are); the CLI run audits nothing; a download
/// is recorded three different ways; pages that refuse a foreign resource (404) audit nothing while the API does »
/// (SECURITY.md row 18).
/// </summary>
public sealed class AuditInEngineTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("cfgresults-audit-").FullName;
    static readonly DateTimeOffset Now = new(2026, 6, 20, 10, 0, 0, TimeSpan.FromHours(2));

    public void Dispose() => Directory.Delete(_data, true);

    async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = await Cli.Cli.RunAsync(CliArgs.Parse(["--data", _data, .. args]), o, e, new FakeTimeProvider(Now));
        return (code, o.ToString(), e.ToString());
    }

    async Task<T> WithEngineAsync<T>(Func<TestEngine, Task<T>> use) =>
        await use(await TestEngine.OpenAsync(new EngineOptions { DataDir = _data }, new FakeTimeProvider(Now)));

    [Fact]
    public async Task CommandLineRun_AndImmediatePublication_AreEachAuditedExactlyOnce()
    {
        Assert.Equal(0, (await CliAsync("demo", "--candidates", "120")).Code);
        var group = await WithEngineAsync(async e => (await e.Sessions.LoadSessionAsync((await e.Sessions.LatestSessionCodeAsync())!))!
            .Candidates.First(c => c.RegistrationSchoolUai == DemoSessionGenerator.MemoSchool.Uai).DecisionGroup);

        Assert.Equal(0, (await CliAsync("run", "extraction-notes", "--as", "etablissement:0783546F", "--set", $"groupe_decision={group}",
            "--set", "inclure_nom=O", "--out", Path.Combine(_data, "n.csv"))).Code);
        Assert.Equal(0, (await CliAsync("run", "publication-releves", "--as", "gestionnaire", "--set", $"groupe_decision={group}",
            "--set", "disponible_le=01/01/2020 08:00")).Code);

        var runs = await WithEngineAsync(async e => await e.Runs.ListAsync(100));
        Assert.Equal(2, runs.Count);
        var entries = await WithEngineAsync(async e => await e.Audit.ListAsync(AuditFilter.All, 1000));
        var extraction = runs.Single(r => r.DefinitionId == "extraction-notes");
        var publication = runs.Single(r => r.DefinitionId == "publication-releves");
        var ofExtraction = Assert.Single(entries, a => a.Target == $"edition:{extraction.Id}");
        Assert.Equal(AuditActions.Run, ofExtraction.Action);
        Assert.Equal("etablissement:0783546F", ofExtraction.Actor);
        Assert.Equal(AuditActions.Publication, Assert.Single(entries, a => a.Target == $"edition:{publication.Id}").Action);
    }

    [Fact]
    public async Task CommandLineDownload_UsesTheOneDownloadAction_AndImportCountsRedListChanges()
    {
        var folder = Directory.CreateTempSubdirectory("cfgresults-audit-import-").FullName;
        var data = DemoSessionGenerator.Generate(new DemoOptions(Candidates: 60, Seed: 4, Now: Now));
        SessionFolderWriter.Write(data, folder);
        Assert.Equal(0, (await CliAsync("import", folder)).Code);
        var flipped = data with
        {
            Candidates = data.Candidates.Select((c, i) => i == 0 ? c with { RedList = !c.RedList } : i == 1 ? c with { RedList = !c.RedList } : c).ToList(),
        };
        var onBefore = data.Candidates.Take(2).Count(c => c.RedList);
        SessionFolderWriter.Write(flipped, folder);
        var (code, output, _) = await CliAsync("import", folder, "--replace");

        Assert.Equal(0, code);
        Assert.Contains($"liste rouge : {2 - onBefore} ajout(s), {onBefore} retrait(s)", output);
        var imports = await WithEngineAsync(async e => await e.Audit.ListAsync(new AuditFilter(Action: AuditActions.SessionImport)));
        Assert.Equal(2, imports.Count);
        Assert.Contains($"liste-rouge=+{2 - onBefore}/-{onBefore} remplacement", imports[0].Details);
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task CommandLineDocumentDownload_IsAuditedExactlyOnce_ByTheEngine()
    {
        var demo = await CliAsync("demo", "--candidates", "120");
        Assert.True(demo.Code == 0, demo.Err);
        var (session, group) = await WithEngineAsync(async e =>
        {
            var code = (await e.Sessions.LatestSessionCodeAsync())!;
            return (code, (await e.Sessions.LoadSessionAsync(code))!.Candidates.First(c => c.RegistrationSchoolUai == DemoSessionGenerator.MemoSchool.Uai).DecisionGroup);
        });
        Assert.Equal(0, (await CliAsync("run", "publication-releves", "--as", "gestionnaire", "--set", $"groupe_decision={group}",
            "--set", "disponible_le=01/01/2020 08:00")).Code);
        var version = await WithEngineAsync(async e =>
        {
            foreach (var c in (await e.Sessions.LoadSessionAsync(session))!.Candidates.Where(c => c.DecisionGroup == group))
                if ((await e.Documents.ListForCandidateAsync(session, c.Number)).FirstOrDefault() is { } v) return v;
            throw new InvalidOperationException("aucun relevé publié");
        });

        var (code, _, error) = await CliAsync("documents", "get", version.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--as", "gestionnaire", "--out", Path.Combine(_data, "r.pdf"));

        Assert.True(code == 0, error);
        var entry = Assert.Single(await WithEngineAsync(async e => await e.Audit.ListAsync(new AuditFilter(Target: $"document:{version.Id}"))));
        Assert.Equal(AuditActions.Download, entry.Action);
        Assert.StartsWith("gestionnaire", entry.Actor);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task AuditRows_AreAppendOnly(bool postgres)
    {
        TestEngine engine;
        if (postgres)
        {
            var admin = Environment.GetEnvironmentVariable("CFGRESULTS_TEST_PG");
            if (string.IsNullOrEmpty(admin)) return; // PostgreSQL is checked where the test server is given (CI and here)
            var name = "cfgaudit_" + Guid.NewGuid().ToString("N")[..12];
            await using (var cn = new Npgsql.NpgsqlConnection(admin))
            {
                await cn.OpenAsync();
                await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", cn);
                await create.ExecuteNonQueryAsync();
            }
            var connection = new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            engine = await TestEngine.OpenAsync(new EngineOptions { DataDir = _data, PostgresConnection = connection }, new FakeTimeProvider(Now));
        }
        else engine = await TestEngine.OpenAsync(new EngineOptions { DataDir = _data }, new FakeTimeProvider(Now));
        var entry = await engine.Audit.RecordAsync("gestionnaire", AuditActions.SignIn, "gestionnaire");

        await using var db = await engine.Database.OpenAsync();
        foreach (var sql in new[] { $"UPDATE audit SET actor = 'personne' WHERE id = {entry.Id}", $"DELETE FROM audit WHERE id = {entry.Id}" })
        {
            await using var command = db.CreateCommand();
            command.CommandText = sql;
            var e = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("audit", e.Message);
        }
        Assert.Equal("gestionnaire", Assert.Single(await engine.Audit.ListAsync(new AuditFilter(Action: AuditActions.SignIn))).Actor);
        if (postgres && engine.Database is Engine.Data.Postgres.PostgresDatabase pooled)
        {
            // The test's own database goes with it.
            await db.DisposeAsync();
            await pooled.DisposeAsync();
            var admin = Environment.GetEnvironmentVariable("CFGRESULTS_TEST_PG")!;
            await using var cn = new Npgsql.NpgsqlConnection(admin);
            await cn.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {pooled.DatabaseName} WITH (FORCE)", cn);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>The API's runs (executed by Hangfire) and the pages' refusals, against the demo host.</summary>
[Collection(JobsHostCollection.Name)]
public sealed class AuditInEngineHostTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    [Fact]
    public async Task ApiRun_IsAuditedExactlyOnce_AfterItsJobRan()
    {
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");
        var activity = await client.GetFromJsonAsync<JsonElement>("/api/activites/extraction-notes");
        var group = activity.GetProperty("parametres").EnumerateArray().First(p => p.GetProperty("id").GetString() == "groupe_decision").GetProperty("options")[0].GetString()!;

        using var response = await ApiWorld.PostJsonAsync(client, "/api/activites/extraction-notes/editions",
            new { parametres = new Dictionary<string, string> { ["groupe_decision"] = group, ["inclure_nom"] = "O" } }, await ApiWorld.TokenAsync(client));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        for (var i = 0; i < 600 && !RunStateNames.IsFinal((await factory.Engine.Runs.GetAsync(id))!.State); i++) await Task.Delay(100);

        Assert.Equal(RunState.Succeeded, (await factory.Engine.Runs.GetAsync(id))!.State);
        var entry = Assert.Single(await factory.Engine.Audit.ListAsync(new AuditFilter(Target: $"edition:{id}")));
        Assert.Equal(AuditActions.Run, entry.Action);
    }

    async Task<int> DownloadsAsync(string target) =>
        (await factory.Engine.Audit.ListAsync(new AuditFilter(Target: target), 10_000)).Count(e => e.Action == AuditActions.Download);

    /// <summary>
    /// The several-transcripts file (« Relevés sélectionnés »): one row, written by the engine operation that builds it
    /// (<see cref="Engine.Publishing.DocumentAccess.OpenSelectionAsync"/>), from the page as from the API; a selection holding another
    /// school's student is refused as if it did not exist, and no file is recorded.
    /// </summary>
    [Theory]
    [InlineData("page", "pdf")]
    [InlineData("page", "zip")]
    [InlineData("api", "pdf")]
    [InlineData("api", "zip")]
    public async Task ASelectionOfTranscripts_LeavesExactlyOneAuditRow_FromThePageAsFromTheApi(string entryPoint, string format)
    {
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");
        const string target = Engine.Publishing.DocumentAccess.SelectionAuditTarget;
        Task<HttpResponseMessage> PostAsync(params string[] students) => entryPoint == "page"
            ? Manager.ManagerHttp.PostFormAsync(client, "/releves", "/releves/selection", students.Select(n => KeyValuePair.Create("eleve", n)).Append(new("format", format)))
            : PostApiAsync(students);
        async Task<HttpResponseMessage> PostApiAsync(string[] students) =>
            await ApiWorld.PostJsonAsync(client, "/api/documents/selection", new { eleves = students, format }, await ApiWorld.TokenAsync(client));
        var before = await DownloadsAsync(target);

        using var response = await PostAsync(world.StudentA);
        using var foreign = await PostAsync(world.StudentA, world.StudentB);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{entryPoint}: {response.StatusCode}");
        Assert.Equal(format == "zip" ? "application/zip" : "application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(before + 1, await DownloadsAsync(target));
        var entry = (await factory.Engine.Audit.ListAsync(new AuditFilter(Target: target), 10_000)).OrderByDescending(e => e.Id).First();
        Assert.Equal(AuditActions.Download, entry.Action);
        Assert.StartsWith($"etablissement:{ApiWorld.SchoolA}", entry.Actor);
        Assert.Contains($"{world.StudentA} v1", entry.Details);
    }

    /// <summary>« a download is recorded three different ways »: each entry point leaves one row, written by the engine.</summary>
    [Theory]
    [InlineData("page", "etabA", "/editions/{runA}/fichier", "edition:{runA}")]
    [InlineData("api", "etabA", "/api/editions/{runA}/fichier", "edition:{runA}")]
    [InlineData("page", "candA", "/releves/document/{docA}", "document:{docA}")]
    [InlineData("api", "candA", "/api/documents/{docA}", "document:{docA}")]
    public async Task EachDownload_LeavesExactlyOneAuditRow(string entryPoint, string role, string path, string target)
    {
        var world = await ApiWorld.ForAsync(factory);
        (path, target) = (world.Resolve(path), world.Resolve(target));
        var before = await DownloadsAsync(target);

        using var response = await world.Client(role).GetAsync(path);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{entryPoint} {path}: {response.StatusCode}");
        Assert.Equal(before + 1, await DownloadsAsync(target));
        Assert.DoesNotContain(await factory.Engine.Audit.ListAsync(AuditFilter.All, 10_000),
            e => e.Target == target && e.Action != AuditActions.Download && e.Action.Contains("telechargement", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PageRefusingAForeignRun_IsAudited()
    {
        var world = await ApiWorld.ForAsync(factory);
        var path = $"/editions/{world.RunB}";

        var response = await world.Client("etabA").GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var entry = Assert.Single(await factory.Engine.Audit.ListAsync(new AuditFilter(Action: AuditActions.AccessDenied, Target: path)));
        Assert.StartsWith($"etablissement:{ApiWorld.SchoolA}", entry.Actor);
    }
}
