using System.Net;
using CfgResults.Engine.Accounts;
using CfgResults.Host.Tests.Auth;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Manager;

/// <summary>SECURITY.md rows 1 and 3 for the exam manager's pages: other roles are refused on every page and every POST; POSTs need the antiforgery token.</summary>
public sealed class ManagerAccessTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    public static readonly TheoryData<string> Pages =
    [
        "/gestion",
        "/gestion/sessions",
        "/gestion/fenetres",
        "/gestion/definitions",
        "/gestion/definitions/definition/extraction-notes",
        "/gestion/definitions/gabarit/liste-affichage/liste.sbn",
        "/gestion/publications",
        "/gestion/audit",
        "/gestion/comptes",
    ];

    public static readonly TheoryData<string> Posts =
    [
        "/gestion/sessions",
        "/gestion/fenetres?handler=Enregistrer",
        "/gestion/fenetres?handler=Supprimer",
        "/gestion/definitions/definition/extraction-notes?handler=Enregistrer",
        "/gestion/definitions/definition/extraction-notes?handler=Publier",
        "/gestion/definitions/definition/extraction-notes?handler=Essai",
        "/gestion/publications?handler=Annuler",
        "/gestion/comptes?handler=Creer",
        "/gestion/comptes?handler=Desactiver",
        "/gestion/comptes?handler=Activer",
        "/gestion/comptes?handler=Reinitialiser",
        "/gestion/comptes?handler=Debloquer",
        "/gestion/comptes?handler=CreerEtablissements",
    ];

    async Task<HttpClient> CandidateAsync()
    {
        await factory.EnsureAccountAsync("cand-acces-gestion", CallerRole.Candidate, candidateNumber: "01843006787");
        return await factory.SignedInAsync("cand-acces-gestion", AccountsHostFactory.Password);
    }

    static void AssertRefused(HttpResponseMessage response)
    {
        var refusedPage = response.StatusCode == HttpStatusCode.Redirect
            && new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath == "/acces-refuse";
        Assert.True(refusedPage || response.StatusCode == HttpStatusCode.NotFound, $"{(int)response.StatusCode} {response.Headers.Location}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Manager_SeesEveryPage(string path)
    {
        var client = await factory.SignedInAsync("gestionnaire");

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task SchoolAndCandidate_AreRefusedOnEveryPage(string path)
    {
        AssertRefused(await (await factory.SignedInAsync("etab-0783546f")).GetAsync(path));
        AssertRefused(await (await CandidateAsync()).GetAsync(path));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        var response = await factory.NewClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/connexion", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task SchoolAndCandidate_AreRefusedOnEveryPost_EvenWithAValidToken(string path)
    {
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var windows = await factory.Engine.Sessions.ListWindowsAsync(code);
        var versions = (await factory.Engine.Artefacts.ListVersionsAsync(Engine.Versioning.ArtefactKind.Definition, "extraction-notes")).Count;
        KeyValuePair<string, string>[] fields =
        [
            new("id", windows[0].Id.ToString()), new("Texte", "id: extraction-notes"), new("versionId", "1"),
            new("Service", "extraction_notes"), new("Ouverture", "01/01/2030 08:00"), new("Fermeture", "02/01/2030 08:00"),
        ];

        foreach (var client in new[] { await factory.SignedInAsync("etab-0783546f"), await CandidateAsync() })
            // The home page's sign-out form gives a token valid for this user: only the role stands in the way.
            AssertRefused(await ManagerHttp.PostFormAsync(client, "/", path, fields));

        Assert.Equal(windows, await factory.Engine.Sessions.ListWindowsAsync(code));
        Assert.Equal(versions, (await factory.Engine.Artefacts.ListVersionsAsync(Engine.Versioning.ArtefactKind.Definition, "extraction-notes")).Count);
    }

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task Manager_PostWithoutAntiforgeryToken_IsRefused(string path)
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var windows = await factory.Engine.Sessions.ListWindowsAsync(code);

        var response = await client.PostAsync(path, new FormUrlEncodedContent([new("id", windows[0].Id.ToString()), new("Texte", "x")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(windows, await factory.Engine.Sessions.ListWindowsAsync(code));
    }

    [Fact]
    public async Task StateChangingHandlers_DoNothingOnGet()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var windows = await factory.Engine.Sessions.ListWindowsAsync(code);

        await client.GetAsync($"/gestion/fenetres?handler=Supprimer&id={windows[0].Id}");

        Assert.Equal(windows, await factory.Engine.Sessions.ListWindowsAsync(code));
    }

    [Fact]
    public async Task ManagerPages_LinkToTheHangfireDashboard()
    {
        var client = await factory.SignedInAsync("gestionnaire");

        var html = await client.GetStringAsync("/gestion/sessions");

        Assert.Contains("<a href=\"/hangfire\">", html);
    }
}
