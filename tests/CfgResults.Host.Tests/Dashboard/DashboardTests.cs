using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Domain;
using CfgResults.Host.Tests.Auth;
using CfgResults.Host.Tests.School;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Dashboard;

/// <summary>
/// Issue 14 item 5, « Tableau de bord des résultats »: the figures served (page and CSV) equal counts made here from
/// the demo session; a school's figures are its own students' only; other roles are refused.
/// </summary>
public sealed partial class DashboardTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    async Task<SessionData> DemoAsync()
    {
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        return (await factory.Engine.Sessions.LoadSessionAsync(code))!;
    }

    /// <summary>The figures CSV as (rubrique, élément, indicateur) → valeur.</summary>
    static async Task<Dictionary<(string, string, string), string>> FiguresAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/tableau?handler=csv" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Rubrique;Élément;Indicateur;Valeur", lines[0]);
        return lines.Skip(1).Select(Fields).ToDictionary(f => (f[0], f[1], f[2]), f => f[3]);
    }

    static string[] Fields(string line) => CsvField().Matches(line).Select(m => m.Groups[1].Success ? m.Groups[1].Value.Replace("\"\"", "\"") : m.Groups[2].Value).ToArray();

    [GeneratedRegex("(?:^|;)(?:\"((?:[^\"]|\"\")*)\"|([^;]*))")]
    private static partial Regex CsvField();

    static void AssertCounts(Dictionary<(string, string, string), string> figures, string section, string item, IReadOnlyList<Candidate> seen, SessionData data)
    {
        var sat = data.Grades.Where(g => g.Position == ExamPosition.Registered && g.Value.Kind == GradeKind.Points).Select(g => g.CandidateNumber).ToHashSet();
        Assert.Equal(seen.Count.ToString(), figures[(section, item, "Candidats")]);
        Assert.Equal(seen.Count(c => sat.Contains(c.Number)).ToString(), figures[(section, item, "Présents")]);
        Assert.Equal(seen.Count(c => !c.FraudSuspected && c.Result == Result.Admitted).ToString(), figures[(section, item, "Admis")]);
        Assert.Equal(seen.Count(c => !c.FraudSuspected && c.Result == Result.Refused).ToString(), figures[(section, item, "Refusés")]);
        Assert.Equal(seen.Count(c => c.FraudSuspected).ToString(), figures[(section, item, "Résultats réservés")]);
    }

    [Fact]
    public async Task Manager_FiguresEqualTheDemoSession_Counted_Here()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var data = await DemoAsync();
        var figures = await FiguresAsync(client);

        var registered = data.Candidates.Where(c => c.State == RegistrationState.Registered).ToList();
        AssertCounts(figures, "Ensemble", data.Session.Label, registered, data);
        foreach (var group in registered.GroupBy(c => c.DecisionGroup))
            AssertCounts(figures, "Groupe de décision", group.Key, group.ToList(), data);
        foreach (var school in data.Schools.Where(s => registered.Any(c => c.RegistrationSchoolUai == s.Uai)))
            AssertCounts(figures, "Établissement", school.DisplayWithUai, registered.Where(c => c.RegistrationSchoolUai == school.Uai).ToList(), data);
        var binned = figures.Where(f => f.Key.Item1 == "Répartition des totaux").Sum(f => int.Parse(f.Value));
        var withTotal = data.Grades.Where(g => g.ExamCode == "TOTAL" && g.Value.Kind == GradeKind.Points).Select(g => g.CandidateNumber).ToHashSet();
        Assert.Equal(registered.Count(c => !c.FraudSuspected && withTotal.Contains(c.Number)), binned);
    }

    [Fact]
    public async Task School_SeesItsOwnStudentsOnly_WhateverItAsks()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var data = await DemoAsync();
        var other = data.Schools.First(s => s.Uai != SchoolClient.MemoSchool).Uai;
        var figures = await FiguresAsync(client, "&session=" + data.Session.Code + "&uai=" + other);

        var mine = data.Candidates.Where(c => c.State == RegistrationState.Registered && c.RegistrationSchoolUai == SchoolClient.MemoSchool).ToList();
        AssertCounts(figures, "Ensemble", data.Session.Label, mine, data);
        Assert.DoesNotContain(figures.Keys, k => k.Item1 == "Établissement" && !k.Item2.Contains(SchoolClient.MemoSchool));
        var page = await (await client.GetAsync("/tableau")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(other, page);
        Assert.Contains(SchoolClient.MemoSchool, page);
    }

    [Fact]
    public async Task Page_DrawsEachChartAsAnSvgImage_FollowedByItsTable()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var response = await client.GetAsync("/tableau");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        var images = Regex.Matches(html, "<img src=\"data:image/svg\\+xml;base64,([^\"]+)\"[^>]*alt=\"([^\"]+)\"");
        Assert.Equal(4, images.Count);   // totals, schools, groups, épreuves
        foreach (Match image in images)
        {
            var svg = Encoding.UTF8.GetString(Convert.FromBase64String(image.Groups[1].Value));
            Assert.Contains("<svg", svg);
            Assert.DoesNotContain("<script", svg);
            Assert.Contains("tableau qui suit", image.Groups[2].Value);
            var after = html[(image.Index + image.Length)..];
            Assert.True(after.IndexOf("<table", StringComparison.Ordinal) < after.IndexOf("<img", StringComparison.Ordinal) || !after.Contains("<img"),
                "each chart is followed by its table before the next chart");
        }
        Assert.Contains("200 points", Encoding.UTF8.GetString(Convert.FromBase64String(images[0].Groups[1].Value)));
    }

    [Fact]
    public async Task CandidateAndAnonymous_AreRefused_AndAnUnknownSessionIsNotFound()
    {
        await factory.EnsureAccountAsync("cand-tableau", CallerRole.Candidate, candidateNumber: "01843006787");
        var candidate = await factory.SignedInAsync("cand-tableau", AccountsHostFactory.Password);
        var refused = await candidate.GetAsync("/tableau");
        Assert.True(refused.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.NotFound or HttpStatusCode.Forbidden, refused.StatusCode.ToString());
        Assert.NotEqual(HttpStatusCode.OK, (await candidate.GetAsync("/tableau?handler=csv")).StatusCode);

        var anonymous = await factory.NewClient().GetAsync("/tableau");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/connexion", new Uri(new Uri("http://localhost"), anonymous.Headers.Location!).AbsolutePath);

        var manager = await factory.SignedInAsync("gestionnaire");
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/tableau?session=INCONNUE")).StatusCode);
    }

    [Fact]
    public async Task FiguresDownload_IsAudited()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        await FiguresAsync(client);
        var entries = await factory.Engine.Audit.ListAsync(new AuditFilter(), 50);
        Assert.Contains(entries, e => e.Action == "tableau.telechargement" && e.Actor.Contains("etab-0783546f"));
    }
}
