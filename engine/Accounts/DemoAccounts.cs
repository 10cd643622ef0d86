namespace CfgResults.Engine.Accounts;

/// <summary>A demonstration account, to print at start-up so that someone trying the product can sign in.</summary>
public sealed record DemoAccount(string Login, string Password, CallerRole Role, string Description);

/// <summary>
/// Demonstration accounts, for a trial or a demo, never for production data. Passwords follow one
/// documented rule: <c>&lt;login&gt;-demo</c>, e.g. <c>gestionnaire</c> / <c>gestionnaire-demo</c>,
/// <c>etab-0783546f</c> / <c>etab-0783546f-demo</c>, <c>cand-01843006787</c> / <c>cand-01843006787-demo</c>.
/// </summary>
public static class DemoAccounts
{
    public const string ManagerLogin = "gestionnaire";
    public const string PasswordSuffix = "-demo";
    const int SchoolCount = 3;
    const int CandidateCount = 2;

    public static string SchoolLogin(string uai) => $"etab-{uai.ToLowerInvariant()}";
    public static string CandidateLogin(string number) => $"cand-{number}";
    public static string PasswordOf(string login) => login + PasswordSuffix;

    /// <summary>
    /// Creates the manager, one account for each of the first 3 schools and for each of the first 2
    /// candidate numbers, unless an account with that login exists already (its password is left alone,
    /// so a changed demo password stays changed). Returns every demo account that exists after the call.
    /// </summary>
    public static async Task<IReadOnlyList<DemoAccount>> EnsureAsync(
        UserStore users,
        IReadOnlyList<(string Uai, string Name)> schools,
        IReadOnlyList<string> candidateNumbers,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        var wanted = new List<(string Login, CallerRole Role, string? Uai, string? Number, string Description)>
        {
            (ManagerLogin, CallerRole.Manager, null, null, "Gestionnaire examens"),
        };
        foreach (var (uai, name) in schools.Take(SchoolCount))
            wanted.Add((SchoolLogin(uai), CallerRole.School, uai.ToUpperInvariant(), null, $"Établissement {uai.ToUpperInvariant()} — {name}"));
        foreach (var number in candidateNumbers.Take(CandidateCount))
            wanted.Add((CandidateLogin(number), CallerRole.Candidate, null, number, $"Candidat n° {number}"));

        var result = new List<DemoAccount>();
        foreach (var (login, role, uai, number, description) in wanted)
        {
            if (await users.FindAsync(login, ct) is null)
                await users.AddAsync(login, PasswordOf(login), role, uai, number, ct);
            result.Add(new DemoAccount(login, PasswordOf(login), role, description));
        }
        return result;
    }
}
