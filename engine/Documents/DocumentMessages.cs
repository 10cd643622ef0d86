namespace CfgResults.Engine.Documents;

/// <summary>
/// Every message of the Documents area, in French, with its stable code. Tests assert codes, not prose.
/// </summary>
internal static class DocumentMessages
{
    public const string MalformedCode = "DOC001";
    public const string DtdCode = "DOC002";
    public const string TooLargeCode = "DOC003";
    public const string UnknownElementCode = "DOC004";
    public const string UnknownAttributeCode = "DOC005";
    public const string BadValueCode = "DOC006";
    public const string MisplacedCode = "DOC007";
    public const string RootCode = "DOC008";
    public const string TooDeepCode = "DOC009";
    public const string MixedSectionsCode = "DOC010";

    public static string Malformed(string detail) => $"balisage XML mal formé : {detail}";

    public const string Dtd = "les déclarations DTD (<!DOCTYPE …>) et les entités déclarées sont interdites dans le balisage de document";

    public static string TooLarge(long max) => $"le balisage dépasse la taille maximale autorisée ({max:N0} caractères)".Replace('\u202F', ' ');

    public static string UnknownElement(string name, IEnumerable<string> allowed) =>
        $"élément <{name}> inconnu ou non permis ici (attendus : {string.Join(", ", allowed.Select(a => "<" + a + ">"))})";

    public static string UnknownAttribute(string element, string attribute, IEnumerable<string> allowed)
    {
        var list = allowed.ToList();
        return list.Count == 0
            ? $"l'élément <{element}> n'accepte aucun attribut (trouvé : {attribute})"
            : $"attribut « {attribute} » inconnu sur <{element}> (attendus : {string.Join(", ", list)})";
    }

    public static string BadValue(string element, string attribute, string value, string expected) =>
        $"valeur « {value} » invalide pour l'attribut {attribute} de <{element}> (attendu : {expected})";

    public static string MissingAttribute(string element, string attribute) => $"l'attribut {attribute} est obligatoire sur <{element}>";

    public static string TextOutsideParagraph(string parent) =>
        $"texte directement dans <{parent}> : placez-le dans un <p> (ou une cellule <td>/<th>)";

    public static string PageFieldOutsideHeaderFooter(string name) =>
        $"<{name}/> n'est permis que dans <header> ou <footer>";

    public const string Root = "l'élément racine doit être <document>";

    public static string TooDeep(int max) => $"imbrication trop profonde (au plus {max} niveaux de <b>/<i>)";

    public const string MixedSections = "un document qui contient des <section> ne peut pas avoir de blocs hors section";

    public static string FontMissing(string path) =>
        $"police introuvable : {path}. Installez le paquet Debian fonts-dejavu-core ou configurez le dossier des polices (DocumentFonts.Configure).";

    public static string FontFolderAlreadyConfigured(string current, string requested) =>
        $"le dossier des polices est déjà fixé à {current} pour ce processus (demandé : {requested}) : PDFsharp n'a qu'un résolveur de polices par processus";

    public static string ForeignFontResolver(string type) =>
        $"un autre résolveur de polices ({type}) est déjà installé dans PDFsharp pour ce processus";

    public const string QrCapacity = "un texte d'au plus 2 331 octets une fois encodé, pour un code QR de niveau de correction M";

    public static string QrTooLong(int length) =>
        $"texte de {length} caractères trop long pour un code QR (au plus 2 331 octets au niveau de correction M)";

    public static string UnknownFontFamily(string family) =>
        $"famille de polices « {family} » inconnue : seules « {DocumentFonts.Family} » et « {DocumentFonts.FullFamily} » sont servies";
}
