using System.Globalization;

namespace CfgResults.Engine.Accounts;

/// <summary>Instants as the schema stores them: TEXT 'yyyy-MM-ddTHH:mm:ss.fffZ' (UTC), which also sorts as text.</summary>
internal static class Instants
{
    const string Format = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static string Write(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Read(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
