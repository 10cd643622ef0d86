using System.Data;
using System.Data.Common;

namespace CfgResults.Engine.Data;

/// <summary>
/// Small ADO.NET helpers shared by both dialects. Parameters are typed explicitly (text, integer, bigint)
/// so that PostgreSQL never has to guess the type of a null.
/// </summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    public static DbParameter Text(DbCommand command, string name, string? value = null) => Add(command, name, DbType.String, value);

    public static DbParameter Int(DbCommand command, string name, int? value = null) => Add(command, name, DbType.Int32, value);

    public static DbParameter Long(DbCommand command, string name, long? value = null) => Add(command, name, DbType.Int64, value);

    static DbParameter Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static void Set(DbParameter parameter, object? value) => parameter.Value = value ?? DBNull.Value;

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string text, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, text);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableLong(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
