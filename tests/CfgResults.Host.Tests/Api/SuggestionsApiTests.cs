using System.Net;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Host.Tests.School;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Api;

/// <summary>
/// GET /api/suggestions (issue 13 item 10): what a field whose choices grow with the session suggests as the user
/// types, scoped like the caller's criteria, and the pages that ask it instead of embedding every school.
/// </summary>
[Collection(JobsHostCollection.Name)]
public sealed class SuggestionsApiTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    static async Task<List<string>> ValuesAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/suggestions?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().Select(e => e.GetProperty("valeur").GetString()!).ToList();
    }

    [Fact]
    public async Task School_IsOfferedItsOwnUaiAndItsStudentsCentres_NeverTheOtherSchools()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var allowed = (await factory.Engine.Sessions.CentresOfSchoolAsync(code, SchoolClient.MemoSchool)).Append(SchoolClient.MemoSchool).ToHashSet();
        var all = (await factory.Engine.Sessions.LoadContextAsync(code))!.Schools.Select(s => s.Uai).ToList();
        Assert.True(all.Count > allowed.Count + 1, "la session de démonstration doit compter d'autres établissements");

        var offered = await ValuesAsync(client, "champ=etablissement_inscription");
        Assert.Contains(SchoolClient.MemoSchool, offered);
        Assert.All(offered, uai => Assert.Contains(uai, allowed));
        Assert.Equal(allowed.Order().ToList(), (await ValuesAsync(client, "champ=centre_epreuve")).Order().ToList());
        // Typing another school's code finds nothing.
        var foreign = all.First(u => !allowed.Contains(u));
        Assert.Empty(await ValuesAsync(client, "champ=etablissement&q=" + foreign));
        // Decision groups: those of its students only, as the page's list.
        var own = (await factory.Engine.Sessions.LoadContextAsync(code, SchoolClient.MemoSchool))!.DecisionGroups;
        Assert.All(await ValuesAsync(client, "champ=groupe_decision"), g => Assert.Contains(g, own));
    }

    [Fact]
    public async Task Manager_SearchesTheWholeSession_ByCodeStartOrName_AtMost20()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var schools = (await factory.Engine.Sessions.LoadContextAsync(code))!.Schools;
        Assert.True(schools.Count > 1);

        // At most 20 (LightPagesTests asks it of a national session): here every school of the small demo session.
        Assert.Equal(Math.Min(20, schools.Count), (await ValuesAsync(client, "champ=etablissement")).Count);
        var byCode = await ValuesAsync(client, "champ=etablissement&q=078");
        Assert.NotEmpty(byCode);
        Assert.All(byCode, uai => Assert.StartsWith("078", uai, StringComparison.Ordinal));
        Assert.Equal([SchoolClient.MemoSchool], await ValuesAsync(client, "champ=etablissement&q=franco allemand"));
        Assert.Equal(schools.Where(s => s.Uai.StartsWith("078", StringComparison.Ordinal)).Select(s => s.Uai).Order(StringComparer.Ordinal).Take(20).ToList(),
            byCode);
    }

    [Fact]
    public async Task UnknownField_IsAFrenchProblemDocument_NamingTheField_AndCandidatesAreRefused()
    {
        var manager = await factory.SignedInAsync("gestionnaire");
        var response = await manager.GetAsync("/api/suggestions?champ=nom&q=a");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("API020", body);
        Assert.Contains("\"champ\":\"champ\"", body);
        Assert.Contains("Champ « nom » sans suggestions", body);

        await factory.EnsureAccountAsync("cand-suggestions", CallerRole.Candidate, candidateNumber: "01843006787");
        var candidate = await factory.SignedInAsync("cand-suggestions", Auth.AccountsHostFactory.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await candidate.GetAsync("/api/suggestions?champ=etablissement")).StatusCode);
    }

    [Fact]
    public async Task Pages_AskTheApi_InsteadOfEmbeddingEverySchool()
    {
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var other = (await factory.Engine.Sessions.LoadContextAsync(code))!.Schools.Select(s => s.Uai).Last(u => u != SchoolClient.MemoSchool);

        var school = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var html = await SchoolClient.TextAsync(await school.GetAsync("/activites/liste-affichage"));
        Assert.Contains($"data-suggestions=\"/api/suggestions?champ=etablissement_inscription&session={code}\"", html);
        Assert.Contains("<script src=\"/js/suggestions.js", html);
        Assert.DoesNotContain(other, html);

        var manager = await factory.SignedInAsync("gestionnaire");
        html = await SchoolClient.TextAsync(await manager.GetAsync("/activites/publication-releves"));
        Assert.DoesNotContain(other, html);
        Assert.Matches(@"<input class=""field__input"" type=""text"" id=""[^""]+"" name=""p_etablissement""[^>]*list=""[^""]+-suggestions""", html);
        Assert.Contains($"data-suggestions=\"/api/suggestions?champ=etablissement&session={code}\"", html);
    }
}
