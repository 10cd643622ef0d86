using System.Diagnostics.CodeAnalysis;

namespace CfgResults.Engine.Accounts;

/// <summary>
/// The identifier checks accounts need (DOMAIN.md, « Identifiers »). Kept here so that accounts do not
/// depend on the import area; both follow the same rules.
/// </summary>
internal static class AccountIdentifiers
{
    /// <summary>The 23 check letters of a UAI: no I, O, Q.</summary>
    const string UaiLetters = "ABCDEFGHJKLMNPRSTUVWXYZ";

    /// <summary>7 digits and the letter at (number mod 23): 0783546 mod 23 = 5 → <c>0783546F</c>. Upper case only.</summary>
    public static bool IsValidUai([NotNullWhen(true)] string? uai)
    {
        if (uai is not { Length: 8 }) return false;
        var number = 0;
        for (var i = 0; i < 7; i++)
        {
            if (!char.IsAsciiDigit(uai[i])) return false;
            number = number * 10 + (uai[i] - '0');
        }
        return uai[7] == UaiLetters[number % 23];
    }

    /// <summary>Numéro candidat: 11 digits, opaque.</summary>
    public static bool IsValidCandidateNumber([NotNullWhen(true)] string? number) =>
        number is { Length: 11 } && number.All(char.IsAsciiDigit);
}
