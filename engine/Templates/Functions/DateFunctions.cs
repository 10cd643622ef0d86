using System.Globalization;
using Scriban.Runtime;

namespace CfgResults.Engine.Templates.Functions;

/// <summary>
/// French dates: `{{ candidat.date_naissance | format_date }}` → `05/06/2018`,
/// `{{ session.ouverture | format_datetime }}` → `01/07/2019 08:00`.
/// Templates get the time only from the model: Scriban's `date.now` is removed so a document
/// rendered twice from the same data is the same document.
/// </summary>
public static class DateFunctions
{
    public static string FormatDate(object? value) =>
        ToDateTime(value, "format_date") is { } d ? d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : "";

    public static string FormatDatetime(object? value) =>
        ToDateTime(value, "format_datetime") is { } d ? d.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "";

    static readonly string[] IsoFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    internal static DateTime? ToDateTime(object? value, string function) => value switch
    {
        null => null,
        "" => null,
        DateTime d => d,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        string s when DateTime.TryParseExact(s, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        _ => throw new ArgumentException($"{function} : date attendue, reçu « {Describe(value)} »"),
    };

    internal static string Describe(object value) => value switch
    {
        string s => s.Length > 40 ? s[..40] + "…" : s,
        ScriptObject => "objet",
        ScriptArray => "liste",
        _ => value.GetType().Name,
    };
}
