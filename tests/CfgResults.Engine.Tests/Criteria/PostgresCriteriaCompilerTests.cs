using System.Data;
using CfgResults.Engine.Tests.Support;
using Npgsql;

namespace CfgResults.Engine.Tests.Criteria;

/// <summary>The same compiled criteria, executed on a real PostgreSQL 15 database.</summary>
public sealed class PostgresCriteriaCompilerTests : CriteriaCompilerTestsBase
{
    protected override IDbConnection OpenSeeded()
    {
        // xunit builds the class synchronously; the server start is cached, so this blocks once.
        var database = PostgresServer.CreateDatabaseAsync("criteria").GetAwaiter().GetResult();
        var admin = PostgresServer.AdminConnectionStringAsync().GetAwaiter().GetResult();
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = database.DatabaseName }.ConnectionString);
        connection.Open();
        Execute(connection, SqliteCriteriaCompilerTests.MigrationScript("Postgres"));
        Seed(connection);
        return connection;
    }
}
