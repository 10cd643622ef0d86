using System.Diagnostics;
using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Support;
using CfgResults.Host.Jobs;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace CfgResults.Host.Tests.Resilience;

/// <summary>
/// SECURITY.md row 12: two host processes on one PostgreSQL database form one Hangfire cluster; when the
/// one running a publication is killed, the other takes the job over and the publication completes once.
/// </summary>
public sealed partial class ClusterTests
{
    [Fact]
    public async Task PublicationJob_ResumesOnTheOtherHost_WhenItsHostIsKilled_WithoutDuplicateVersions()
    {
        var database = await PostgresServer.CreateDatabaseAsync("cluster");
        var connection = new NpgsqlConnectionStringBuilder(await PostgresServer.AdminConnectionStringAsync()) { Database = database.DatabaseName }.ConnectionString;
        var dataDir = Directory.CreateTempSubdirectory("cfgresults-cluster-").FullName; // shared file store, as on a shared volume
        var hosts = new List<Process>();
        try
        {
            Assert.Equal(0, await Cli.Cli.RunAsync(Cli.CliArgs.Parse(["--data", dataDir, "--db", connection, "demo", "--candidates", "2500"]), TextWriter.Null, TextWriter.Null));
            for (var i = 0; i < 2; i++) hosts.Add(StartHost(dataDir, connection));
            var engine = await TestEngine.OpenAsync(new EngineOptions { DataDir = dataDir, PostgresConnection = connection }, TimeProvider.System);

            var run = await engine.Runner.PrepareAsync(new RunRequest("publication-releves", Caller.Manager("gestionnaire"), null,
                new Dictionary<string, string> { ["disponible_le"] = "01/01/2020 08:00" }, []));
            // Both hosts up and registered as Hangfire servers of one cluster.
            Assert.True(await WaitAsync(async () =>
            {
                try { return (long)(await ScalarAsync(connection, "SELECT COUNT(*) FROM hangfire.server"))! >= 2; }
                catch (PostgresException) { return false; }
            }, TimeSpan.FromSeconds(90)), "les deux hôtes n'ont pas démarré");
            var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false };
            var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connection, options), options);
            new BackgroundJobClient(storage).Enqueue<RunJob>(j => j.ExecuteAsync(run.Id, "gestionnaire", CancellationToken.None));

            // Wait until a host is working on it, then kill that host.
            int? workerPid = null;
            await WaitAsync(async () => (workerPid = await ProcessingPidAsync(connection)) is not null
                && await engine.Documents.CountVersionsAsync("CFG-2026-06") > 0, TimeSpan.FromSeconds(90));
            Assert.True(workerPid is not null, "aucun hôte ne traite la tâche : " + await ScalarAsync(connection,
                "SELECT string_agg(s.name || ' ' || coalesce(s.data::text, ''), ' | ') FROM hangfire.state s") + " / serveurs : "
                + await ScalarAsync(connection, "SELECT string_agg(id, ', ') FROM hangfire.server") + " / édition : " + (await engine.Runs.GetAsync(run.Id))?.State);
            var victim = hosts.Single(h => h.Id == workerPid);
            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync();
            var survivor = hosts.Single(h => h.Id != workerPid);
            Assert.False(survivor.HasExited);

            var finished = await WaitAsync(async () => (await engine.Runs.GetAsync(run.Id))!.State == RunState.Succeeded, TimeSpan.FromSeconds(150));
            Assert.True(finished, "la publication n'a pas été reprise par l'autre hôte");
            var duplicates = await ScalarAsync(connection,
                "SELECT COUNT(*) FROM (SELECT document_id FROM document_versions GROUP BY document_id HAVING COUNT(*) > 1) d");
            Assert.Equal(0L, duplicates);
            var inScope = (long)(await ScalarAsync(connection, "SELECT COUNT(*) FROM candidates WHERE state = 'Inscrit' AND fraud_suspected = 0 AND result IS NOT NULL"))!;
            Assert.Equal(inScope, await engine.Documents.CountVersionsAsync("CFG-2026-06"));
        }
        finally
        {
            foreach (var h in hosts.Where(h => !h.HasExited)) { h.Kill(entireProcessTree: true); await h.WaitForExitAsync(); }
            await PostgresServer.DropDatabaseAsync(database);
            Directory.Delete(dataDir, true);
        }
    }

    static Process StartHost(string dataDir, string connection)
    {
        var info = new ProcessStartInfo("dotnet", ["exec", typeof(Program).Assembly.Location, "--data", dataDir, "--db", connection, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment["CfgResults__JobTakeoverSeconds"] = "5";
        info.Environment["CfgResults__Demo"] = "false";
        var p = Process.Start(info)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>The process id of the host whose worker holds the job (Hangfire server names carry it).</summary>
    static async Task<int?> ProcessingPidAsync(string connection)
    {
        var data = await ScalarAsync(connection,
            "SELECT s.data FROM hangfire.state s JOIN hangfire.job j ON j.stateid = s.id WHERE s.name = 'Processing' ORDER BY s.id DESC LIMIT 1") as string;
        var m = data is null ? null : ServerPid().Match(data);
        return m is { Success: true } ? int.Parse(m.Groups[1].Value) : null;
    }

    static async Task<object?> ScalarAsync(string connection, string sql)
    {
        await using var cn = new NpgsqlConnection(connection);
        await cn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, cn);
        return await cmd.ExecuteScalarAsync();
    }

    [GeneratedRegex(@"cfgresults-[^""]*?-(\d+):")]
    private static partial Regex ServerPid();

    static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < end)
        {
            if (await condition()) return true;
            await Task.Delay(250);
        }
        return await condition();
    }
}
