using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Postgres;
using CfgResults.Engine.Data.Sqlite;

namespace CfgResults.Engine.Tests.Support;

/// <summary>A fresh database for one test; disposing it deletes it (SQLite folder or PostgreSQL database).</summary>
public sealed class TestDatabase(IDatabase database, Func<Task> delete) : IAsyncDisposable
{
    public IDatabase Database { get; } = database;

    public SqlDialect Dialect => Database.Dialect;

    public ValueTask DisposeAsync() => new(delete());
}

/// <summary>
/// Fresh databases of either dialect, so that a store test runs on both:
/// <code>
/// [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
/// public async Task Something(SqlDialect dialect)
/// {
///     await using var db = await TestDatabases.CreateAsync(dialect);
///     var store = new SessionStore(db.Database);
/// </code>
/// </summary>
public static class TestDatabases
{
    /// <summary>A new empty database, migrated to the current schema unless <paramref name="migrate"/> is false.</summary>
    public static async Task<TestDatabase> CreateAsync(SqlDialect dialect, bool migrate = true)
    {
        TestDatabase test;
        switch (dialect)
        {
            case SqlDialect.Sqlite:
                var folder = Directory.CreateTempSubdirectory("cfgresults-sqlite-").FullName;
                var sqlite = new SqliteDatabase(Path.Combine(folder, DatabaseFactory.SqliteFileName));
                test = new TestDatabase(sqlite, () =>
                {
                    sqlite.Dispose();
                    Directory.Delete(folder, recursive: true);
                    return Task.CompletedTask;
                });
                break;
            case SqlDialect.Postgres:
                var postgres = await PostgresServer.CreateDatabaseAsync();
                test = new TestDatabase(postgres, () => PostgresServer.DropDatabaseAsync(postgres));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dialect), dialect, null);
        }
        if (migrate) await Migrator.MigrateAsync(test.Database);
        return test;
    }
}
