using System.Diagnostics.CodeAnalysis;

namespace CfgResults.Engine.Accounts;

/// <summary>The three kinds of people the product serves (DOMAIN.md, « Who uses it »).</summary>
public enum CallerRole { School, Manager, Candidate }

/// <summary>
/// Who asks: a school bound to its UAI, an exam manager, or a candidate bound to a numéro candidat.
/// Every guard rail (a school reads only its students, a candidate only their own documents) is keyed on
/// this record, so it cannot be built in an inconsistent state: a school always has a valid UAI and no
/// candidate number, and so on.
/// Text form (<see cref="ToString"/>, <see cref="Parse"/>, stored in runs.caller and used by the CLI
/// <c>--as</c>): <c>etablissement:0783546F</c>, <c>gestionnaire</c>, <c>candidat:01843006787</c>.
/// </summary>
public sealed record Caller
{
    public Caller(CallerRole Role, string? Uai, string? CandidateNumber, string Login)
    {
        if (!TryValidate(Role, Uai, CandidateNumber, Login, out var error))
            throw new ArgumentException(error);
        this.Role = Role;
        this.Uai = Uai;
        this.CandidateNumber = CandidateNumber;
        this.Login = Login;
    }

    public CallerRole Role { get; }

    /// <summary>The school's UAI (upper-case check letter) when <see cref="Role"/> is School, else null.</summary>
    public string? Uai { get; }

    /// <summary>The numéro candidat (11 digits) when <see cref="Role"/> is Candidate, else null.</summary>
    public string? CandidateNumber { get; }

    /// <summary>The account's login; for a caller given on the command line, its text form.</summary>
    public string Login { get; }

    public void Deconstruct(out CallerRole role, out string? uai, out string? candidateNumber, out string login) =>
        (role, uai, candidateNumber, login) = (Role, Uai, CandidateNumber, Login);

    public static Caller School(string uai, string login) => new(CallerRole.School, uai, null, login);
    public static Caller Manager(string login) => new(CallerRole.Manager, null, null, login);
    public static Caller Candidate(string candidateNumber, string login) => new(CallerRole.Candidate, null, candidateNumber, login);

    public bool IsSchool => Role == CallerRole.School;
    public bool IsManager => Role == CallerRole.Manager;
    public bool IsCandidate => Role == CallerRole.Candidate;

    /// <summary><c>etablissement:0783546F</c>, <c>gestionnaire</c> or <c>candidat:01843006787</c>.</summary>
    public override string ToString() => Role switch
    {
        CallerRole.School => $"{CallerRoles.SchoolName}:{Uai}",
        CallerRole.Manager => CallerRoles.ManagerName,
        CallerRole.Candidate => $"{CallerRoles.CandidateName}:{CandidateNumber}",
        _ => throw new InvalidOperationException($"Rôle inconnu : {Role}."),
    };

    /// <summary>Builds a caller from stored or transported parts (a database row, cookie claims) without throwing.</summary>
    public static bool TryCreate(CallerRole role, string? uai, string? candidateNumber, string? login, [NotNullWhen(true)] out Caller? caller, [NotNullWhen(false)] out string? error)
    {
        caller = TryValidate(role, uai, candidateNumber, login ?? "", out error) ? new Caller(role, uai, candidateNumber, login!) : null;
        return caller is not null;
    }

    /// <summary>Reads the text form; the login of the result is that text form.</summary>
    /// <exception cref="FormatException">With a French message saying what is expected.</exception>
    public static Caller Parse(string text) =>
        TryParse(text, out var caller, out var error) ? caller : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out Caller? caller, [NotNullWhen(false)] out string? error)
    {
        caller = null;
        var trimmed = (text ?? "").Trim();
        var colon = trimmed.IndexOf(':');
        var roleText = colon < 0 ? trimmed : trimmed[..colon];
        var value = colon < 0 ? null : trimmed[(colon + 1)..].Trim();

        if (!CallerRoles.TryParse(roleText, out var role))
        {
            error = AccountMessages.CallerInvalid(trimmed);
            return false;
        }
        switch (role)
        {
            case CallerRole.Manager when value is null:
                caller = Manager(CallerRoles.ManagerName);
                break;
            case CallerRole.Manager:
                error = AccountMessages.CallerManagerTakesNoValue(trimmed);
                return false;
            case CallerRole.School:
                var uai = value?.ToUpperInvariant();
                if (!AccountIdentifiers.IsValidUai(uai))
                {
                    error = AccountMessages.UaiInvalid(value ?? "");
                    return false;
                }
                caller = School(uai, $"{CallerRoles.SchoolName}:{uai}");
                break;
            case CallerRole.Candidate:
                if (!AccountIdentifiers.IsValidCandidateNumber(value))
                {
                    error = AccountMessages.CandidateNumberInvalid(value ?? "");
                    return false;
                }
                caller = Candidate(value, $"{CallerRoles.CandidateName}:{value}");
                break;
        }
        error = null;
        return caller is not null;
    }

    static bool TryValidate(CallerRole role, string? uai, string? candidateNumber, string login, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(login)) error = AccountMessages.LoginRequired;
        else if (role == CallerRole.School && !AccountIdentifiers.IsValidUai(uai)) error = AccountMessages.UaiInvalid(uai ?? "");
        else if (role != CallerRole.School && uai is not null) error = AccountMessages.UaiOnlyForSchool;
        else if (role == CallerRole.Candidate && !AccountIdentifiers.IsValidCandidateNumber(candidateNumber)) error = AccountMessages.CandidateNumberInvalid(candidateNumber ?? "");
        else if (role != CallerRole.Candidate && candidateNumber is not null) error = AccountMessages.CandidateNumberOnlyForCandidate;
        else if (!Enum.IsDefined(role)) error = AccountMessages.CallerInvalid(role.ToString());
        return error is null;
    }
}

/// <summary>The French role names, as stored in users.role, in claims and in the caller's text form.</summary>
public static class CallerRoles
{
    public const string SchoolName = "etablissement";
    public const string ManagerName = "gestionnaire";
    public const string CandidateName = "candidat";

    public static string Name(CallerRole role) => role switch
    {
        CallerRole.School => SchoolName,
        CallerRole.Manager => ManagerName,
        CallerRole.Candidate => CandidateName,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>What a person reads: « Établissement », « Gestionnaire examens », « Candidat ».</summary>
    public static string Label(CallerRole role) => role switch
    {
        CallerRole.School => "Établissement",
        CallerRole.Manager => "Gestionnaire examens",
        CallerRole.Candidate => "Candidat",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Exact, lower-case match: these names are codes, not prose.</summary>
    public static bool TryParse(string? text, out CallerRole role)
    {
        switch (text)
        {
            case SchoolName: role = CallerRole.School; return true;
            case ManagerName: role = CallerRole.Manager; return true;
            case CandidateName: role = CallerRole.Candidate; return true;
            default: role = default; return false;
        }
    }
}
