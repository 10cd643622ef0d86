using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Running;

/// <summary>The texts of the runner's messages, in one place (tests assert codes, not prose).</summary>
internal static class RunMessages
{
    public static Diagnostic Error(SourceLocation where, string code, string message) => new(where, code, message);

    static SourceLocation Input(string field) => new SourceLocation(field, 0, 0);

    public static Diagnostic UnknownParameter(string id, IEnumerable<string> known) =>
        Messages.At(Input(id), DiagnosticCodes.UnknownParameter, id, Messages.List(known));
    public static Diagnostic MissingParameter(string id, string label) =>
        Messages.At(Input(id), DiagnosticCodes.MissingParameter, label);
    public static Diagnostic InvalidParameter(string id, string label, string value, string expected) =>
        Messages.At(Input(id), DiagnosticCodes.InvalidParameter, label, value, expected);
    public static Diagnostic ChoiceNotAllowed(string id, string label, string value, IEnumerable<string> options) =>
        Messages.At(Input(id), DiagnosticCodes.ParameterChoiceNotAllowed, label, value, Messages.List(options));

    public const string UnknownSession = "Aucune session « {0} » n'est chargée.";
    public const string SessionReadOnly = "La session {0} est {1} : aucune publication n'y est plus possible (ses documents restent téléchargeables).";
    public const string NoSession = "Aucune session n'est chargée : importez une session ou lancez la démonstration.";
    public const string WrongAudience = "Cette activité est réservée au profil « {0} ».";
    public const string Cancelled = "Édition annulée.";
    public const string CancelledOnRequest = "Édition annulée à la demande de son auteur ; ce qui était terminé avant l'annulation est conservé.";
    public const string Failed = "L'édition a échoué : {0}";

    public static string TooManyActiveRuns(int limit) =>
        $"Votre établissement a déjà {limit} édition(s) en attente ou en cours : attendez qu'une se termine (page « Mes éditions ») avant d'en lancer une autre.";
}
