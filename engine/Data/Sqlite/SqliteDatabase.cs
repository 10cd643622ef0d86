using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CfgResults.Engine.Data.Sqlite;

/// <summary>
/// The embedded store: one SQLite file. Connections are pooled; every connection has foreign keys on and
/// a busy timeout, and the file is switched to WAL once, so that readers (pages, API) never wait for a
/// writer (an import or a run) and a writer waits for another instead of failing at once.
/// </summary>
public sealed class SqliteDatabase : IDatabase, IDisposable
{
    /// <summary>How long a writer waits for another writer before giving up (SQLITE_BUSY).</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    readonly string _connectionString;
    readonly SemaphoreSlim _walGate = new(1, 1);
    volatile bool _walSet;

    public SqliteDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            // Microsoft.Data.Sqlite retries a busy statement until the command timeout.
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Per connection; a pooled connection keeps it, but setting it again is one cheap statement.
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};", ct);
            if (!_walSet) await SetWalAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>WAL is a property of the file: set once per process, it stays for every later opening.</summary>
    async Task SetWalAsync(SqliteConnection connection, CancellationToken ct)
    {
        await _walGate.WaitAsync(ct);
        try
        {
            if (_walSet) return;
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = (string?)await command.ExecuteScalarAsync(ct);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"La base SQLite {Path} n'a pas pu passer en journal WAL (mode : {mode}).");
            _walSet = true;
        }
        finally
        {
            _walGate.Release();
        }
    }

    static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Closes the pooled connections, so that the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public override string ToString() => $"SQLite {Path}";
}
