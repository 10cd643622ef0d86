using Dapper;

namespace CfgResults.Engine.Data;

/// <summary>
/// `@n0, @n1, …` for an IN list: Dapper would pass a list to Npgsql as one array parameter, which `IN (…)` does not
/// accept; named scalars run the same on SQLite and PostgreSQL.
/// </summary>
public static class SqlLists
{
    public static (string Sql, DynamicParameters Args) InList(IReadOnlyList<string> values, object? others = null)
    {
        var args = new DynamicParameters(others);
        for (var i = 0; i < values.Count; i++) args.Add("n" + i, values[i]);
        return (string.Join(", ", Enumerable.Range(0, values.Count).Select(i => "@n" + i)), args);
    }
}
