using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;

namespace CfgResults.Engine.Accounts;

/// <summary>A stored account, without its password hash.</summary>
/// <param name="SecurityStamp">
/// Changes whenever the password or the role binding changes: a sign-in cookie carries it, and a cookie
/// whose stamp no longer matches is refused, so a password reset ends every open session.
/// </param>
public sealed record UserAccount(
    long Id,
    string Login,
    CallerRole Role,
    string? Uai,
    string? CandidateNumber,
    bool Disabled,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    string SecurityStamp)
{
    public Caller ToCaller() => new(Role, Uai, CandidateNumber, Login);
}

public enum SignInOutcome
{
    Succeeded,
    /// <summary>Wrong password or unknown login (the person is not told which).</summary>
    Failed,
    /// <summary>Too many recent failures from this address or on this account: the attempt must wait (<see cref="SignInThrottle"/>); the password was not considered.</summary>
    Throttled,
    /// <summary>Right password, but the account is disabled: answered exactly as a wrong password.</summary>
    Disabled,
}

/// <param name="Caller">Set only when <see cref="Outcome"/> is Succeeded.</param>
/// <param name="Message">French text to show; empty on success.</param>
/// <param name="KnownLogin">For the audit log only, never for the person signing in.</param>
/// <param name="SecurityStamp">Set only on success: to put in the sign-in cookie.</param>
public sealed record SignInResult(SignInOutcome Outcome, Caller? Caller, string Message, bool KnownLogin, string? SecurityStamp = null)
{
    public bool Succeeded => Outcome == SignInOutcome.Succeeded;
}

/// <summary>
/// Accounts in the <c>users</c> table: creation, listing, disabling, password reset, and sign-in with throttling
/// by growing delays (<see cref="SignInThrottle"/>), never a lockout that a stranger could trigger. Disabling an
/// account or resetting its password ends its open sessions (<see cref="UserSessions"/>).
/// </summary>
public sealed class UserStore(IDatabase database, TimeProvider clock)
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 128;

    readonly SignInThrottle _throttle = new(database, clock);
    readonly UserSessions _sessions = new(database, clock);

    /// <summary>Creates an account. The login is stored trimmed and in lower case.</summary>
    /// <exception cref="AccountException">Bad login, password or binding, or login taken (French message).</exception>
    public async Task<UserAccount> AddAsync(string login, string password, CallerRole role, string? uai = null, string? candidateNumber = null, CancellationToken ct = default)
    {
        var normalized = RequireValidLogin(login);
        CheckPassword(normalized, password);
        uai = string.IsNullOrWhiteSpace(uai) ? null : uai.Trim().ToUpperInvariant();
        candidateNumber = string.IsNullOrWhiteSpace(candidateNumber) ? null : candidateNumber.Trim();
        Caller binding;
        try
        {
            binding = new Caller(role, uai, candidateNumber, normalized);
        }
        catch (ArgumentException e)
        {
            throw new AccountException(e.Message);
        }

        await using var connection = await database.OpenAsync(ct);
        if (await FindRowAsync(connection, normalized, ct) is not null)
            throw new AccountException(AccountMessages.LoginTaken(normalized));
        await UserQueries.InsertAsync(connection, normalized, PasswordHasher.Hash(password), CallerRoles.Name(binding.Role), binding.Uai,
            binding.CandidateNumber, Data.StoreFormat.Instant(clock.GetUtcNow()), ct);
        var row = await FindRowAsync(connection, normalized, ct)
            ?? throw new InvalidOperationException($"Le compte « {normalized} » vient d'être créé mais reste introuvable.");
        return ToAccount(row);
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await UserQueries.ListAsync(connection, ct)).Select(ToAccount).ToList();
    }

    /// <summary>The account, or null; the login is matched as stored (trimmed, lower case).</summary>
    public async Task<UserAccount?> FindAsync(string login, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await FindRowAsync(connection, NormalizeLogin(login), ct) is { } row ? ToAccount(row) : null;
    }

    /// <summary>A disabled account cannot sign in, and its open sessions end at their next request.</summary>
    /// <exception cref="AccountException">Unknown login.</exception>
    public Task DisableAsync(string login, CancellationToken ct = default) => SetDisabledAsync(login, true, ct);

    /// <exception cref="AccountException">Unknown login.</exception>
    public Task EnableAsync(string login, CancellationToken ct = default) => SetDisabledAsync(login, false, ct);

    /// <summary>Sets a new password and lifts any lockout; every open session of the account ends.</summary>
    /// <exception cref="AccountException">Unknown login or unacceptable password.</exception>
    public async Task ResetPasswordAsync(string login, string newPassword, CancellationToken ct = default)
    {
        var normalized = NormalizeLogin(login);
        CheckPassword(normalized, newPassword);
        await using var connection = await database.OpenAsync(ct);
        var changed = await UserQueries.ResetPasswordAsync(connection, normalized, PasswordHasher.Hash(newPassword), ct);
        if (changed == 0) throw new AccountException(AccountMessages.UnknownAccount(normalized));
        await _sessions.EndAllAsync(normalized, ct);
    }

    /// <summary>Lifts the sign-in throttle of the account (« Débloquer »): its own failure count and any lockout.</summary>
    /// <exception cref="AccountException">Unknown login.</exception>
    public async Task UnlockAsync(string login, CancellationToken ct = default)
    {
        var normalized = NormalizeLogin(login);
        await using var connection = await database.OpenAsync(ct);
        var changed = await UserQueries.UnlockAsync(connection, normalized, ct);
        if (changed == 0) throw new AccountException(AccountMessages.UnknownAccount(normalized));
        await _throttle.ClearAccountAsync(normalized, ct);
    }

    /// <summary>
    /// Creates the missing school accounts (<c>etab-UAI</c>, role établissement) for <paramref name="uais"/>, each with a
    /// new one-time password, returned once and never stored in clear. A school that already has an account of its
    /// own (any login bound to its UAI with the school role), or whose login is taken, is left alone.
    /// </summary>
    public async Task<IReadOnlyList<(string Login, string Uai, string Password)>> AddMissingSchoolsAsync(IEnumerable<string> uais, CancellationToken ct = default)
    {
        var existing = await ListAsync(ct);
        var covered = existing.Where(a => a.Role == CallerRole.School && a.Uai is not null).Select(a => a.Uai!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var logins = existing.Select(a => a.Login).ToHashSet(StringComparer.Ordinal);
        var created = new List<(string, string, string)>();
        foreach (var uai in uais.Select(u => u.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var login = DemoAccounts.SchoolLogin(uai);
            if (covered.Contains(uai) || logins.Contains(login)) continue;
            var password = OneTimePassword.New();
            await AddAsync(login, password, CallerRole.School, uai, null, ct);
            created.Add((login, uai, password));
        }
        return created;
    }

    /// <summary>
    /// Checks a sign-in. Always spends one password derivation, whether the login exists, is locked or
    /// not, so that neither the answer nor its time tells whether a login exists.
    /// </summary>
    public Task<SignInResult> VerifyAsync(string login, string password, CancellationToken ct = default) =>
        VerifyAsync(login, password, SignInClient.Unknown, ct);

    /// <summary>
    /// As above, throttled for <paramref name="client"/>: an attempt that must still wait is answered
    /// <see cref="SignInOutcome.Throttled"/> without looking at the password; a wrong password, an unknown login and a
    /// disabled account all get the one message <see cref="AccountMessages.SignInFailed"/>.
    /// </summary>
    public async Task<SignInResult> VerifyAsync(string login, string password, SignInClient client, CancellationToken ct = default)
    {
        var normalized = NormalizeLogin(login ?? "");
        password ??= "";
        var wait = await _throttle.WaitAsync(normalized, client, ct);
        await using var connection = await database.OpenAsync(ct);
        var row = await FindRowAsync(connection, normalized, ct);

        if (wait > TimeSpan.Zero)
        {
            PasswordHasher.Verify(password, PasswordHasher.DummyHash);
            return new SignInResult(SignInOutcome.Throttled, null, AccountMessages.SignInThrottled(wait), row is not null);
        }
        if (row is null)
        {
            PasswordHasher.Verify(password, PasswordHasher.DummyHash);
            await _throttle.RecordFailureAsync(normalized, client, ct);
            return new SignInResult(SignInOutcome.Failed, null, AccountMessages.SignInFailed, false);
        }
        if (!PasswordHasher.Verify(password, row.PasswordHash))
        {
            await _throttle.RecordFailureAsync(normalized, client, ct);
            return new SignInResult(SignInOutcome.Failed, null, AccountMessages.SignInFailed, true);
        }
        if (row.Disabled != 0)
        {
            // Counted as a failure too, so that the answer and what follows it are those of a wrong password.
            await _throttle.RecordFailureAsync(normalized, client, ct);
            return new SignInResult(SignInOutcome.Disabled, null, AccountMessages.SignInFailed, true);
        }

        await _throttle.ResetAsync(normalized, client, ct);
        var hash = row.PasswordHash;
        if (PasswordHasher.NeedsRehash(hash))
            hash = PasswordHasher.Hash(password);
        await UserQueries.SignedInAsync(connection, row.Id, hash, ct);
        row.PasswordHash = hash;
        var account = ToAccount(row);
        return new SignInResult(SignInOutcome.Succeeded, account.ToCaller(), "", true, account.SecurityStamp);
    }

    async Task SetDisabledAsync(string login, bool disabled, CancellationToken ct)
    {
        var normalized = NormalizeLogin(login);
        await using var connection = await database.OpenAsync(ct);
        var changed = await UserQueries.SetDisabledAsync(connection, normalized, disabled, ct);
        if (changed == 0) throw new AccountException(AccountMessages.UnknownAccount(normalized));
        if (disabled) await _sessions.EndAllAsync(normalized, ct);
    }

    static Task<UserRow?> FindRowAsync(DbConnection connection, string login, CancellationToken ct) => UserQueries.FindAsync(connection, login, ct);

    /// <summary>Logins are compared trimmed and in lower case: « Gestionnaire » signs in as « gestionnaire ».</summary>
    public static string NormalizeLogin(string login) => login.Trim().ToLowerInvariant();

    static string RequireValidLogin(string login)
    {
        if (string.IsNullOrWhiteSpace(login)) throw new AccountException(AccountMessages.LoginRequired);
        var normalized = NormalizeLogin(login);
        var valid = normalized.Length is >= 3 and <= 64
            && char.IsAsciiLetterOrDigit(normalized[0])
            && normalized.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or '@');
        return valid ? normalized : throw new AccountException(AccountMessages.LoginInvalid(normalized));
    }

    /// <summary>Length only, no composition rules (ASVS 5.0 V6.2): long passphrases are what we want.</summary>
    static void CheckPassword(string login, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinPasswordLength) throw new AccountException(AccountMessages.PasswordTooShort(MinPasswordLength));
        if (password.Length > MaxPasswordLength) throw new AccountException(AccountMessages.PasswordTooLong(MaxPasswordLength));
        if (string.Equals(password.Trim(), login, StringComparison.OrdinalIgnoreCase)) throw new AccountException(AccountMessages.PasswordEqualsLogin);
    }

    static UserAccount ToAccount(UserRow row) => new(
        row.Id,
        row.Login,
        CallerRoles.TryParse(row.Role, out var role) ? role : throw new FormatException(AccountMessages.RoleUnknownInStore(row.Role)),
        row.Uai,
        row.CandidateNumber,
        row.Disabled != 0,
        (int)row.FailedAttempts,
        row.LockedUntil is null ? null : Data.StoreFormat.ParseInstant(row.LockedUntil),
        Data.StoreFormat.ParseInstant(row.CreatedAt),
        Stamp(row));

    /// <summary>A digest of what a session relies on; the hash itself never leaves the store.</summary>
    static string Stamp(UserRow row)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{row.PasswordHash}|{row.Role}|{row.Uai}|{row.CandidateNumber}"));
        return Convert.ToHexStringLower(digest.AsSpan(0, 12));
    }
}
