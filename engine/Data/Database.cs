using System.Data.Common;

namespace CfgResults.Engine.Data;

public enum SqlDialect { Sqlite, Postgres }

/// <summary>
/// The product's database: SQLite embedded (a file under the data folder) or PostgreSQL.
/// The schema is the same on both (see Migrations/*/001_initial.sql for its conventions), so the
/// same parameterised SQL runs on both; only bulk loading and DDL differ by dialect.
/// </summary>
public interface IDatabase
{
    SqlDialect Dialect { get; }

    /// <summary>An open connection; the caller disposes it.</summary>
    Task<DbConnection> OpenAsync(CancellationToken ct = default);
}
