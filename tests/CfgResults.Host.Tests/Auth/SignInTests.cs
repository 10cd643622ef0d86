using System.Net;
using CfgResults.Engine.Accounts;

namespace CfgResults.Host.Tests.Auth;

public sealed class SignInTests(AccountsHostFactory host) : IClassFixture<AccountsHostFactory>
{
    [Fact]
    public async Task Home_RedirectsAnAnonymousVisitorToConnexion()
    {
        var response = await host.NewClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/connexion", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2F", response.Headers.Location.Query);
    }

    [Fact]
    public async Task ConnexionPage_IsFrenchAndAccessible()
    {
        var html = await host.NewClient().GetStringAsync("/connexion");

        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("<main id=\"contenu\"", html);
        Assert.Contains("href=\"#contenu\"", html);
        Assert.Contains("<label class=\"field__label\" for=\"identifiant\">Identifiant</label>", html);
        Assert.Contains("autocomplete=\"username\"", html);
        Assert.Contains("autocomplete=\"current-password\"", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task SignIn_IsRefused_WithoutTheAntiforgeryToken()
    {
        await host.EnsureAccountAsync("sans-jeton", CallerRole.Manager);
        var client = host.NewClient();
        await client.GetAsync("/connexion"); // the antiforgery cookie alone is not enough

        var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Login"] = "sans-jeton",
            ["Password"] = AccountsHostFactory.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        Assert.Empty(await host.Audit.ListAsync(new AuditFilter(Actor: "sans-jeton")));
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ShowsAFrenchError_AndIsAudited()
    {
        await host.EnsureAccountAsync("mauvais-mdp", CallerRole.Manager);
        var client = host.NewClient();

        var response = await AccountsHostFactory.PostSignInAsync(client, "mauvais-mdp", "pas-le-bon-mot-de-passe");
        var html = await AccountsHostFactory.TextAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Erreur — Connexion — CfgResults</title>", html);
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains("Identifiant ou mot de passe incorrect.", html);
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.DoesNotContain("pas-le-bon-mot-de-passe", html);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        var entry = Assert.Single(await host.Audit.ListAsync(new AuditFilter(Actor: "mauvais-mdp")));
        Assert.Equal(AuditActions.SignInFailed, entry.Action);
    }

    [Fact]
    public async Task SignIn_ForAnUnknownLogin_ShowsTheSameErrorAsAWrongPassword()
    {
        var html = await AccountsHostFactory.TextAsync(await AccountsHostFactory.PostSignInAsync(host.NewClient(), "personne-inconnue", "pas-le-bon-mot-de-passe"));

        Assert.Contains("Identifiant ou mot de passe incorrect.", html);
        Assert.Contains("identifiant inconnu", Assert.Single(await host.Audit.ListAsync(new AuditFilter(Actor: "personne-inconnue"))).Details);
    }

    [Fact]
    public async Task SignIn_WithEmptyFields_AsksForBoth()
    {
        var html = await AccountsHostFactory.TextAsync(await AccountsHostFactory.PostSignInAsync(host.NewClient(), "", ""));

        Assert.Contains("Saisissez votre identifiant.", html);
        Assert.Contains("Saisissez votre mot de passe.", html);
        Assert.Contains("href=\"#mot-de-passe\"", html);
    }

    [Fact]
    public async Task SignIn_SlowsDownRepeatedFailures_InsteadOfLockingTheAccount_AndIsAudited()
    {
        await host.EnsureAccountAsync("ralenti", CallerRole.Manager);
        var client = host.NewClient();

        for (var i = 0; i < SignInThrottle.FreeAttempts; i++)
            await AccountsHostFactory.PostSignInAsync(client, "ralenti", "pas-le-bon-mot-de-passe");
        var next = await AccountsHostFactory.TextAsync(await AccountsHostFactory.PostSignInAsync(client, "ralenti", AccountsHostFactory.Password));

        Assert.Contains("Trop de tentatives infructueuses récentes : patientez", next);
        Assert.DoesNotContain("verrouillé", next);
        var actions = (await host.Audit.ListAsync(new AuditFilter(Actor: "ralenti"))).Select(e => e.Action).ToList();
        Assert.Equal([AuditActions.SignInThrottled, .. Enumerable.Repeat(AuditActions.SignInFailed, SignInThrottle.FreeAttempts)], actions);
    }

    [Fact]
    public async Task SignIn_WithTheRightPassword_OpensASessionCookie_AndShowsTheSchoolItsMenu()
    {
        await host.EnsureAccountAsync("etab-0783546f", CallerRole.School, uai: "0783546F");
        var client = host.NewClient();

        var response = await AccountsHostFactory.PostSignInAsync(client, "etab-0783546f", AccountsHostFactory.Password);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("CfgResults.Session="));
        var home = await client.GetAsync("/");
        var html = await AccountsHostFactory.TextAsync(home);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Établissement 0783546F", html);
        Assert.Contains("Extraire des notes", html);
        Assert.Contains("Résultats de mes élèves", html);
        Assert.DoesNotContain("Journal d'audit", html);
        Assert.Contains("action=\"/deconnexion\"", html);
        var entry = Assert.Single(await host.Audit.ListAsync(new AuditFilter(Action: AuditActions.SignIn, Target: "etablissement:0783546F")));
        Assert.Equal("etablissement:0783546F (etab-0783546f)", entry.Actor);
    }

    [Fact]
    public async Task SignIn_FollowsALocalReturnUrl_ButNeverAForeignOne()
    {
        await host.EnsureAccountAsync("retour", CallerRole.Manager);

        var local = await AccountsHostFactory.PostSignInAsync(host.NewClient(), "retour", AccountsHostFactory.Password, "/acces-refuse");
        var foreign = await AccountsHostFactory.PostSignInAsync(host.NewClient(), "retour", AccountsHostFactory.Password, "https://exemple.invalid/");
        var protocolRelative = await AccountsHostFactory.PostSignInAsync(host.NewClient(), "retour", AccountsHostFactory.Password, "//exemple.invalid/");

        Assert.Equal("/acces-refuse", local.Headers.Location!.OriginalString);
        Assert.Equal("/", foreign.Headers.Location!.OriginalString);
        Assert.Equal("/", protocolRelative.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Home_ShowsTheManagerOnlyManagerEntries()
    {
        await host.EnsureAccountAsync("gest-menu", CallerRole.Manager);
        var client = await host.SignedInClientAsync("gest-menu");

        var html = await AccountsHostFactory.TextAsync(await client.GetAsync("/"));

        Assert.Contains("Journal d'audit", html);
        Assert.Contains("Gestionnaire examens", html);
        Assert.DoesNotContain("Extraire des notes", html);
    }
}
