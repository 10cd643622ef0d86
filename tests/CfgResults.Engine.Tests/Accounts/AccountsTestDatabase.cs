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
    const string MigrationResource = "CfgResults.Engine.Data.Migrations.Sqlite.001_initial.sql";
    readonly string _folder = Directory.CreateTempSubdirectory("cfgresults-accounts-").FullName;
    readonly string _connectionString;

    public AccountsTestDatabase()
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_folder, "test.db"),
            Pooling = false,
        }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = ReadMigration();
        command.ExecuteNonQuery();
    }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    static string ReadMigration()
    {
        using var stream = typeof(IDatabase).Assembly.GetManifestResourceStream(MigrationResource)
            ?? throw new InvalidOperationException($"Ressource {MigrationResource} absente de l'assembly du moteur.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
