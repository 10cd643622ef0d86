namespace CfgResults.Engine.Data.Rows;

/// <summary>
/// A column that holds a C# enumeration member's name (runs.state, artefact_versions.kind…). Read back by exact
/// name: an unknown value (a number, another case, a name from a later release) is an error naming the table, the
/// column and the value, never a default.
/// </summary>
internal static class StoredEnum
{
    /// <param name="row">The row, for the message (« édition 42 »), when the table has a key a person knows.</param>
    /// <exception cref="InvalidDataException">The value is not a member's name.</exception>
    public static T Parse<T>(string table, string column, string value, string? row = null) where T : struct, Enum =>
        value.Length > 0 && char.IsLetter(value[0]) && Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidDataException(
                $"Valeur inconnue « {value} » dans {table}.{column}{(row is null ? "" : $" ({row})")} (attendu : {string.Join(", ", Enum.GetNames<T>())}).");
}
