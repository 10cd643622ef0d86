using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CfgResults.Engine.Data;

/// <summary>A schema migration shipped in the engine: Migrations/&lt;Dialect&gt;/NNN_name.sql.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Sha256);

/// <summary>
/// Brings a database to the current schema by applying the embedded Migrations/&lt;Dialect&gt;/NNN_*.sql
/// scripts in order, each in its own transaction together with its row in <c>schema_migrations</c>.
/// Running it again applies nothing. A script changed after it was applied is an error, not a silent skip.
/// </summary>
public static partial class Migrator
{
    // Any fixed number: advisory locks are per database, so it only has to differ from other users of the same database.
    const long PostgresLockKey = 0x4346_4752_4553_0001; // "CFGRES" 1

    const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """;

    /// <summary>Applies what is missing; returns the names of the migrations applied by this call.</summary>
    /// <param name="upTo">Stop after this version (tests that build a store of a previous release).</param>
    public static async Task<IReadOnlyList<string>> MigrateAsync(IDatabase database, TimeProvider? clock = null, CancellationToken ct = default, int? upTo = null)
    {
        clock ??= TimeProvider.System;
        var migrations = Migrations(database.Dialect).Where(m => upTo is null || m.Version <= upTo).ToList();
        var applied = new List<string>();
        await using var connection = await database.OpenAsync(ct);

        // Two hosts started together on one PostgreSQL database: the second waits here until the first
        // has finished, then finds everything recorded. On SQLite, BEGIN IMMEDIATE plays that role:
        // each migration re-reads the history once it holds the write lock.
        var migrationLock = database.Dialect.MigrationLock();
        if (migrationLock is { } taken)
            await AdvisoryAsync(connection, taken.Lock, ct);
        try
        {
            await Sql.ExecuteAsync(connection, null, CreateHistory, ct);
            foreach (var migration in migrations)
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await using (var check = Sql.Command(connection, transaction, "SELECT sha256 FROM schema_migrations WHERE version = @version"))
                {
                    Sql.Int(check, "@version", migration.Version);
                    if (await check.ExecuteScalarAsync(ct) is string recorded)
                    {
                        if (recorded != migration.Sha256)
                            throw new InvalidOperationException(
                                $"La migration {migration.Name} a été modifiée après avoir été appliquée à {database} : " +
                                "ajoutez une nouvelle migration au lieu de changer une migration livrée.");
                        continue;
                    }
                }

                await Sql.ExecuteAsync(connection, transaction, migration.Sql, ct);
                await using (var record = Sql.Command(connection, transaction,
                    "INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (@version, @name, @sha256, @applied_at)"))
                {
                    Sql.Int(record, "@version", migration.Version);
                    Sql.Text(record, "@name", migration.Name);
                    Sql.Text(record, "@sha256", migration.Sha256);
                    Sql.Text(record, "@applied_at", StoreFormat.Instant(clock.GetUtcNow()));
                    await record.ExecuteNonQueryAsync(ct);
                }
                await transaction.CommitAsync(ct);
                applied.Add(migration.Name);
            }
        }
        finally
        {
            if (migrationLock is { } held && connection.State == System.Data.ConnectionState.Open)
                await AdvisoryAsync(connection, held.Unlock, CancellationToken.None);
        }
        return applied;
    }

    /// <summary>The embedded migrations of a dialect, in version order.</summary>
    public static IReadOnlyList<Migration> Migrations(SqlDialect dialect)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Data.Migrations.{dialect}.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var name = resource[prefix.Length..];
            var match = MigrationName().Match(name);
            if (!match.Success)
                throw new InvalidOperationException($"Nom de migration invalide : {name} (attendu : NNN_nom.sql).");
            migrations.Add(Read(assembly, resource, int.Parse(match.Groups[1].Value), name));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
            if (migrations[i].Version == migrations[i - 1].Version)
                throw new InvalidOperationException($"Deux migrations portent le numéro {migrations[i].Version} : {migrations[i - 1].Name}, {migrations[i].Name}.");
        if (migrations.Count == 0)
            throw new InvalidOperationException($"Aucune migration embarquée pour {dialect} (ressources {prefix}*).");
        return migrations;
    }

    static Migration Read(Assembly assembly, string resource, int version, string name)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Ressource introuvable : {resource}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // A checkout with CRLF line ends must not look like a changed migration.
        var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new Migration(version, name, sql, sha);
    }

    static async Task AdvisoryAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, null, sql);
        Sql.Long(command, "@key", PostgresLockKey);
        await command.ExecuteScalarAsync(ct);
    }

    [GeneratedRegex(@"^(\d{3})_[A-Za-z0-9_]+\.sql$")]
    private static partial Regex MigrationName();
}
