namespace CfgResults.Engine.Accounts;

/// <summary>Every text a person reads about accounts, in one place (STYLE.md: message texts live in one file).</summary>
public static class AccountMessages
{
    // Sign-in. The same text for an unknown login and a wrong password: it must not tell which.
    public const string SignInFailed = "Identifiant ou mot de passe incorrect.";
    public const string SignInFieldsRequired = "Saisissez votre identifiant et votre mot de passe.";
    public const string LoginFieldRequired = "Saisissez votre identifiant.";
    public const string PasswordFieldRequired = "Saisissez votre mot de passe.";
    /// <summary>Said when an attempt must wait (SignInThrottle); it does not tell whether the login exists.</summary>
    public static string SignInThrottled(TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var text = seconds < 120 ? $"{seconds} seconde{(seconds > 1 ? "s" : "")}" : $"{(int)Math.Ceiling(seconds / 60.0)} minutes";
        return $"Trop de tentatives infructueuses récentes : patientez {text} avant de réessayer.";
    }

    // Account management.
    public const string LoginRequired = "L'identifiant est obligatoire.";
    public static string LoginInvalid(string login) =>
        $"Identifiant « {login} » invalide : de 3 à 64 caractères parmi les lettres minuscules sans accent, les chiffres et . _ - @, en commençant par une lettre ou un chiffre.";
    public static string LoginTaken(string login) => $"L'identifiant « {login} » est déjà utilisé.";
    public static string UnknownAccount(string login) => $"Aucun compte ne porte l'identifiant « {login} ».";
    public static string PasswordTooShort(int minimum) => $"Le mot de passe doit compter au moins {minimum} caractères.";
    public static string PasswordTooLong(int maximum) => $"Le mot de passe doit compter au plus {maximum} caractères.";
    public const string PasswordEqualsLogin = "Le mot de passe ne peut pas être l'identifiant.";
    public const string StoredHashInvalid = "Empreinte de mot de passe illisible en base.";

    // Callers and their bindings.
    public static string CallerInvalid(string text) =>
        $"Appelant « {text} » invalide : attendu « etablissement:<UAI> », « gestionnaire » ou « candidat:<numéro candidat> » (par exemple etablissement:0783546F).";
    public static string CallerManagerTakesNoValue(string text) => $"Appelant « {text} » invalide : « gestionnaire » s'écrit seul.";
    public static string UaiInvalid(string uai) =>
        $"UAI « {uai} » invalide : 7 chiffres suivis de la lettre de contrôle (par exemple 0783546F).";
    public static string CandidateNumberInvalid(string number) => $"Numéro candidat « {number} » invalide : 11 chiffres attendus.";
    public const string UaiOnlyForSchool = "Seul un compte établissement est rattaché à un UAI.";
    public const string CandidateNumberOnlyForCandidate = "Seul un compte candidat est rattaché à un numéro candidat.";
    public static string RoleUnknownInStore(string role) => $"Rôle « {role} » inconnu en base dans users.role (attendu : etablissement, gestionnaire ou candidat).";
}

/// <summary>An account operation refused for a reason a person can fix; the message is French.</summary>
public sealed class AccountException(string message) : Exception(message);
