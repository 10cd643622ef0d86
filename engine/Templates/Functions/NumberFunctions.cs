using System.Numerics;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Templates.Functions;

/// <summary>
/// French numbers: `{{ note | format_note }}` → `12,5`, `200`, `-3` (decimal comma, no trailing zeros, no rounding);
/// marks that are not numbers (`AB`, `DI`, empty) pass through unchanged.
/// `{{ pluriel nb_candidats "candidat" "candidats" }}` → `1 candidat`, `3 candidats`.
/// </summary>
public static class NumberFunctions
{
    public static string FormatNote(object? value) => value switch
    {
        null => "",
        string s => s,
        _ when ToDecimal(value) is { } d => Format(d),
        _ => throw new ArgumentException($"format_note : note attendue, reçu « {DateFunctions.Describe(value)} »"),
    };

    /// <summary>French rule: singular below 2 (`0 candidat`, `1,5 point`), plural from 2.</summary>
    public static string Pluriel(object? count, string singular, string? plural = null)
    {
        var n = ToDecimal(count) ?? throw new ArgumentException($"pluriel : nombre attendu, reçu « {(count is null ? "rien" : DateFunctions.Describe(count))} »");
        var word = Math.Abs(n) < 2 ? singular : plural ?? singular + "s";
        return $"{Format(n)} {word}";
    }

    internal static decimal? ToDecimal(object? value) => value switch
    {
        decimal d => d,
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        ushort us => us,
        uint ui => ui,
        ulong ul => ul,
        BigInteger bi when bi >= (BigInteger)decimal.MinValue && bi <= (BigInteger)decimal.MaxValue => (decimal)bi,
        // (decimal)double keeps 15 significant digits, so 12.5 stays 12.5 and 0.1 stays 0.1.
        double db when double.IsFinite(db) && Math.Abs(db) < 7.9e27 => (decimal)db,
        float f when float.IsFinite(f) && Math.Abs(f) < 7.9e27f => (decimal)f,
        _ => null,
    };

    /// <summary>`12.50m` → `12,5`; `200m` → `200`; no group separator, so the text stays a number in a spreadsheet.</summary>
    internal static string Format(decimal value) => value.ToString("0.############################", French.Culture);
}
