using CfgResults.Engine.Data;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CfgResults.Engine.Tests.Running;

/// <summary>A real engine on a temp folder, SQLite or PostgreSQL, with a demo session imported and a fake clock.</summary>
public sealed class RunnerHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 6, 20, 10, 0, 0, TimeSpan.FromHours(2));

    public required TestEngine Engine { get; init; }
    public required FakeTimeProvider Clock { get; init; }
    public required string DataDir { get; init; }
    public Func<Task> Cleanup { get; init; } = () => Task.CompletedTask;

    public static async Task<RunnerHarness> OpenAsync(SqlDialect dialect, int candidates = 300, int seed = 1, CfgResults.Engine.Templates.TemplateLimits? limits = null)
    {
        var dir = Directory.CreateTempSubdirectory("cfgresults-runner-").FullName;
        string? connection = null;
        Func<Task> drop = () => Task.CompletedTask;
        if (dialect == SqlDialect.Postgres)
        {
            var db = await PostgresServer.CreateDatabaseAsync("runner");
            connection = new NpgsqlConnectionStringBuilder(await PostgresServer.AdminConnectionStringAsync()) { Database = db.DatabaseName }.ConnectionString;
            drop = () => PostgresServer.DropDatabaseAsync(db);
        }
        var clock = new FakeTimeProvider(Now);
        var engine = await TestEngine.OpenAsync(new EngineOptions
        {
            DataDir = dir, PostgresConnection = connection, TemplateLimits = limits ?? CfgResults.Engine.Templates.TemplateLimits.Default,
        }, clock);
        await engine.Sessions.ReplaceSessionAsync(DemoSessionGenerator.Generate(new DemoOptions(Candidates: candidates, Seed: seed, Now: Now)));
        return new RunnerHarness
        {
            Engine = engine, Clock = clock, DataDir = dir,
            Cleanup = async () =>
            {
                if (engine.Database is IAsyncDisposable d) await d.DisposeAsync();
                await drop();
                try { Directory.Delete(dir, true); } catch (IOException) { }
            },
        };
    }

    public async Task<string> ReadOutputAsync(Engine.Running.RunRecord run)
    {
        Assert.NotNull(run.Output);
        await using var s = (await Engine.Blobs.OpenReadAsync(run.Output!.Sha256))!;
        using var r = new StreamReader(s);
        return await r.ReadToEndAsync();
    }

    public ValueTask DisposeAsync() => new(Cleanup());
}
