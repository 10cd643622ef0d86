using CfgResults.Engine.Tests.Support;
using System.Diagnostics;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Host.Jobs;
using CfgResults.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CfgResults.Host.Tests.Resilience;

/// <summary>SECURITY.md rows 11 and 13: a process stopped in the middle of work, or across a planned time, loses nothing.</summary>
public sealed class RestartTests
{
    static readonly Caller Manager = Caller.Manager("gestionnaire");

    [Fact]
    public async Task PlannedPublication_MissedWhileTheHostWasDown_RunsExactlyOnceAfterRestart()
    {
        var dir = Directory.CreateTempSubdirectory("cfgresults-restart-").FullName;
        try
        {
            string plannedId;
            await using (var first = DemoHostFactory.OnDataDir(dir))
            {
                _ = first.Server;
                var launcher = first.Services.GetRequiredService<RunLauncher>();
                var planned = await launcher.PlanAsync(new RunRequest("publication-releves", Manager, null,
                    new Dictionary<string, string> { ["disponible_le"] = "01/01/2020 08:00" }, []), DateTimeOffset.UtcNow.AddSeconds(3));
                plannedId = planned.Id;
            } // host down: the in-memory Hangfire job is gone with it

            var recorded = await WithEngineAsync(dir, e => e.Planned.GetAsync(plannedId));
            Assert.Equal(PlannedState.Planned, recorded!.State);
            await Task.Delay(TimeSpan.FromSeconds(4)); // the planned time passes while no host runs

            int versionsAfterFirstRestart;
            await using (var second = DemoHostFactory.OnDataDir(dir))
            {
                _ = second.Server;
                var done = await WaitAsync(async () => (await second.Engine.Planned.GetAsync(plannedId))!.State == PlannedState.Done, TimeSpan.FromSeconds(60));
                Assert.True(done, "la publication planifiée n'a pas été exécutée après le redémarrage");
                versionsAfterFirstRestart = await second.Engine.Documents.CountVersionsAsync("CFG-2026-06");
                Assert.True(versionsAfterFirstRestart > 0);
            }

            await using (var third = DemoHostFactory.OnDataDir(dir))
            {
                _ = third.Server;
                await Task.Delay(TimeSpan.FromSeconds(3));
                Assert.Equal(versionsAfterFirstRestart, await third.Engine.Documents.CountVersionsAsync("CFG-2026-06"));
                var runs = (await third.Engine.Runs.ListAsync(100)).Where(r => r.IdempotencyKey == "planifiee:" + plannedId).ToList();
                Assert.Single(runs);
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task BulkPublication_KilledMidway_CompletesAfterRestart_WithTheSameDocumentsAsACleanRun()
    {
        var dir = Directory.CreateTempSubdirectory("cfgresults-kill-").FullName;
        var clean = Directory.CreateTempSubdirectory("cfgresults-clean-").FullName;
        try
        {
            foreach (var d in new[] { dir, clean })
                Assert.Equal(0, await Cli.Cli.RunAsync(Cli.CliArgs.Parse(["--data", d, "demo", "--candidates", "1500"]), TextWriter.Null, TextWriter.Null));

            var host = typeof(Program).Assembly.Location;
            var child = Process.Start(new ProcessStartInfo("dotnet", ["exec", host, "--data", dir, "run", "publication-releves", "--as", "gestionnaire",
                "--set", "disponible_le=01/01/2020 08:00"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var reached = await WaitAsync(async () => await StoredVersionsAsync(dir) >= 150, TimeSpan.FromSeconds(90));
            child.Kill(entireProcessTree: true); // SIGKILL: no cleanup, no final state written
            await child.WaitForExitAsync();
            Assert.True(reached, "la publication n'a pas commencé");

            var interrupted = await WithEngineAsync(dir, e => e.Runs.ListUnfinishedAsync());
            var run = Assert.Single(interrupted);
            Assert.Equal(RunState.Running, run.State);

            // Restart: the host re-enqueues what was left unfinished.
            await using (var restarted = DemoHostFactory.OnDataDir(dir))
            {
                _ = restarted.Server;
                var finished = await WaitAsync(async () => (await restarted.Engine.Runs.GetAsync(run.Id))!.State == RunState.Succeeded, TimeSpan.FromSeconds(120));
                Assert.True(finished, "l'édition interrompue n'a pas été reprise");
            }

            Assert.Equal(0, await Cli.Cli.RunAsync(Cli.CliArgs.Parse(["--data", clean, "run", "publication-releves", "--as", "gestionnaire",
                "--set", "disponible_le=01/01/2020 08:00"]), TextWriter.Null, TextWriter.Null));

            var resumed = await ContentHashesAsync(dir);
            var reference = await ContentHashesAsync(clean);
            Assert.Equal(reference, resumed); // same candidates, one version each, same content
            Assert.All(resumed.Values, v => Assert.Equal(1, v.Version));
            // Every version's PDF is in the database, whole (its hash), and no content was left behind by the killed process.
            await WithEngineAsync(dir, async e =>
            {
                await using var cn = await e.Database.OpenAsync();
                Assert.Equal(0L, await ScalarAsync(cn,
                    "SELECT COUNT(*) FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.file_sha256 = b.sha256) AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.output_sha256 = b.sha256)"));
                var shas = new List<string>();
                await using (var cmd = cn.CreateCommand())
                {
                    cmd.CommandText = "SELECT file_sha256 FROM document_versions";
                    await using var reader = await cmd.ExecuteReaderAsync();
                    while (await reader.ReadAsync()) shas.Add(reader.GetString(0));
                }
                foreach (var sha in shas)
                {
                    var bytes = await e.Blobs.ReadAllAsync(sha);
                    Assert.Equal(sha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
                    Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
                }
                return 0;
            });
            Assert.False(Directory.Exists(Path.Combine(dir, "files", "documents"))); // nothing generated under the data folder
        }
        finally
        {
            Directory.Delete(dir, true);
            Directory.Delete(clean, true);
        }
    }

    static async Task<SortedDictionary<string, (int Version, string Hash)>> ContentHashesAsync(string dir) => await WithEngineAsync(dir, async e =>
    {
        var numbers = (await e.Search.SearchAsync(Manager, "CFG-2026-06", [], 1, 500)).Total;
        var all = new List<string>();
        for (var page = 1; page <= (numbers + 499) / 500; page++)
            all.AddRange((await e.Search.SearchAsync(Manager, "CFG-2026-06", [], page, 500)).Items.Select(i => i.Number));
        var hashes = await e.Documents.LatestVersionsAsync("CFG-2026-06", all, DocumentVersionStore.TranscriptKind);
        return new SortedDictionary<string, (int, string)>(hashes.ToDictionary(h => h.Key, h => (h.Value.Version, h.Value.ContentHash)), StringComparer.Ordinal);
    });

    /// <summary>Versions recorded so far, read straight from the SQLite file while another process writes it.</summary>
    static async Task<long> StoredVersionsAsync(string dir)
    {
        var path = Path.Combine(dir, Engine.Data.DatabaseFactory.SqliteFileName);
        if (!File.Exists(path)) return 0;
        try
        {
            await using var cn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await cn.OpenAsync();
            return await ScalarAsync(cn, "SELECT COUNT(*) FROM document_versions");
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // not created yet, or busy
        }
    }

    static async Task<long> ScalarAsync(System.Data.Common.DbConnection cn, string sql)
    {
        await using var cmd = cn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    static async Task<T> WithEngineAsync<T>(string dir, Func<TestEngine, Task<T>> f)
    {
        var engine = await TestEngine.OpenAsync(new EngineOptions { DataDir = dir }, TimeProvider.System);
        try { return await f(engine); }
        finally { if (engine.Database is IDisposable d) d.Dispose(); }
    }

    static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < end)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }
        return await condition();
    }
}

public sealed class PlanningTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    [Fact]
    public async Task APublicationWithAFutureDate_IsPlanned_NotRun()
    {
        _ = factory.Server;
        var launcher = factory.Services.GetRequiredService<RunLauncher>();
        var later = ParisTime.ToLocal(DateTimeOffset.UtcNow.AddDays(2)).ToString("dd/MM/yyyy HH:mm");
        var result = await launcher.StartAsync(new RunRequest("publication-releves", Caller.Manager("gestionnaire"), null,
            new Dictionary<string, string> { ["disponible_le"] = later, [RunLauncher.ScheduleParameter] = later }, []));
        Assert.Null(result.Run);
        Assert.Equal(PlannedState.Planned, result.Planned!.State);
        Assert.Equal(0, await factory.Engine.Documents.CountVersionsAsync("CFG-2026-06"));
        Assert.True(await factory.Engine.Planned.CancelAsync(result.Planned.Id));
    }

    [Fact]
    public async Task TheSameKey_PlansOnePublication()
    {
        _ = factory.Server;
        var launcher = factory.Services.GetRequiredService<RunLauncher>();
        var later = ParisTime.ToLocal(DateTimeOffset.UtcNow.AddDays(3)).ToString("dd/MM/yyyy HH:mm");
        RunRequest Request() => new("publication-releves", Caller.Manager("gestionnaire"), null,
            new Dictionary<string, string> { ["disponible_le"] = later, [RunLauncher.ScheduleParameter] = later }, [], "double-clic-1");
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => launcher.StartAsync(Request())));
        Assert.Single(results.Select(r => r.Planned!.Id).Distinct());
        Assert.Single(await factory.Engine.Planned.ListAsync(), p => p.Id == results[0].Planned!.Id);
        Assert.True(await factory.Engine.Planned.CancelAsync(results[0].Planned!.Id));
    }
}
