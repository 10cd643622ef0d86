using System.Net;
using CfgResults.Engine.Accounts;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace CfgResults.Host.Tests.Auth;

public sealed class SessionTests(AccountsHostFactory host) : IClassFixture<AccountsHostFactory>
{
    [Fact]
    public async Task SignOut_ByGet_ChangesNothing()
    {
        await host.EnsureAccountAsync("sortie-get", CallerRole.Manager);
        var client = await host.SignedInClientAsync("sortie-get");

        var page = await AccountsHostFactory.TextAsync(await client.GetAsync("/deconnexion"));

        Assert.Contains("Voulez-vous fermer votre session ?", page);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignOut_ByPostWithoutToken_IsRefused()
    {
        await host.EnsureAccountAsync("sortie-sans-jeton", CallerRole.Manager);
        var client = await host.SignedInClientAsync("sortie-sans-jeton");

        var response = await client.PostAsync("/deconnexion", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignOut_ByPostWithToken_EndsTheSession_AndIsAudited()
    {
        await host.EnsureAccountAsync("sortie", CallerRole.Manager);
        var client = await host.SignedInClientAsync("sortie");
        var token = await AccountsHostFactory.AntiforgeryTokenAsync(client, "/");

        var response = await client.PostAsync("/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/connexion?deconnecte=true", response.Headers.Location!.OriginalString);
        Assert.Contains("Vous êtes déconnecté.", await AccountsHostFactory.TextAsync(await client.GetAsync("/connexion?deconnecte=true")));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        Assert.Single(await host.Audit.ListAsync(new AuditFilter(Action: AuditActions.SignOut, Target: "gestionnaire")));
    }

    [Fact]
    public async Task Session_Ends_WhenTheAccountIsDisabled()
    {
        await host.EnsureAccountAsync("a-desactiver", CallerRole.Manager);
        var client = await host.SignedInClientAsync("a-desactiver");

        await host.Users.DisableAsync("a-desactiver");

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Session_Ends_WhenThePasswordIsReset()
    {
        await host.EnsureAccountAsync("a-reinitialiser", CallerRole.Manager);
        var client = await host.SignedInClientAsync("a-reinitialiser");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        await host.Users.ResetPasswordAsync("a-reinitialiser", "un-tout-nouveau-mot-de-passe");

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task AccessDeniedPage_Answers403InFrench()
    {
        await host.EnsureAccountAsync("refus", CallerRole.Candidate, candidateNumber: "01843006787");
        var client = await host.SignedInClientAsync("refus");

        var response = await client.GetAsync("/acces-refuse");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Cette page n'est pas ouverte à votre profil.", await AccountsHostFactory.TextAsync(response));
    }

    [Theory]
    [InlineData("etablissement:0783546F", AuthPolicies.School, true)]
    [InlineData("etablissement:0783546F", AuthPolicies.Manager, false)]
    [InlineData("etablissement:0783546F", AuthPolicies.Candidate, false)]
    [InlineData("gestionnaire", AuthPolicies.Manager, true)]
    [InlineData("gestionnaire", AuthPolicies.School, false)]
    [InlineData("candidat:01843006787", AuthPolicies.Candidate, true)]
    [InlineData("candidat:01843006787", AuthPolicies.School, false)]
    public async Task Policies_AdmitOnlyTheirRole(string caller, string policy, bool admitted)
    {
        var principal = CallerClaims.ToPrincipal(Caller.Parse(caller), "tampon", "Test");
        var authorization = host.Services.GetRequiredService<IAuthorizationService>();

        var result = await authorization.AuthorizeAsync(principal, policy);

        Assert.Equal(admitted, result.Succeeded);
    }

    [Fact]
    public void GetCaller_ReadsBackTheCallerFromItsClaims()
    {
        var caller = Caller.School("0783546F", "etab-0783546f");

        Assert.Equal(caller, CallerClaims.ToPrincipal(caller, "tampon", "Test").TryGetCaller());
    }
}
