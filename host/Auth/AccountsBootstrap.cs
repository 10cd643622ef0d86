using System.Data.Common;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CfgResults.Host.Auth;

/// <summary>
/// TEMPORARY, to be replaced by the real store (engine/Data SqliteDatabase, PostgresDatabase, DatabaseFactory)
/// and its migrator when they are merged. It gives the accounts area a database to run against:
/// an <see cref="IDatabase"/> over <c>&lt;CfgResults:DataDir&gt;/cfgresults.db</c> unless one is registered
/// already, the SQLite schema from the embedded migration if the file has no <c>users</c> table, and the
/// demo accounts when <c>CfgResults:DemoAccounts</c> is true.
/// </summary>
internal static class AccountsBootstrap
{
    public const string DataDirKey = "CfgResults:DataDir";
    public const string DemoAccountsKey = "CfgResults:DemoAccounts";
    public const string SqliteFileName = "cfgresults.db";
    const string MigrationResource = "CfgResults.Engine.Data.Migrations.Sqlite.001_initial.sql";

    public static void AddTemporaryDatabase(IServiceCollection services)
    {
        // Configuration is read when the database is first resolved, not here: test hosts add their
        // settings (a temporary data folder) after Program has called AddAccounts.
        services.TryAddSingleton<IDatabase>(sp =>
        {
            var folder = DataDir(sp.GetRequiredService<IConfiguration>());
            Directory.CreateDirectory(folder);
            return new BootstrapSqliteDatabase(Path.Combine(folder, SqliteFileName));
        });
        services.AddHostedService<AccountsBootstrapService>();
    }

    /// <summary>The configured data folder, else a per-user folder (never the source tree).</summary>
    public static string DataDir(IConfiguration configuration) =>
        configuration[DataDirKey] is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "CfgResults");

    internal static string ReadSqliteMigration()
    {
        using var stream = typeof(IDatabase).Assembly.GetManifestResourceStream(MigrationResource)
            ?? throw new InvalidOperationException($"Ressource {MigrationResource} absente de l'assembly du moteur.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    sealed class BootstrapSqliteDatabase(string path) : IDatabase
    {
        readonly string _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();

        public SqlDialect Dialect => SqlDialect.Sqlite;

        public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
        {
            var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(ct);
            return connection;
        }
    }

    /// <summary>Runs before the server accepts requests (hosted services start first).</summary>
    sealed class AccountsBootstrapService(IDatabase database, UserStore users, IConfiguration configuration, ILogger<AccountsBootstrapService> log) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            if (database.Dialect == SqlDialect.Sqlite) await MigrateSqliteAsync(ct);
            if (configuration.GetValue<bool>(DemoAccountsKey)) await EnsureDemoAccountsAsync(ct);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

        async Task MigrateSqliteAsync(CancellationToken ct)
        {
            await using var connection = await database.OpenAsync(ct);
            var hasUsers = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'", cancellationToken: ct));
            if (hasUsers > 0) return;
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(ReadSqliteMigration(), transaction: transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            log.LogInformation("Schéma initial créé dans la base SQLite (amorçage temporaire des comptes).");
        }

        async Task EnsureDemoAccountsAsync(CancellationToken ct)
        {
            await using var connection = await database.OpenAsync(ct);
            var schools = (await connection.QueryAsync<(string, string)>(new CommandDefinition(
                "SELECT uai, MIN(name) FROM schools GROUP BY uai ORDER BY uai LIMIT 3", cancellationToken: ct))).ToList();
            var candidates = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT number FROM candidates ORDER BY number LIMIT 2", cancellationToken: ct))).ToList();
            var accounts = await DemoAccounts.EnsureAsync(users, schools, candidates, ct);
            // Printed on purpose: demo passwords are documented (<login>-demo) and meant to be typed.
            foreach (var a in accounts)
                log.LogWarning("Compte de démonstration : {Login} / {Password} — {Description}", a.Login, a.Password, a.Description);
        }
    }
}
