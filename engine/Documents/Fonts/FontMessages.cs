namespace CfgResults.Engine.Documents.Fonts;

/// <summary>The messages of the font subsetter and of the compact-font switch, in French.</summary>
internal static class FontMessages
{
    public const string NotTrueType = "fichier de police illisible : ce n'est pas une police TrueType à contours glyf";
    public const string BadHead = "fichier de police illisible : table head invalide";
    public const string NoGlyphs = "fichier de police illisible : aucun glyphe";
    public const string NoUnicodeCmap = "fichier de police illisible : pas de table cmap Unicode";
    public const string BadGlyph = "fichier de police illisible : glyphe tronqué";

    public static string MissingTable(string tag) => $"fichier de police illisible : table {tag} absente";

    public static string TableTooShort(string tag) => $"fichier de police illisible : table {tag} trop courte ou incohérente";

    public static string TableOutsideFile(string tag) => $"fichier de police illisible : la table {tag} dépasse la fin du fichier";

    public static string BadLoca(int glyph) => $"fichier de police illisible : position du glyphe {glyph} incohérente (table loca)";

    public static string CompactSwitchTooLate(bool current) =>
        $"les polices des documents sont déjà installées ({(current ? "compactes" : "complètes")}) pour ce processus : " +
        "choisissez DocumentFonts.UseCompactFonts avant le premier document";
}
