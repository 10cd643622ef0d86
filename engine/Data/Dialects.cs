using System.Data;
using System.Data.Common;
using CfgResults.Engine.Data.Postgres;
using CfgResults.Engine.Data.Sqlite;
using CfgResults.Engine.Domain;
using Npgsql;

namespace CfgResults.Engine.Data;

/// <summary>
/// Every difference between SQLite and PostgreSQL that a query meets, in one place (the dialect is the
/// database's, <see cref="IDatabase.Dialect"/>). Everything else is written once and runs on both: upserts
/// (<c>ON CONFLICT … DO</c>), <c>RETURNING</c>, <c>LIMIT</c>, instants as fixed-width UTC text (so no date
/// arithmetic in SQL), booleans as 0/1. Queries ask this class, never <c>if (Postgres)</c> themselves.
/// </summary>
internal static class Dialects
{
    /// <summary>
    /// Ordinal (code-point) ordering on both dialects: SQLite's BINARY collation is ordinal already, while a
    /// PostgreSQL database sorts by its locale unless told "C". Keys such as UAIs and decision groups must
    /// come back in the same order whatever the server's locale.
    /// </summary>
    public static string Ordinal(this SqlDialect dialect, string column) => dialect switch
    {
        SqlDialect.Sqlite => column,
        SqlDialect.Postgres => column + " COLLATE \"C\"",
        _ => throw Unknown(dialect),
    };

    /// <summary>A read of several tables that sees one state of the store, even while an import commits.</summary>
    public static async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true) // a read must not take SQLite's write lock
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

    /// <summary>
    /// Bulk load of a session's candidates and grades: binary COPY on PostgreSQL, prepared commands reused in the
    /// transaction on SQLite.
    /// </summary>
    public static async Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, long sessionId,
        IReadOnlyList<Candidate> candidates, IReadOnlyList<Grade> grades, CancellationToken ct)
    {
        switch (connection)
        {
            case NpgsqlConnection npgsql:
                await PostgresBulk.CopyCandidatesAsync(npgsql, sessionId, candidates, ct);
                await PostgresBulk.CopyGradesAsync(npgsql, sessionId, grades, ct);
                break;
            default:
                await SqliteBulk.InsertCandidatesAsync(connection, transaction, sessionId, candidates, ct);
                await SqliteBulk.InsertGradesAsync(connection, transaction, sessionId, grades, ct);
                break;
        }
    }

    /// <summary>Fresh planner statistics after a bulk load (PostgreSQL; SQLite has none to refresh here), or null.</summary>
    public static string? AnalyzeAfterImport(this SqlDialect dialect) => dialect switch
    {
        SqlDialect.Sqlite => null,
        SqlDialect.Postgres => "ANALYZE candidates; ANALYZE grades",
        _ => throw Unknown(dialect),
    };

    /// <summary>
    /// The statements that keep two hosts from migrating one database at once (a PostgreSQL advisory lock on
    /// <c>@key</c>), or null: on SQLite, BEGIN IMMEDIATE plays that role.
    /// </summary>
    public static (string Lock, string Unlock)? MigrationLock(this SqlDialect dialect) => dialect switch
    {
        SqlDialect.Sqlite => null,
        SqlDialect.Postgres => ("SELECT pg_advisory_lock(@key)", "SELECT pg_advisory_unlock(@key)"),
        _ => throw Unknown(dialect),
    };

    static ArgumentOutOfRangeException Unknown(SqlDialect dialect) => new(nameof(dialect), dialect, "dialecte SQL inconnu");
}
