namespace CfgResults.Engine.Domain;

/// <summary>
/// The one reading of a yes/no value written by a person: a step option, a parameter's default or value,
/// a criterion's value, `locked` or `required` in a definition. Case and accents are ignored.
/// (The interchange files have their own, stricter O/N: IMPORT-FORMAT.md.)
/// </summary>
public static class Flag
{
    public static readonly IReadOnlyList<string> TrueSpellings = ["O", "oui", "true", "1", "on"];
    public static readonly IReadOnlyList<string> FalseSpellings = ["N", "non", "false", "0", "off"];

    public static bool TryParse(string? text, out bool value)
    {
        switch (French.Fold(text ?? ""))
        {
            case "o" or "oui" or "true" or "1" or "on": value = true; return true;
            case "n" or "non" or "false" or "0" or "off": value = false; return true;
            default: value = false; return false;
        }
    }
}
