using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CfgResults.Engine.Tests.Sessions;

/// <summary>A real engine on a temp folder, SQLite or PostgreSQL, empty, with a fake clock: sessions are imported by the test.</summary>
public sealed class SessionsHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 6, 20, 10, 0, 0, TimeSpan.FromHours(2));

    public required TestEngine Engine { get; init; }
    public required FakeTimeProvider Clock { get; init; }
    Func<Task> Cleanup { get; init; } = () => Task.CompletedTask;

    public static async Task<SessionsHarness> OpenAsync(SqlDialect dialect)
    {
        var dir = Directory.CreateTempSubdirectory("cfgresults-sessions-").FullName;
        string? connection = null;
        Func<Task> drop = () => Task.CompletedTask;
        if (dialect == SqlDialect.Postgres)
        {
            var db = await PostgresServer.CreateDatabaseAsync("sessions");
            connection = new NpgsqlConnectionStringBuilder(await PostgresServer.AdminConnectionStringAsync()) { Database = db.DatabaseName }.ConnectionString;
            drop = () => PostgresServer.DropDatabaseAsync(db);
        }
        var clock = new FakeTimeProvider(Now);
        var engine = await TestEngine.OpenAsync(new EngineOptions { DataDir = dir, PostgresConnection = connection }, clock);
        // Every store compared holds the same verification secret: a transcript prints a code derived from it.
        await using (var cn = await engine.Database.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(cn, "INSERT INTO verification_secret (id, secret) VALUES (1, @secret)",
                new { secret = Convert.ToBase64String(new byte[32]) });
        return new SessionsHarness
        {
            Engine = engine, Clock = clock,
            Cleanup = async () =>
            {
                if (engine.Database is IAsyncDisposable d) await d.DisposeAsync();
                await drop();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(dir, true); } catch (IOException) { }
            },
        };
    }

    /// <summary>The demo session of June 2026 (windows open at <see cref="Now"/>).</summary>
    public static SessionData June2026(int candidates = 120) => DemoSessionGenerator.Generate(new DemoOptions(candidates, 1, Now));

    /// <summary>
    /// A second session generated a year later (code CFG-2027-06, JUIN 2027, other candidate numbers), its windows
    /// moved to be open at <see cref="Now"/> too so that its activities run on the same clock.
    /// </summary>
    public static SessionData June2027(int candidates = 90)
    {
        var data = DemoSessionGenerator.Generate(new DemoOptions(candidates, 2, Now.AddYears(1)));
        Assert.Equal("CFG-2027-06", data.Session.Code);
        return data with { Windows = June2026(10).Windows };
    }

    public Task ImportAsync(SessionData data, bool replace = false) => Engine.Lifecycle.ImportAsync(data, replace, "test");

    public static Caller School(string uai = DemoSessionGenerator_MemoSchool) => Caller.School(uai, "etab");
    public static Caller Manager() => Caller.Manager("gestionnaire");
    const string DemoSessionGenerator_MemoSchool = "0783546F";

    public async Task<RunRecord> RunOkAsync(string definitionId, Caller caller, string session, Dictionary<string, string>? parameters = null)
    {
        var run = await Engine.Runner.RunAsync(new RunRequest(definitionId, caller, session, parameters ?? [], []));
        Assert.True(run.State == RunState.Succeeded, $"{definitionId} ({session}) : {run.State} {run.Message}");
        return run;
    }

    /// <summary>A stored content (a run's output, a transcript version), read back from the database by its SHA-256.</summary>
    public Task<byte[]> BytesAsync(string sha256) => Engine.Blobs.ReadAllAsync(sha256);

    public ValueTask DisposeAsync() => new(Cleanup());
}
