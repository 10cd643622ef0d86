using System.Globalization;

namespace CfgResults.Engine.Definitions;

/// <summary>
/// Every code a person can meet in a definition, in criteria sent by a caller or in a run's request, each
/// with one meaning (the table in docs/DIAGNOSTICS.md). Codes are stable: tests, documentation and the UI
/// refer to them through these constants, never as literals, so a code is never reused for another meaning.
/// Texts may change freely.
/// </summary>
public static class DiagnosticCodes
{
    // The file as a whole
    public const string FileTooLarge = "CFG001";
    public const string YamlSyntax = "CFG002";
    public const string UnclosedBracket = "CFG003";
    public const string AliasRefused = "CFG004";
    public const string TagRefused = "CFG005";
    public const string DuplicateKey = "CFG006";
    public const string TooDeep = "CFG007";
    // Shape of the definition
    public const string UnknownKey = "CFG008";
    public const string MissingKey = "CFG009";
    public const string WrongType = "CFG010";
    public const string IdNotFileName = "CFG011";
    public const string UnknownStepKind = "CFG012";
    public const string InvalidId = "CFG013";
    public const string UnknownAudience = "CFG014";
    public const string UnknownParameterType = "CFG015";
    public const string DuplicateParameter = "CFG016";
    public const string ChoiceWithoutOptions = "CFG017";
    public const string UnknownOptionsSource = "CFG018";
    public const string UnknownCriterionField = "CFG019";
    public const string UnknownOperator = "CFG020";
    public const string OperatorNotAllowed = "CFG021";
    public const string ValueNotAllowed = "CFG022";
    public const string UnknownStepOption = "CFG023";
    public const string TemplateNotFound = "CFG024";
    public const string TemplateDoesNotCompile = "CFG025";
    public const string TemplateError = "CFG026";
    public const string DuplicateDefinitionId = "CFG027";
    public const string NotOneMapping = "CFG028";
    public const string TooManyErrors = "CFG029";
    public const string WrongValueCount = "CFG030";
    public const string EmptyList = "CFG031";
    public const string InvalidEncoding = "CFG032";
    public const string InvalidDefault = "CFG033";
    public const string DuplicateCriterion = "CFG034";
    public const string SeveralOperators = "CFG035";
    public const string OptionsOnlyForChoice = "CFG036";
    public const string InvalidTemplateName = "CFG037";
    public const string StepOptionValueNotAllowed = "CFG038";
    public const string FileUnreadable = "CFG039";
    // Criteria sent by a caller (CriteriaMerger); CFG019, CFG021, CFG022, CFG030 are shared with the loader.
    public const string LockedCriterionChanged = "CFG040";
    public const string LockedCriterionRemoved = "CFG041";
    public const string UnresolvedExpression = "CFG042";
    public const string CriterionChangedTwice = "CFG043";
    public const string BoundsReversed = "CFG044";
    public const string NoCriterionToRemove = "CFG045";
    // Public outputs decided in code (PublicOutputs)
    public const string PublicOutputSelectsHidden = "CFG046";
    public const string CriterionNotSupported = "CFG047";
    public const string PublicCriterionNotChangeable = "CFG048";
    // A step's condition (`when: { format: xlsx }`)
    public const string ConditionUnknownParameter = "CFG070";
    public const string ConditionValueNotAllowed = "CFG071";
    // A run's request (Runner, ParameterBinder, the job launcher): each code is about one parameter, named by the diagnostic's file.
    public const string UnknownParameter = "CFG050";
    public const string MissingParameter = "CFG051";
    public const string InvalidParameter = "CFG052";
    public const string ParameterChoiceNotAllowed = "CFG053";
    // A run's request: the activity and the session it names.
    public const string ConfirmationRequired = "CFG057";
    public const string UnknownActivity = "CFG060";
    public const string UnknownSession = "CFG061";
    public const string SessionReadOnly = "CFG062";

    /// <summary>The codes whose diagnostic names a run parameter (its id in <see cref="SourceLocation.File"/>).</summary>
    public static bool IsAboutParameter(string code) =>
        code is UnknownParameter or MissingParameter or InvalidParameter or ParameterChoiceNotAllowed;
}

/// <summary>The French texts, one per code: the only place where they are written.</summary>
internal static class Messages
{
    static readonly Dictionary<string, string> Formats = new()
    {
        [DiagnosticCodes.FileTooLarge] = "le fichier fait {0} octets, au-delà de la limite de {1} octets : il n'a pas été lu",
        [DiagnosticCodes.YamlSyntax] = "syntaxe YAML invalide : {0}",
        [DiagnosticCodes.UnclosedBracket] = "« {0} » ouvert ici n'est jamais fermé",
        [DiagnosticCodes.AliasRefused] = "les ancres et alias YAML ne sont pas acceptés (« {0} ») : recopiez la valeur",
        [DiagnosticCodes.TagRefused] = "les étiquettes YAML explicites ne sont pas acceptées (« {0} »)",
        [DiagnosticCodes.DuplicateKey] = "clé « {0} » en double (déjà présente ligne {1})",
        [DiagnosticCodes.TooDeep] = "imbrication trop profonde (plus de {0} niveaux)",
        [DiagnosticCodes.UnknownKey] = "clé inconnue « {0} » {1} (attendues : {2}){3}",
        [DiagnosticCodes.MissingKey] = "clé obligatoire « {0} » manquante {1}",
        [DiagnosticCodes.WrongType] = "« {0} » doit être {1}",
        [DiagnosticCodes.IdNotFileName] = "l'identifiant « {0} » ne correspond pas au nom du fichier « {1} »",
        [DiagnosticCodes.UnknownStepKind] = "type d'étape inconnu '{0}'{1} (connus : {2})",
        [DiagnosticCodes.InvalidId] = "identifiant « {0} » invalide : {1}",
        [DiagnosticCodes.UnknownAudience] = "public inconnu « {0} »{1} (connus : {2})",
        [DiagnosticCodes.UnknownParameterType] = "type de paramètre inconnu « {0} »{1} (connus : {2})",
        [DiagnosticCodes.DuplicateParameter] = "paramètre « {0} » en double (déjà défini ligne {1})",
        [DiagnosticCodes.ChoiceWithoutOptions] = "le paramètre « {0} » de type choice doit avoir « options » (source) ou « choices » (liste)",
        [DiagnosticCodes.UnknownOptionsSource] = "source d'options inconnue « {0} »{1} (connues : {2})",
        [DiagnosticCodes.UnknownCriterionField] = "champ de critère inconnu « {0} »{1} (voir l'arbre des critères : {2})",
        [DiagnosticCodes.UnknownOperator] = "opérateur inconnu « {0} »{1} (connus : {2})",
        [DiagnosticCodes.OperatorNotAllowed] = "l'opérateur « {0} » n'est pas permis pour le critère « {1} » (permis : {2})",
        [DiagnosticCodes.ValueNotAllowed] = "valeur « {0} » non permise pour le critère « {1} » (attendu : {2})",
        [DiagnosticCodes.UnknownStepOption] = "option inconnue « {0} » pour l'étape '{1}'{2} (connues : {3})",
        [DiagnosticCodes.TemplateNotFound] = "gabarit introuvable « {0} »",
        [DiagnosticCodes.TemplateDoesNotCompile] = "le gabarit « {0} » ne compile pas ({1} erreur(s), voir ci-dessous)",
        [DiagnosticCodes.TemplateError] = "{0}",
        [DiagnosticCodes.DuplicateDefinitionId] = "identifiant de définition « {0} » en double (déjà utilisé par {1})",
        [DiagnosticCodes.NotOneMapping] = "{0}",
        [DiagnosticCodes.TooManyErrors] = "trop d'erreurs : seules les {0} premières sont affichées",
        [DiagnosticCodes.WrongValueCount] = "l'opérateur « {0} » attend {1}",
        [DiagnosticCodes.EmptyList] = "« {0} » ne doit pas être une liste vide",
        [DiagnosticCodes.InvalidEncoding] = "le fichier n'est pas un texte UTF-8 valide",
        [DiagnosticCodes.InvalidDefault] = "valeur par défaut « {0} » invalide pour un paramètre de type {1} (attendu : {2})",
        [DiagnosticCodes.DuplicateCriterion] = "le critère « {0} » est déjà défini ligne {1}",
        [DiagnosticCodes.SeveralOperators] = "un critère n'a qu'un opérateur : « {0} » et « {1} » sont donnés ensemble",
        [DiagnosticCodes.OptionsOnlyForChoice] = "« {0} » {1}",
        [DiagnosticCodes.InvalidTemplateName] = "nom de gabarit invalide « {0} » : chemin relatif attendu, sans « .. », sans « \\ » ni chemin absolu",
        [DiagnosticCodes.StepOptionValueNotAllowed] = "valeur « {0} » non permise pour l'option « {1} » (permises : {2})",
        [DiagnosticCodes.FileUnreadable] = "fichier illisible : {0}",
        [DiagnosticCodes.LockedCriterionChanged] = "le critère « {0} » est verrouillé et ne peut pas être modifié",
        [DiagnosticCodes.LockedCriterionRemoved] = "le critère « {0} » est verrouillé et ne peut pas être retiré",
        [DiagnosticCodes.UnresolvedExpression] = "la valeur « {0} » du critère « {1} » n'a pas pu être résolue",
        [DiagnosticCodes.CriterionChangedTwice] = "le critère « {0} » est modifié deux fois dans la même demande",
        [DiagnosticCodes.BoundsReversed] = "les bornes du critère « {0} » sont inversées : « {1} » est après « {2} »",
        [DiagnosticCodes.NoCriterionToRemove] = "le critère « {0} » ne fait pas partie de la sélection : rien à retirer",
        [DiagnosticCodes.PublicOutputSelectsHidden] =
            "une sortie publique ne contient jamais de candidat en liste rouge ou présumé fraudeur : le critère « {0} » ({1}) ne peut être que « equals: false »",
        [DiagnosticCodes.CriterionNotSupported] = "le critère « {0} » ({1}) n'est pas pris en charge par l'étape de sélection de cette activité",
        [DiagnosticCodes.PublicCriterionNotChangeable] =
            "le critère « {0} » ({1}) ne peut pas être ajouté à une sortie publique : seuls les critères modifiables de sa définition peuvent changer",
        [DiagnosticCodes.ConditionUnknownParameter] = "la condition « when » porte sur « {0} », qui n'est pas un paramètre de la définition{1} (paramètres : {2})",
        [DiagnosticCodes.ConditionValueNotAllowed] = "valeur « {0} » impossible pour le paramètre « {1} » dans la condition « when » (permises : {2})",
        [DiagnosticCodes.UnknownParameter] = "paramètre inconnu « {0} » (connus : {1})",
        [DiagnosticCodes.MissingParameter] = "le paramètre « {0} » est obligatoire",
        [DiagnosticCodes.InvalidParameter] = "le paramètre « {0} » a une valeur invalide « {1} » (attendu : {2})",
        [DiagnosticCodes.ParameterChoiceNotAllowed] = "le paramètre « {0} » n'accepte pas « {1} » (valeurs possibles : {2})",
        [DiagnosticCodes.UnknownActivity] = "Activité inconnue « {0} ».",
        [DiagnosticCodes.ConfirmationRequired] = "{0}",
        [DiagnosticCodes.UnknownSession] = "{0}",
        [DiagnosticCodes.SessionReadOnly] = "{0}",
    };

    /// <summary>Phrases reused inside the formats above (types expected, contexts).</summary>
    internal static class Words
    {
        public const string Text = "un texte";
        public const string NonEmptyText = "un texte non vide";
        public const string Boolean = "un booléen (true/false, oui/non, O/N)";
        public const string Integer = "un nombre entier";
        public const string List = "une liste";
        public const string ListOfText = "une liste de textes";
        public const string Mapping = "une table « clé: valeur »";
        public const string ListOfMappings = "une liste de tables « clé: valeur » (un élément n'en est pas une)";
        public const string ScalarKey = "une clé simple (texte)";
        public const string OneValue = "une seule valeur";
        public const string ListOfValues = "une liste non vide de valeurs";
        public const string TwoValues = "une liste de deux bornes [début, fin]";
        public const string AtTopLevel = "au premier niveau";
        public const string InParameter = "dans un paramètre";
        public const string InCriterion = "dans un critère";
        public const string InStep = "dans une étape";
        public const string OperatorKey = "opérateur (equals, in, not_in, between, starts_with, present)";
        public const string EmptyFile = "le fichier est vide : une définition est une table « clé: valeur »";
        public const string SeveralDocuments = "un seul document YAML est attendu par fichier (« --- » en trop)";
        public const string RootNotMapping = "une définition est une table « clé: valeur » au premier niveau";
        public const string IdPattern = "lettres minuscules, chiffres et tirets (ex. extraction-notes)";
        public const string ParameterIdPattern = "lettres minuscules, chiffres et « _ » (ex. groupe_decision)";
        public const string OptionsOnlyForChoice = "n'est permis que pour un paramètre de type choice";
        public const string OptionsAndChoices = "et « choices » ne peuvent pas être donnés ensemble";
        public const string EndOfFile = "fin de fichier inattendue";
        public const string Date = "une date JJ/MM/AAAA";
        public const string DateTime = "une date et heure JJ/MM/AAAA HH:MM";
        public const string OneOfChoices = "une des valeurs de « choices »";
        public const string NotEmptyValue = "une valeur non vide";
        public const string DidYouMean = ", vouliez-vous dire '{0}' ?";
    }

    public static string Format(string code, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Formats[code], args);

    public static Diagnostic At(SourceLocation location, string code, params object?[] args) =>
        new(location, code, Format(code, args));

    public static string DidYouMean(string? suggestion) =>
        suggestion is null ? "" : string.Format(CultureInfo.InvariantCulture, Words.DidYouMean, suggestion);

    public static string List(IEnumerable<string> items) => string.Join(", ", items);

    /// <summary>YamlDotNet speaks English; the frequent messages get a French text, the rest is quoted as is.</summary>
    public static string TranslateYaml(string message)
    {
        foreach (var (english, french) in YamlMessages)
            if (message.Contains(english, StringComparison.OrdinalIgnoreCase)) return french;
        return message;
    }

    static readonly (string, string)[] YamlMessages =
    [
        ("did not find expected ',' or ']'", "« , » ou « ] » attendu dans une liste entre crochets"),
        ("did not find expected ',' or '}'", "« , » ou « } » attendu dans une table entre accolades"),
        ("found unexpected end of stream", "fin de fichier inattendue (guillemet non fermé ?)"),
        ("found invalid mapping", "« : » inattendu (une valeur contenant « : » doit être entre guillemets)"),
        ("did not find expected key", "clé attendue (indentation incorrecte ?)"),
        ("did not find expected '-' indicator", "« - » attendu (indentation incorrecte dans une liste ?)"),
        ("did not find expected node content", "valeur attendue"),
        ("did not find expected <document end>", "contenu inattendu après la fin du document"),
        ("mapping values are not allowed in this context", "« : » non permis ici (indentation incorrecte ?)"),
        ("found character that cannot start any token", "caractère inattendu (« @ » ou « ` » doivent être entre guillemets)"),
        ("found a tab character", "tabulation interdite pour l'indentation"),
    ];
}
