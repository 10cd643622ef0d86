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
    public void Migrations_AreNumberedFromOne_InIncreasingOrder_EachNumberOnce(SqlDialect dialect)
    {
        // Numbers are reserved per piece of work, so a branch may hold 005 before 003 and 004 are merged: no gap check.
        var versions = Migrator.Migrations(dialect).Select(m => m.Version).ToList();

        Assert.Equal(1, versions[0]);
        Assert.Equal(versions.Order().Distinct(), versions);
    }

    [Fact]
    public async Task Postgres_CompressesBlobChunksWithLz4_NotPglz()
    {
        // Stored PDFs are compressed already: pglz spent the server's time for nothing (issue 9, item 6).
        await using var db = await TestDatabases.CreateAsync(SqlDialect.Postgres);

        var method = await SessionStoreTests.ScalarStringAsync(db.Database,
            "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'blob_chunks'::regclass AND attname = 'data'");
        var storage = await SessionStoreTests.ScalarStringAsync(db.Database,
            "SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'blob_chunks'::regclass AND attname = 'data'");

        // 'l' = lz4; a server built without lz4 keeps the chunks uncompressed ('e' = external) instead.
        Assert.True(method == "l" || storage == "e", $"compression « {method} », storage « {storage} »");
    }

    [Fact]
    public void Migrations_HaveTheSameNamesOnBothDialects()
    {
        Assert.Equal(Migrator.Migrations(SqlDialect.Sqlite).Select(m => m.Name), Migrator.Migrations(SqlDialect.Postgres).Select(m => m.Name));
    }
}
