using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CfgResults.Engine.Identifiers;

/// <summary>Which family an INE (identifiant national élève) belongs to, by its shape.</summary>
public enum IneKind { Bea, Rnie, Apprenticeship }

/// <summary>
/// INE, 11 characters (DOMAIN.md):
/// INE-BEA <c>0123456789</c> + letter = alphabet[number mod 23] (same 23 letters as the UAI), checked;
/// INE-RNIE 9 digits + 2 letters and apprentissage 4 digits, <c>A</c>, 5 digits, a letter: shape only,
/// because their check keys are not public.
/// </summary>
public static class Ine
{
    /// <summary>Check letter of an INE-BEA, e.g. for <c>1234567890</c>.</summary>
    public static char CheckLetter(string tenDigits)
    {
        ArgumentNullException.ThrowIfNull(tenDigits);
        if (tenDigits.Length != 10 || !tenDigits.AsSpan().ContainsOnlyAsciiDigits())
            throw new ArgumentException("10 chiffres attendus", nameof(tenDigits));
        return Uai.Alphabet[(int)(long.Parse(tenDigits, CultureInfo.InvariantCulture) % 23)];
    }

    /// <summary>Ten digits plus their INE-BEA check letter.</summary>
    public static string CompleteBea(string tenDigits) => tenDigits + CheckLetter(tenDigits);

    public static bool IsValid(string? value) => TryValidate(value, out _, out _);

    /// <summary>True when <paramref name="value"/> is a valid INE; otherwise <paramref name="reason"/> says why, in French.</summary>
    public static bool TryValidate(string? value, [NotNullWhen(false)] out string? reason) => TryValidate(value, out _, out reason);

    public static bool TryValidate(string? value, out IneKind kind, [NotNullWhen(false)] out string? reason)
    {
        kind = default;
        if (value is { Length: 11 })
        {
            var s = value.AsSpan();
            if (s[..10].ContainsOnlyAsciiDigits() && char.IsAsciiLetterUpper(s[10]))
            {
                kind = IneKind.Bea;
                var expected = CheckLetter(value[..10]);
                if (s[10] == expected) { reason = null; return true; }
                reason = $"lettre de contrôle de l'INE incorrecte (attendu : {value[..10]}{expected})";
                return false;
            }
            if (s[..9].ContainsOnlyAsciiDigits() && char.IsAsciiLetterUpper(s[9]) && char.IsAsciiLetterUpper(s[10]))
            {
                kind = IneKind.Rnie;
                reason = null;
                return true;
            }
            if (s[..4].ContainsOnlyAsciiDigits() && s[4] == 'A' && s[5..10].ContainsOnlyAsciiDigits() && char.IsAsciiLetterUpper(s[10]))
            {
                kind = IneKind.Apprenticeship;
                reason = null;
                return true;
            }
        }
        reason = "format d'INE invalide (attendu : 10 chiffres et une lettre, 9 chiffres et 2 lettres, ou 4 chiffres, A, 5 chiffres et une lettre)";
        return false;
    }
}
