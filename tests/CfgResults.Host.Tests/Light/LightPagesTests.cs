using System.Net;
using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;
using CfgResults.Host.Tests.Api;
using CfgResults.Host.Tests.Support;
using CfgResults.Engine.Demo;
using Xunit.Abstractions;

namespace CfgResults.Host.Tests.Light;

/// <summary>
/// The demo host, then a brevet-size generated session in its store in place of the small one: 850,000 candidates in
/// 18,948 schools (30 to 60 a school) and 4 decision groups, generated and imported in about 95 s here (2 shared cores).
/// </summary>
public sealed class LargeDemoHostFactory : DemoHostFactory, IAsyncLifetime
{
    public const int Candidates = 850_000;
    public const int NationalSchools = 18_948;

    public async Task InitializeAsync()
    {
        StartServer();
        var data = DemoSessionGenerator.Generate(new DemoOptions(Candidates, Seed: 1, Now: DateTimeOffset.UtcNow));
        Assert.InRange(data.Schools.Count, NationalSchools * 95 / 100, NationalSchools * 105 / 100);
        await Engine.Sessions.ReplaceSessionAsync(data);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// Issue 13 item 10, « des pages qui restent légères »: with a national-size session in the store, every page each
/// profile reaches from its menu (activities, « Mes éditions », search, sessions, dashboard…) stays under 100 KB of HTML.
/// </summary>
[Collection(JobsHostCollection.Name)]
public sealed class LightPagesTests(LargeDemoHostFactory factory, ITestOutputHelper output) : IClassFixture<LargeDemoHostFactory>
{
    public const int MaxBytes = 100 * 1024;

    static readonly string[] SchoolPages = ["/", "/activites/extraction-notes", "/activites/liste-affichage", "/activites/liste-resultats",
        "/activites/releves-notes-masse", "/editions", "/releves", "/releves/selection", "/tableau"];
    static readonly string[] ManagerPages = ["/", "/activites/publication-releves", "/editions", "/releves", "/tableau", "/gestion",
        "/gestion/sessions", "/gestion/publications", "/gestion/fenetres", "/gestion/audit", "/gestion/definitions"];
    static readonly string[] CandidatePages = ["/", "/candidat"];

    [Fact]
    public async Task EveryPageOfEachProfile_StaysUnder100KB()
    {
        var school = await factory.SignedInAsync("etab-0783546f");
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var number = (await factory.Engine.Search.SearchAsync(Caller.School(DemoHostFactory.MemoSchool, "test"), code, [], 1, 1)).Items[0].Number;
        await factory.EnsureAccountAsync("cand-leger", CallerRole.Candidate, candidateNumber: number);

        var profiles = new (string Login, string? Password, string[] Pages)[]
        {
            ("etab-0783546f", null, [.. SchoolPages, $"/releves/{number}", "/releves?nom=M"]),
            ("gestionnaire", null, [.. ManagerPages, $"/releves/{number}", "/releves?nom=M"]),
            ("cand-leger", Auth.AccountsHostFactory.Password, CandidatePages),
        };
        var failures = new List<string>();
        foreach (var (login, password, pages) in profiles)
        {
            var client = login == "etab-0783546f" ? school : await factory.SignedInAsync(login, password);
            // The menu's links too, so that a page added to the menu is weighed without editing this list.
            var menu = await (await client.GetAsync("/")).Content.ReadAsStringAsync();
            var linked = Regex.Matches(menu, @"href=""(/(?:activites|editions|releves|tableau|gestion|candidat)[^""#]*)""").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));
            foreach (var page in pages.Concat(linked).Where(p => !p.EndsWith("/fichier", StringComparison.Ordinal) && !p.EndsWith("/export", StringComparison.Ordinal)).Distinct())
            {
                var response = await client.GetAsync(page);
                var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
                output.WriteLine($"{login} {page} : {(int)response.StatusCode}, {bytes / 1024.0:0.0} Ko");
                if (response.StatusCode != HttpStatusCode.OK) failures.Add($"{login} {page} : {(int)response.StatusCode}");
                else if (bytes >= MaxBytes) failures.Add($"{login} {page} : {bytes} octets");
            }
        }
        Assert.Empty(failures);

        // Suggestions in place of the lists: at most 20, here among some 19,000 schools.
        var manager = await factory.SignedInAsync("gestionnaire");
        var suggestions = await manager.GetStringAsync("/api/suggestions?champ=etablissement&q=07");
        Assert.Equal(20, Regex.Matches(suggestions, "\"valeur\"").Count);
    }
}
