using CfgResults.Engine.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace CfgResults.Engine.Tests.Accounts;

public sealed class UserStoreTests : IDisposable
{
    const string Password = "correct-cheval-agrafe";
    readonly AccountsTestDatabase _database = new();
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 19, 8, 0, 0, TimeSpan.Zero));
    readonly UserStore _users;

    public UserStoreTests() => _users = new UserStore(_database, _clock);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Verify_Succeeds_WithTheRightPassword_AndGivesTheBoundCaller()
    {
        await _users.AddAsync("etab-0783546f", Password, CallerRole.School, uai: "0783546F");

        var result = await _users.VerifyAsync("etab-0783546f", Password);

        Assert.Equal(SignInOutcome.Succeeded, result.Outcome);
        Assert.Equal(Caller.School("0783546F", "etab-0783546f"), result.Caller);
        Assert.False(string.IsNullOrEmpty(result.SecurityStamp));
    }

    [Fact]
    public async Task Verify_MatchesTheLoginIgnoringCaseAndSpaces()
    {
        await _users.AddAsync("Gestionnaire", Password, CallerRole.Manager);

        Assert.True((await _users.VerifyAsync("  GESTIONNAIRE ", Password)).Succeeded);
    }

    [Fact]
    public async Task Verify_Fails_WithAWrongPassword_WithTheSameMessageAsAnUnknownLogin()
    {
        await _users.AddAsync("gestionnaire", Password, CallerRole.Manager);

        var wrong = await _users.VerifyAsync("gestionnaire", Password + "x");
        var unknown = await _users.VerifyAsync("personne", Password);

        Assert.Equal(SignInOutcome.Failed, wrong.Outcome);
        Assert.Equal(SignInOutcome.Failed, unknown.Outcome);
        Assert.Equal(wrong.Message, unknown.Message);
        Assert.Null(wrong.Caller);
        Assert.True(wrong.KnownLogin);
        Assert.False(unknown.KnownLogin);
    }

    static readonly SignInClient Stranger = new("203.0.113.9");
    static readonly SignInClient Owner = new("198.51.100.7");

    [Fact]
    public async Task Verify_SlowsDownRepeatedFailures_WithGrowingDelays_NeverALockout()
    {
        await _users.AddAsync("gestionnaire", Password, CallerRole.Manager);
        for (var i = 0; i < SignInThrottle.FreeAttempts; i++)
            Assert.Equal(SignInOutcome.Failed, (await _users.VerifyAsync("gestionnaire", "mauvais-mot-de-passe", Stranger)).Outcome);

        var throttled = await _users.VerifyAsync("gestionnaire", Password, Stranger);
        Assert.Equal(SignInOutcome.Throttled, throttled.Outcome);
        Assert.Contains("patientez 1 seconde", throttled.Message);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SignInOutcome.Failed, (await _users.VerifyAsync("gestionnaire", "mauvais-mot-de-passe", Stranger)).Outcome);
        Assert.Contains("patientez 2 secondes", (await _users.VerifyAsync("gestionnaire", Password, Stranger)).Message);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await _users.VerifyAsync("gestionnaire", Password, Stranger)).Succeeded);
    }

    [Fact]
    public async Task Verify_DelaysAreCapped_AndTheOwnersKnownDevice_IsNotSlowedByAStranger()
    {
        await _users.AddAsync("gestionnaire", Password, CallerRole.Manager);
        for (var i = 0; i < 40; i++)
        {
            await _users.VerifyAsync("gestionnaire", "mauvais-mot-de-passe", Stranger);
            _clock.Advance(SignInThrottle.AddressCap);
        }

        Assert.Equal(TimeSpan.FromMinutes(5), SignInThrottle.Delay(40, SignInThrottle.AccountCap));
        Assert.True((await _users.VerifyAsync("gestionnaire", Password, Owner with { Device = "appareil-du-gestionnaire" })).Succeeded);
    }

    [Fact]
    public async Task Verify_ThrottlesAnUnknownLoginLikeAKnownOne()
    {
        await _users.AddAsync("gestionnaire", Password, CallerRole.Manager);
        SignInResult? known = null, unknown = null;
        for (var i = 0; i < SignInThrottle.FreeAttempts + 1; i++)
        {
            known = await _users.VerifyAsync("gestionnaire", "mauvais-mot-de-passe", new SignInClient("192.0.2.1"));
            unknown = await _users.VerifyAsync("inconnu", "mauvais-mot-de-passe", new SignInClient("192.0.2.2"));
        }

        Assert.Equal(SignInOutcome.Throttled, known!.Outcome);
        Assert.Equal(SignInOutcome.Throttled, unknown!.Outcome);
        Assert.Equal(known.Message, unknown.Message);
    }

    [Fact]
    public async Task Verify_RefusesADisabledAccount_AndAcceptsItOnceEnabled()
    {
        await _users.AddAsync("cand-01843006787", Password, CallerRole.Candidate, candidateNumber: "01843006787");
        await _users.DisableAsync("cand-01843006787");

        var refused = await _users.VerifyAsync("cand-01843006787", Password);
        await _users.EnableAsync("cand-01843006787");
        var accepted = await _users.VerifyAsync("cand-01843006787", Password);

        Assert.Equal(SignInOutcome.Disabled, refused.Outcome);
        Assert.Null(refused.Caller);
        Assert.Equal(AccountMessages.SignInFailed, refused.Message);
        Assert.Equal(Caller.Candidate("01843006787", "cand-01843006787"), accepted.Caller);
    }

    [Fact]
    public async Task Verify_DoesNotSayDisabled_ToSomeoneWithoutThePassword()
    {
        await _users.AddAsync("gestionnaire", Password, CallerRole.Manager);
        await _users.DisableAsync("gestionnaire");

        var result = await _users.VerifyAsync("gestionnaire", "mauvais-mot-de-passe");

        Assert.Equal(SignInOutcome.Failed, result.Outcome);
        Assert.Equal(AccountMessages.SignInFailed, result.Message);
    }

    [Fact]
    public async Task ResetPassword_ReplacesThePassword_AndChangesTheSecurityStamp()
    {
        await _users.AddAsync("gestionnaire", Password, CallerRole.Manager);
        var before = (await _users.FindAsync("gestionnaire"))!.SecurityStamp;

        await _users.ResetPasswordAsync("gestionnaire", "nouveau-mot-de-passe");

        Assert.Equal(SignInOutcome.Failed, (await _users.VerifyAsync("gestionnaire", Password)).Outcome);
        Assert.True((await _users.VerifyAsync("gestionnaire", "nouveau-mot-de-passe")).Succeeded);
        Assert.NotEqual(before, (await _users.FindAsync("gestionnaire"))!.SecurityStamp);
    }

    [Fact]
    public async Task Add_StoresOnlyAPbkdf2Hash_NeverThePassword()
    {
        await _users.AddAsync("gestionnaire", Password, CallerRole.Manager);

        await using var connection = await _database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT password_hash FROM users";
        var stored = (string)(await command.ExecuteScalarAsync())!;

        Assert.StartsWith("pbkdf2-sha256$", stored);
        Assert.DoesNotContain(Password, stored);
    }

    [Theory]
    [InlineData("etab-x", "court", CallerRole.Manager, null, null, "au moins 12 caractères")]
    [InlineData("gestionnaire-2", "gestionnaire-2", CallerRole.Manager, null, null, "ne peut pas être l'identifiant")]
    [InlineData("a b", Password, CallerRole.Manager, null, null, "Identifiant « a b » invalide")]
    [InlineData("etab-1", Password, CallerRole.School, "0783546A", null, "UAI « 0783546A » invalide")]
    [InlineData("etab-2", Password, CallerRole.School, null, null, "UAI «  » invalide")]
    [InlineData("cand-1", Password, CallerRole.Candidate, null, "123", "Numéro candidat « 123 » invalide")]
    [InlineData("gest-1", Password, CallerRole.Manager, "0783546F", null, "Seul un compte établissement")]
    public async Task Add_RefusesWithAFrenchMessage_WhenLoginPasswordOrBindingIsWrong(string login, string password, CallerRole role, string? uai, string? number, string expected)
    {
        var error = await Assert.ThrowsAsync<AccountException>(() => _users.AddAsync(login, password, role, uai, number));

        Assert.Contains(expected, error.Message);
        Assert.Empty(await _users.ListAsync());
    }

    [Fact]
    public async Task Add_RefusesALoginAlreadyTaken()
    {
        await _users.AddAsync("gestionnaire", Password, CallerRole.Manager);

        var error = await Assert.ThrowsAsync<AccountException>(() => _users.AddAsync("GESTIONNAIRE", Password, CallerRole.Manager));

        Assert.Equal("L'identifiant « gestionnaire » est déjà utilisé.", error.Message);
    }

    [Fact]
    public async Task List_GivesEveryAccountByLogin_WithItsCreationInstant()
    {
        await _users.AddAsync("gestionnaire", Password, CallerRole.Manager);
        await _users.AddAsync("etab-0783546f", Password, CallerRole.School, uai: "0783546f");

        var accounts = await _users.ListAsync();

        Assert.Equal(["etab-0783546f", "gestionnaire"], accounts.Select(a => a.Login));
        Assert.Equal("0783546F", accounts[0].Uai);
        Assert.Equal(_clock.GetUtcNow(), accounts[0].CreatedAt);
    }

    [Fact]
    public async Task DisableAndReset_RefuseAnUnknownLogin()
    {
        await Assert.ThrowsAsync<AccountException>(() => _users.DisableAsync("personne"));
        await Assert.ThrowsAsync<AccountException>(() => _users.ResetPasswordAsync("personne", Password));
    }
}
