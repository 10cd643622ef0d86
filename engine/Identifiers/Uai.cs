using System.Diagnostics.CodeAnalysis;

namespace CfgResults.Engine.Identifiers;

/// <summary>
/// UAI (unité administrative immatriculée), the 8-character school code: 7 digits and a check letter.
/// Worked example: 0783546 mod 23 = 5 → alphabet[5] = F → <c>0783546F</c>.
/// Corsica's 620/720 prefixes are plain digits for this rule, so they need no special case.
/// </summary>
public static class Uai
{
    /// <summary>The 23 check letters: A–Z without I, O and Q (they look like 1, 0 and 0).</summary>
    public const string Alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ";

    /// <summary>Check letter for seven digits, e.g. <c>CheckLetter("0783546") == 'F'</c>.</summary>
    public static char CheckLetter(string sevenDigits)
    {
        ArgumentNullException.ThrowIfNull(sevenDigits);
        if (sevenDigits.Length != 7 || !sevenDigits.All(char.IsAsciiDigit))
            throw new ArgumentException("7 chiffres attendus", nameof(sevenDigits));
        return Alphabet[(int)(long.Parse(sevenDigits, System.Globalization.CultureInfo.InvariantCulture) % 23)];
    }

    /// <summary>Seven digits plus their check letter.</summary>
    public static string Complete(string sevenDigits) => sevenDigits + CheckLetter(sevenDigits);

    public static bool IsValid(string? value) => TryValidate(value, out _);

    /// <summary>True when <paramref name="value"/> is a valid UAI; otherwise <paramref name="reason"/> says why, in French.</summary>
    public static bool TryValidate(string? value, [NotNullWhen(false)] out string? reason)
    {
        if (string.IsNullOrEmpty(value))
        {
            reason = "UAI vide (attendu : 7 chiffres et une lettre de contrôle, ex. 0783546F)";
            return false;
        }
        if (value.Length != 8 || !value.AsSpan(0, 7).ContainsOnlyAsciiDigits() || !char.IsAsciiLetterUpper(value[7]))
        {
            reason = "format d'UAI invalide (attendu : 7 chiffres et une lettre majuscule, ex. 0783546F)";
            return false;
        }
        var expected = CheckLetter(value[..7]);
        if (value[7] != expected)
        {
            reason = $"lettre de contrôle de l'UAI incorrecte (attendu : {value[..7]}{expected})";
            return false;
        }
        reason = null;
        return true;
    }
}

static class SpanDigits
{
    public static bool ContainsOnlyAsciiDigits(this ReadOnlySpan<char> span)
    {
        foreach (var c in span) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
