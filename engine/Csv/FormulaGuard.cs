using System.Globalization;
using System.Text.RegularExpressions;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Csv;

/// <summary>
/// SECURITY.md row 8, shared by the CSV and the spreadsheet outputs: which text is a plain French number, and which
/// text a spreadsheet could read as a formula (`= + - @`, tab, CR, and the full-width `＝ ＋ － ＠` that Excel folds
/// to their ASCII meaning). Such text is written with a leading `'`, as CsvHelper's <c>CsvInjection.Escape</c> does.
/// </summary>
public static partial class FormulaGuard
{
    /// <summary>Full-width formula signs that Excel folds to their ASCII meaning.</summary>
    public const string FullWidthFormulaSigns = "\uFF1D\uFF0B\uFF0D\uFF20";

    /// <summary>The ASCII signs CsvHelper escapes (its default injection characters).</summary>
    public const string AsciiFormulaSigns = "=+-@\t\r";

    // Only canonical forms, so that reading the text as a decimal and writing it back gives the same characters.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,27})(,[0-9]{1,27})?$", RegexOptions.CultureInvariant)]
    private static partial Regex FrenchNumberPattern();

    /// <summary>`12,5`, `-3`, `0`: a number written the French way, without leading zeros (so `007` is not one).</summary>
    public static bool IsFrenchNumber(string text) => FrenchNumberPattern().IsMatch(text);

    public static decimal ParseFrenchNumber(string text) =>
        decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, French.Culture);

    /// <summary>The text as a spreadsheet must receive it: prefixed with `'` when it starts with a formula sign.</summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && (AsciiFormulaSigns.Contains(text[0]) || FullWidthFormulaSigns.Contains(text[0])) ? "'" + text : text;
}
