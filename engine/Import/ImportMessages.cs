namespace CfgResults.Engine.Import;

/// <summary>Every text of an import error, in one place (French, shown to exam managers).</summary>
internal static class ImportMessages
{
    public static string MissingFile => "fichier absent du dossier";
    public static string UnreadableFile(string reason) => $"fichier illisible ({reason})";
    public static string InvalidEncoding => "le fichier n'est pas en UTF-8 (dans Excel : enregistrer au format « CSV UTF-8 »)";
    public static string EmptyFile => "fichier vide (attendu : une ligne d'en-tête avec les noms de colonnes)";
    public static string UnclosedQuote => "guillemet ouvrant sans guillemet fermant (le reste du fichier est dans ce champ)";
    public static string TextAfterClosingQuote(string value) => $"texte après un guillemet fermant dans '{value}' (un guillemet dans un champ entre guillemets s'écrit \"\")";
    public static string FieldTooLong(int max) => $"valeur trop longue : plus de {max} caractères (le reste de la ligne est ignoré)";
    public static string RecordTooLong(int max) => $"ligne trop longue : plus de {max} caractères (le reste de la ligne est ignoré)";
    public static string TooManyFields(int max) => $"trop de champs : plus de {max} sur une ligne";
    public static string MissingFields(int found, int expected) => $"ligne incomplète : {found} champ(s) au lieu de {expected}";
    public static string ExtraFields(int found, int expected) => $"trop de champs : {found} au lieu de {expected} (un « ; » dans une valeur doit être entre guillemets)";
    public static string UnknownColumn(string name, IEnumerable<string> known) => $"colonne inconnue '{name}' (colonnes attendues : {string.Join(", ", known)})";
    public static string MissingColumn(string name) => $"colonne obligatoire '{name}' absente de l'en-tête";
    public static string DuplicateColumn(string name) => $"colonne '{name}' présente deux fois dans l'en-tête";
    public static string RequiredValue => "valeur obligatoire manquante";
    public static string Digits(string value, int count) => $"valeur '{value}' invalide (attendu : {count} chiffres)";
    public static string InvalidIdentifier(string value, string reason) => $"valeur '{value}' : {reason}";
    public static string InvalidDate(string value) => $"date '{value}' invalide (attendu : JJ/MM/AAAA ou AAAA-MM-JJ)";
    public static string InvalidDateTime(string value) => $"date et heure '{value}' invalides (attendu : JJ/MM/AAAA HH:MM ou AAAA-MM-JJTHH:MM)";
    public static string InvalidDecimal(string value) => $"nombre '{value}' invalide (attendu : nombre avec virgule ou point décimal, ex. 12,5)";
    public static string TooManyDecimals(string value) => $"nombre '{value}' avec plus de 2 décimales (attendu : au plus 2 décimales, ex. 12,25)";
    public static string InvalidInteger(string value) => $"valeur '{value}' invalide (attendu : nombre entier)";
    public static string NegativeMaximum(string value) => $"barème '{value}' invalide (attendu : nombre positif ou nul)";
    public static string GradeOutOfRange(string value, decimal max) => $"valeur '{value}' hors barème (attendu : nombre entre 0 et {InterchangeFormat.FormatDecimal(max)})";
    public static string InvalidGrade(string value, decimal? max) => max is { } m
        ? $"note '{value}' invalide (attendu : nombre entre 0 et {InterchangeFormat.FormatDecimal(m)}, AB, DI ou vide)"
        : $"note '{value}' invalide (attendu : nombre, AB, DI ou vide)";
    public static string InvalidEnum(string value, IEnumerable<string> allowed) => $"valeur '{value}' inconnue (attendu : {string.Join(", ", allowed)})";
    public static string InvalidBoolean(string value) => $"valeur '{value}' invalide (attendu : O ou N, oui ou non)";
    public static string UnknownSchool(string value) => $"établissement '{value}' absent de {InterchangeFormat.SchoolsFile}";
    public static string UnknownCentre(string value) => $"centre d'épreuve '{value}' absent de {InterchangeFormat.SchoolsFile}";
    public static string UnknownCandidate(string value) => $"candidat '{value}' absent de {InterchangeFormat.CandidatesFile}";
    public static string UnknownExam(string value) => $"épreuve '{value}' absente de {InterchangeFormat.ExamsFile}";
    public static string DuplicateKey(string key, int firstLine) => $"{key} en double (déjà à la ligne {firstLine})";
    public static string WindowOrder(string closes, string opens) => $"fermeture '{closes}' avant ou égale à l'ouverture '{opens}' (attendu : fermeture après ouverture)";
    public static string SessionNoRow => "aucune ligne de données (attendu : exactement une ligne)";
    public static string SessionExtraRow => "ligne en trop (attendu : exactement une ligne de session)";
    public static string TotalMismatch(string candidate, string imported, string computed) =>
        $"total '{imported}' du candidat '{candidate}' différent de la somme de ses notes saisies : {computed} (attendu : {computed})";
    public static string TooManyErrors(int hidden) => $"{hidden} autre(s) erreur(s) dans ce fichier non détaillée(s)";
}
