using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CfgResults.Engine.Tests.Templates;

/// <summary>Reads a golden case's model.json into plain dictionaries, as the runner would build them.</summary>
internal static partial class TestModels
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")] private static partial Regex IsoDate();
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")] private static partial Regex IsoDateTime();

    public static IReadOnlyDictionary<string, object?> FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return (IReadOnlyDictionary<string, object?>)Convert(doc.RootElement)!;
    }

    // `2018-06-05` becomes a DateOnly and `2019-07-01T08:00` a DateTime, like the store gives them;
    // numbers with a fraction become decimal (notes), others long.
    static object? Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(Convert).ToList(),
        JsonValueKind.String when IsoDate().IsMatch(e.GetString()!) => DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        JsonValueKind.String when IsoDateTime().IsMatch(e.GetString()!) => DateTime.Parse(e.GetString()!, CultureInfo.InvariantCulture),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number => e.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
