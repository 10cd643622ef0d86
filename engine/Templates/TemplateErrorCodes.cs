using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Templates;

/// <summary>The codes and French texts of every template error, in one place (STYLE.md habit 4).</summary>
public static class TemplateErrorCodes
{
    public const string Syntax = "TPL001";
    public const string NotFound = "TPL002";
    public const string NameRefused = "TPL003";
    public const string UnknownVariable = "TPL101";
    public const string LoopLimit = "TPL102";
    public const string RecursionLimit = "TPL103";
    public const string OutputLimit = "TPL104";
    public const string StringLimit = "TPL105";
    public const string Timeout = "TPL106";
    public const string UnknownMember = "TPL107";
    public const string IncludeDepth = "TPL108";
    public const string FunctionArgument = "TPL109";
    public const string CsvTextOutput = "TPL110";
    public const string CsvShape = "TPL111";
    public const string CsvSize = "TPL112";
    public const string MemoryBudget = "TPL113";
    public const string RunMemoryBudget = "TPL114";
    public const string Runtime = "TPL199";

    internal static string SyntaxMessage(string detail) => $"erreur de syntaxe : {TranslateSyntax(detail)}";
    internal static string NotFoundMessage(string name) => $"modèle introuvable '{name}'";
    internal static string UnknownVariableMessage(string name) => $"variable inconnue '{name}'";
    internal static string UnknownMemberMessage(string name) => $"membre inconnu '{name}'";
    internal static string LoopLimitMessage(int limit) => $"boucle trop longue (plus de {N(limit)} itérations au total)";
    internal static string RecursionLimitMessage(int limit) => $"récursion trop profonde (plus de {limit} appels imbriqués)";
    internal static string OutputLimitMessage(long limit) => $"sortie trop volumineuse (plus de {N(limit)} caractères)";
    internal static string StringLimitMessage(int limit) => $"texte trop volumineux (plus de {N(limit)} caractères)";
    internal static string TimeoutMessage(TimeSpan timeout) => $"délai dépassé ({timeout.TotalSeconds.ToString("0.#", French.Culture)} s)";
    internal static string IncludeDepthMessage(int limit) => $"inclusions trop imbriquées (plus de {limit} niveaux)";
    internal static string ArgumentCountMessage(string call, string given, string expected) =>
        $"nombre d'arguments incorrect dans « {call} » : {given} donné(s), {expected} attendu(s)";

    internal const string CsvTextOutputMessage = "un modèle CSV ne produit rien d'autre que csv_header, csv_row, csv_cell et csv_end_row : texte en dehors d'une ligne";
    internal static string CsvSizeMessage(long limit) => $"fichier CSV trop volumineux (plus de {N(limit)} octets)";
    internal static string MemoryBudgetMessage(long bytes) =>
        $"mémoire du rendu dépassée : les valeurs construites par le modèle dépassent {N(bytes / (1024 * 1024))} Mo (budget par rendu)";
    internal static string RunMemoryBudgetMessage(long bytes) =>
        $"mémoire de l'édition dépassée : les rendus de cette édition en cours en même temps dépassent ensemble {N(bytes / (1024 * 1024))} Mo (budget par édition)";
    internal static string RuntimeMessage(string detail) => $"erreur d'exécution : {detail}";

    static string N(long value) => value.ToString("N0", French.Culture);

    // Scriban's parser speaks English; the phrases people hit most are given in French, the rest keep the detail.
    static readonly (string English, string French)[] SyntaxPhrases =
    [
        ("The <end> statement was not found", "instruction « end » manquante"),
        ("Expecting <expression> instead of", "expression attendue au lieu de"),
        ("Error while parsing for statement:", "boucle for mal formée :"),
        ("Error while parsing if statement:", "instruction if mal formée :"),
        ("Unexpected token", "élément inattendu"),
        ("Unexpected", "inattendu :"),
        ("Expecting", "attendu :"),
        ("instead of", "au lieu de"),
        ("Invalid token found", "élément invalide"),
        ("Unable to find a pending", "aucune instruction ouverte pour ce"),
        ("Found <end> statement without a corresponding beginning of a block", "« end » sans bloc ouvert"),
        ("Unterminated string", "chaîne non terminée"),
        ("in:", "dans :"),
    ];

    static string TranslateSyntax(string detail)
    {
        foreach (var (english, french) in SyntaxPhrases) detail = detail.Replace(english, french, StringComparison.Ordinal);
        return detail;
    }
}
