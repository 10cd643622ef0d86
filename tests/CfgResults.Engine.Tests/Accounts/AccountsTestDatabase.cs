using System.Data.Common;
using CfgResults.Engine.Data;
using Microsoft.Data.Sqlite;

namespace CfgResults.Engine.Tests.Accounts;

/// <summary>
/// A throw-away SQLite file with the shipped schema, run from the engine's embedded migration, so that the
/// accounts tests do not wait for the real store and migrator.
/// </summary>
internal sealed class AccountsTestDatabase : IDatabase, IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cfgresults-accounts-").FullName;
    readonly string _connectionString;

    public AccountsTestDatabase()
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_folder, "test.db"),
            Pooling = false,
        }.ToString();
        // Every migration, as the engine applies them (sessions and throttling live in later ones).
        Migrator.MigrateAsync(this).GetAwaiter().GetResult();
    }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }


    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
