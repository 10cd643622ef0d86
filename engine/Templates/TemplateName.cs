using System.Text.RegularExpressions;

namespace CfgResults.Engine.Templates;

/// <summary>
/// The one rule for template names (SECURITY.md row 4): lower-case relative segments ending in `.sbn`.
/// The regular expression alone already excludes `..`, absolute paths, backslashes, drive letters, `%` encodings
/// and NUL; the explicit checks before it exist to give a precise French reason.
/// </summary>
public static partial class TemplateName
{
    public const int MaxLength = 200;

    [GeneratedRegex(@"^[a-z0-9_][a-z0-9_\-]*(/[a-z0-9_][a-z0-9_\-]*)*\.sbn$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => Reason(name) is null;

    /// <summary>Why the name is refused (French), or null when it is acceptable.</summary>
    public static string? Reason(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "nom vide";
        if (name.Length > MaxLength) return $"nom trop long (plus de {MaxLength} caractères)";
        if (name.Contains('\0')) return "caractère NUL interdit";
        if (name.Contains('\\')) return "barre oblique inverse interdite";
        if (name.Contains('%')) return "forme encodée (%) interdite";
        if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':')) return "chemin absolu interdit";
        if (name.Split('/').Any(s => s is ".." or ".")) return "segment « .. » ou « . » interdit";
        if (!Pattern().IsMatch(name)) return "seuls les noms relatifs en minuscules, chiffres, « _ » et « - », terminés par « .sbn », sont admis";
        return null;
    }

    /// <summary>Throws <see cref="TemplateNameException"/> unless the name is acceptable.</summary>
    public static void Validate(string? name)
    {
        if (Reason(name) is { } reason) throw new TemplateNameException(name ?? "", reason);
    }
}

/// <summary>A template name refused before any storage access.</summary>
public sealed class TemplateNameException(string name, string reason)
    : Exception($"nom de modèle refusé '{Printable(name)}' : {reason}")
{
    public string Name { get; } = name;
    public string Reason { get; } = reason;

    // A hostile name may hold NUL or control characters; never echo them raw into messages or logs.
    static string Printable(string name)
    {
        var clipped = name.Length > 80 ? name[..80] + "…" : name;
        return string.Concat(clipped.Select(c => char.IsControl(c) ? '?' : c));
    }
}
