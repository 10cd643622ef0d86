using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Postgres;
using CfgResults.Engine.Data.Sqlite;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Data;

public sealed class MigratorTests
{
    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task Migrate_AppliesEachMigrationOnce_WhenRunTwice(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect, migrate: false);

        var first = await Migrator.MigrateAsync(db.Database);
        var second = await Migrator.MigrateAsync(db.Database);

        Assert.Equal(Migrator.Migrations(dialect).Select(m => m.Name), first);
        Assert.Contains("001_initial.sql", first);
        Assert.Empty(second);
        Assert.Equal(first.Count, await SessionStoreTests.ScalarLongAsync(db.Database, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.True(await new SessionStore(db.Database).IsEmptyAsync());
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task Migrate_AppliesOnce_WhenTwoProcessesStartTogether(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect, migrate: false);
        // A second database object on the same database stands for a second process: its own pool, its own connections.
        IDatabase other = db.Database switch
        {
            SqliteDatabase s => new SqliteDatabase(s.Path),
            PostgresDatabase p => new PostgresDatabase(new Npgsql.NpgsqlConnectionStringBuilder(await PostgresServer.AdminConnectionStringAsync()) { Database = p.DatabaseName }.ConnectionString),
            _ => throw new InvalidOperationException(),
        };
        try
        {
            var results = await Task.WhenAll(
                Task.Run(() => Migrator.MigrateAsync(db.Database)),
                Task.Run(() => Migrator.MigrateAsync(other)));

            Assert.Equal(Migrator.Migrations(dialect).Select(m => m.Name), results.SelectMany(r => r).Order());
        }
        finally
        {
            ((IDisposable)other).Dispose();
        }
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task Migrate_Throws_WhenAnAppliedMigrationWasChanged(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        await using (var connection = await db.Database.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE schema_migrations SET sha256 = 'autre' WHERE version = 1";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator.MigrateAsync(db.Database));
        Assert.Contains("001_initial.sql", e.Message);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public void Migrations_AreNumberedFromOne_InOrder_EachNumberOnce(SqlDialect dialect)
    {
        // Each branch of work takes a reserved number, so a number may be missing until the branches that hold it are merged.
        var versions = Migrator.Migrations(dialect).Select(m => m.Version).ToList();

        Assert.Equal(1, versions[0]);
        Assert.Equal(versions.Order().Distinct(), versions);
    }

    [Fact]
    public void Migrations_HaveTheSameNamesOnBothDialects()
    {
        Assert.Equal(Migrator.Migrations(SqlDialect.Sqlite).Select(m => m.Name), Migrator.Migrations(SqlDialect.Postgres).Select(m => m.Name));
    }
}
