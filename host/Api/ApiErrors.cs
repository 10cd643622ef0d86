using CfgResults.Engine.Definitions;
using CfgResults.Engine.Running;

namespace CfgResults.Host.Api;

/// <summary>One refused input or request: a stable code, the field it concerns (empty when none) and a French message.</summary>
public sealed record Erreur(string Code, string Champ, string Message);

/// <summary>
/// The body of every API refusal (400, 403 with a reason, 404, 409): <c>{ "erreurs": [ { "code", "champ", "message" } ] }</c>.
/// Every error of a request is listed at once, as the pages show each one next to its field. On the wire it is the
/// <c>erreurs</c> member of a French problem document (<see cref="Security.ApiProblemsMiddleware"/>).
/// </summary>
public sealed record ReponseErreurs(IReadOnlyList<Erreur> Erreurs)
{
    public static ReponseErreurs Une(string code, string champ, string message) => new([new Erreur(code, champ, message)]);

    /// <summary>The runner's diagnostics: the location's file is the parameter id or the criterion field.</summary>
    public static ReponseErreurs De(RunInputException e) => De(e.Errors);

    public static ReponseErreurs De(IEnumerable<Diagnostic> diagnostics) =>
        new(diagnostics.Select(d => new Erreur(d.Code, d.Location.File, d.Message)).ToList());
}

/// <summary>
/// The API's own error codes (the engine's CFG0xx codes pass through unchanged) and their French texts,
/// in one place so that tests assert codes, not prose.
/// </summary>
public static class ApiErrorCodes
{
    public const string NotFound = "API001";
    public const string AntiforgeryMissing = "API002";
    public const string ForeignOrigin = "API003";
    public const string InvalidIdempotencyKey = "API004";
    public const string NotYetAvailable = "API005";
    public const string NoFile = "API006";
    public const string InvalidPaging = "API007";
    public const string InvalidBody = "API008";
    public const string RunFinished = "API009";
    public const string StoreUnavailable = "API010";
    public const string Unexpected = "API011";
    public const string TooLarge = "API012";
    public const string NotJson = "API013";
    public const string InvalidValue = "API014";
    public const string MissingParameter = "API015";
    public const string InvalidJson = "API016";
    public const string InvalidRequest = "API017";
    public const string QuotaReached = "API018";
    public const string PublicationBusy = "API019";
    public const string UnknownOperator = Engine.Definitions.DiagnosticCodes.UnknownOperator;

    public const string NotFoundMessage = "Ressource introuvable.";
    public const string AntiforgeryMessage =
        "Jeton anti-falsification absent ou invalide : demandez-en un à GET /api/antiforgery et renvoyez-le dans l'en-tête X-CSRF-TOKEN.";
    public const string ForeignOriginMessage = "Requête refusée : elle vient d'un autre site que CfgResults.";
    public const string IdempotencyKeyMessage =
        "La clé d'idempotence doit faire de 1 à 100 caractères parmi les lettres sans accent, les chiffres et « . _ : - ».";
    public const string RunFinishedMessage = "Cette édition est déjà terminée (état : {0}) : il n'y a plus rien à annuler.";
    public const string NoFileMessage = "Cette édition n'a pas produit de fichier à télécharger (état : {0}).";
    public const string PageMessage = "Le numéro de page doit être supérieur ou égal à 1.";
    public const string PageSizeMessage = "La taille de page doit être comprise entre 1 et {0}.";
    public const string UnknownOperatorMessage = "opérateur inconnu « {0} » (connus : {1})";
    public const string MissingOperatorMessage = "opérateur absent pour le critère « {0} » (connus : {1})";
    public const string MissingFieldMessage = "un changement de critère n'indique pas son champ";
}
