using CfgResults.Engine.Data.Postgres;
using CfgResults.Engine.Data.Sqlite;

namespace CfgResults.Engine.Data;

public static class DatabaseFactory
{
    /// <summary>File name of the embedded database inside the data folder.</summary>
    public const string SqliteFileName = "cfgresults.db";

    /// <summary>
    /// PostgreSQL when a connection string is given, else the embedded SQLite file
    /// <c>&lt;dataDir&gt;/cfgresults.db</c> (the folder is created if missing).
    /// The result is disposable (<see cref="IDisposable"/>): dispose it when the process stops.
    /// </summary>
    public static IDatabase Create(string dataDir, string? postgresConnection)
    {
        if (!string.IsNullOrWhiteSpace(postgresConnection))
            return new PostgresDatabase(postgresConnection);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        Directory.CreateDirectory(dataDir);
        return new SqliteDatabase(Path.Combine(dataDir, SqliteFileName));
    }
}
