using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Postgres;
using CfgResults.Engine.Data.Sqlite;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Data;

public sealed class DatabaseTests
{
    [Fact]
    public void Factory_ChoosesTheSqliteFileInTheDataFolder_WhenNoConnectionStringIsGiven()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cfgresults-factory-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var db = (SqliteDatabase)DatabaseFactory.Create(folder, postgresConnection: "  ");

            Assert.Equal(SqlDialect.Sqlite, db.Dialect);
            Assert.Equal(Path.Combine(folder, "cfgresults.db"), db.Path);
            Assert.True(Directory.Exists(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Factory_ChoosesPostgres_WhenAConnectionStringIsGiven()
    {
        using var db = (PostgresDatabase)DatabaseFactory.Create("/nonexistent", "Host=127.0.0.1;Database=cfg;Username=app;Password=secret");

        Assert.Equal(SqlDialect.Postgres, db.Dialect);
        Assert.Equal("cfg", db.DatabaseName);
        Assert.DoesNotContain("secret", db.ToString());
    }

    [Fact]
    public async Task SqliteConnection_HasWalForeignKeysAndABusyTimeout()
    {
        await using var db = await TestDatabases.CreateAsync(SqlDialect.Sqlite);

        Assert.Equal("wal", await PragmaAsync(db.Database, "journal_mode"));
        Assert.Equal("1", await PragmaAsync(db.Database, "foreign_keys"));
        Assert.Equal(((int)SqliteDatabase.BusyTimeout.TotalMilliseconds).ToString(), await PragmaAsync(db.Database, "busy_timeout"));
    }

    static async Task<string?> PragmaAsync(IDatabase database, string name)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
