using System.Data.Common;
using Npgsql;

namespace CfgResults.Engine.Data.Postgres;

/// <summary>The shared store: a PostgreSQL database reached through one pooled <see cref="NpgsqlDataSource"/>.</summary>
public sealed class PostgresDatabase : IDatabase, IAsyncDisposable, IDisposable
{
    readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        DatabaseName = builder.Database ?? builder.Username ?? "";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public SqlDialect Dialect => SqlDialect.Postgres;

    public string DatabaseName { get; }

    /// <summary>For the PostgreSQL-only parts (binary COPY); everything else goes through <see cref="OpenAsync"/>.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default) => await _dataSource.OpenConnectionAsync(ct);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    // Never the connection string: it may hold a password.
    public override string ToString() => $"PostgreSQL {DatabaseName}";
}
