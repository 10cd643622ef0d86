using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Templates.Functions;

/// <summary>`{{ candidat.nom | upper_name }}`: French upper case that keeps accents (`Chloé` → `CHLOÉ`).</summary>
public static class TextFunctions
{
    public static string UpperName(string? text) => text is null ? "" : text.ToUpper(French.Culture);
}
