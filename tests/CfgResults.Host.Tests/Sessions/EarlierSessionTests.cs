using System.Net;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Running;
using CfgResults.Host.Tests.Auth;
using CfgResults.Host.Tests.School;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Sessions;

/// <summary>
/// Issue 10, « Show »: after a later session is imported, a school still finds and downloads a student's transcript
/// of the earlier one through the page, the API and the command line, and a candidate of both sees both sessions'
/// documents, newest session first.
/// </summary>
public sealed class EarlierSessionTests(EarlierSessionTests.TwoSessionsHost host) : IClassFixture<EarlierSessionTests.TwoSessionsHost>
{
    /// <summary>The demo host, its session's transcripts published, then a later session imported and published too.</summary>
    public sealed class TwoSessionsHost : DemoHostFactory, IAsyncLifetime
    {
        public string Earlier { get; private set; } = "";
        public string Later { get; private set; } = "";
        /// <summary>A memo-school student of the earlier session only.</summary>
        public string OnlyEarlier { get; private set; } = "";
        /// <summary>A memo-school student with a candidacy in both sessions (the same numéro candidat).</summary>
        public string InBoth { get; private set; } = "";

        public async Task InitializeAsync()
        {
            StartServer();
            Earlier = (await Engine.Sessions.LatestSessionCodeAsync())!;
            var students = (await Engine.Search.SearchAsync(Caller.School(MemoSchool, "test"), Earlier, [], 1, 500)).Items;
            (OnlyEarlier, InBoth) = (students[3].Number, students[4].Number);
            await PublishAsync(Earlier);

            var later = DemoSessionGenerator.Generate(new DemoOptions(120, 5, DateTimeOffset.UtcNow.AddYears(1)));
            var index = later.Candidates.ToList().FindIndex(c => c.RegistrationSchoolUai == MemoSchool);
            var old = later.Candidates[index].Number;
            later = later with
            {
                Candidates = later.Candidates.Select((c, i) => i == index ? c with { Number = InBoth, RegistrationNumber = "002", Version = "01" } : c).ToList(),
                Grades = later.Grades.Select(g => g.CandidateNumber == old ? g with { CandidateNumber = InBoth } : g).ToList(),
            };
            Later = later.Session.Code;
            Assert.NotEqual(Earlier, Later);
            await Engine.Lifecycle.ImportAsync(later, replace: false, "test");
            await PublishAsync(Later);
            await EnsureAccountAsync("cand-deux-sessions", CallerRole.Candidate, candidateNumber: InBoth);
        }

        async Task PublishAsync(string session)
        {
            var run = await Engine.Runner.RunAsync(new RunRequest("publication-releves", Caller.Manager("gestionnaire"), session,
                new Dictionary<string, string> { ["disponible_le"] = "01/01/2020 08:00", ["etablissement"] = MemoSchool }, []));
            Assert.Equal(RunState.Succeeded, run.State);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    [Fact]
    public async Task School_FindsAndDownloadsTheEarlierSessionsTranscript_OnThePages()
    {
        var client = await host.SignedInAsync(SchoolClient.MemoSchoolLogin);

        // The search shows the later session by default, and the earlier one when chosen; the selector offers both.
        var byDefault = await SchoolClient.TextAsync(await client.GetAsync("/releves?recherche=1"));
        Assert.Contains($"<option value=\"{host.Later}\" selected=\"selected\">", byDefault);
        Assert.Contains($"<option value=\"{host.Earlier}\">", byDefault);
        Assert.DoesNotContain($">{host.OnlyEarlier}</a>", byDefault);
        var earlier = await SchoolClient.TextAsync(await client.GetAsync($"/releves?recherche=1&session={host.Earlier}"));
        Assert.Contains($"<a href=\"/releves/{host.OnlyEarlier}?session={host.Earlier}\">{host.OnlyEarlier}</a>", earlier);
        Assert.Contains("— JUIN " + host.Earlier[4..8] + " — CfgResults</title>", earlier);
        Assert.Contains($"Session JUIN {host.Earlier[4..8]} ({host.Earlier})", earlier);

        var student = await SchoolClient.TextAsync(await client.GetAsync($"/releves/{host.OnlyEarlier}?session={host.Earlier}"));
        Assert.DoesNotContain("Aucun document n'a encore été publié", student);
        var link = System.Text.RegularExpressions.Regex.Match(student, "href=\"(/releves/document/[0-9]+)\"").Groups[1].Value;
        Assert.NotEmpty(link);
        var pdf = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        // Without ?session the student's only candidacy (the earlier session) is shown.
        Assert.Contains(link, await SchoolClient.TextAsync(await client.GetAsync($"/releves/{host.OnlyEarlier}")));
    }

    [Fact]
    public async Task School_SeesBothCandidaciesOfAStudent_AndTheDocumentsOfTheChosenOne()
    {
        var client = await host.SignedInAsync(SchoolClient.MemoSchoolLogin);

        var page = await SchoolClient.TextAsync(await client.GetAsync($"/releves/{host.InBoth}"));

        Assert.Contains("Affichage de l'élément 1 à 2 sur 2 élément(s)", page);
        Assert.Contains("002 Version 01", page);
        Assert.Contains($"href=\"/releves/{host.InBoth}?session={host.Earlier}\"", page);
        Assert.Contains($"Liste des documents publiés pour la candidature n° {host.InBoth} - 002", page); // the later one by default
        var earlier = await SchoolClient.TextAsync(await client.GetAsync($"/releves/{host.InBoth}?session={host.Earlier}"));
        Assert.Matches($"Liste des documents publiés pour la candidature n° {host.InBoth} - [0-9]{{3}}<", earlier);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/releves/{host.OnlyEarlier}?session={host.Later}")).StatusCode);
    }

    [Fact]
    public async Task School_FindsAndDownloadsTheEarlierSessionsTranscript_ThroughTheApi()
    {
        var client = await host.SignedInAsync(SchoolClient.MemoSchoolLogin);

        var response = await client.GetAsync($"/api/eleves/{host.OnlyEarlier}/documents?session={host.Earlier}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var document = json.RootElement.EnumerateArray().Single();
        var url = document.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.StartsWith("/api/documents/", StringComparison.Ordinal)).Value.GetString()!;
        var pdf = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]));
        // Without ?session the later session is read, where this student has no candidacy.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/eleves/{host.OnlyEarlier}/documents")).StatusCode);
    }

    [Fact]
    public async Task School_FindsAndDownloadsTheEarlierSessionsTranscript_OnTheCommandLine()
    {
        var school = $"etablissement:{DemoHostFactory.MemoSchool}";
        var (code, output, error) = await CliAsync("documents", "--as", school, "--session", host.Earlier, "--candidat", host.OnlyEarlier);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var id = output.Split('\t')[0];
        var file = Path.Combine(host.DataDir, "releve-cli.pdf");
        var get = await CliAsync("documents", "get", id, "--as", school, "--out", file);
        Assert.Equal(0, get.Code);
        Assert.StartsWith("%PDF", File.ReadAllText(file)[..4]);

        // Without --session, with two sessions in the store: the verb says which one it used.
        var defaulted = await CliAsync("documents", "--as", school, "--candidat", host.InBoth);
        Assert.Equal(0, defaulted.Code);
        Assert.Contains($"Session utilisée : {host.Later}", defaulted.Err);
        Assert.Contains(host.Earlier, defaulted.Err);
    }

    [Fact]
    public async Task Candidate_SeesTheDocumentsOfBothSessions_NewestSessionFirst()
    {
        var client = await host.SignedInAsync("cand-deux-sessions", AccountsHostFactory.Password);

        var page = await SchoolClient.TextAsync(await client.GetAsync("/candidat"));

        var later = page.IndexOf($"JUIN {host.Later[4..8]}</h2>", StringComparison.Ordinal);
        var earlier = page.IndexOf($"JUIN {host.Earlier[4..8]}</h2>", StringComparison.Ordinal);
        Assert.True(later > 0 && earlier > later, $"sessions attendues dans l'ordre {host.Later}, {host.Earlier}");
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(page, "Relevé de Notes : Version n°1 ").Count);
        // The earlier session's transcript downloads; the later one waits for its candidates' publication window (a year away).
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "href=\"/releves/document/[0-9]+\""));
        Assert.Contains("Service de publication des résultats aux candidats ouvert du", page);
        var only = await SchoolClient.TextAsync(await client.GetAsync($"/candidat?session={host.Earlier}"));
        Assert.DoesNotContain($"JUIN {host.Later[4..8]}</h2>", only);
    }

    async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await Cli.Cli.RunAsync(Cli.CliArgs.Parse(["--data", host.DataDir, .. args]), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
