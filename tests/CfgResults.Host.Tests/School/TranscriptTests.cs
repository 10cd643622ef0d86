using System.Net;
using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Host.Tests.Auth;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.School;

/// <summary>Publishes the memo school's transcripts (available from the given date) once for the class.</summary>
public abstract class PublishedTranscriptsBase(DemoHostFactory factory, string availableFrom) : IAsyncLifetime
{
    protected DemoHostFactory Factory { get; } = factory;
    protected string SessionCode { get; private set; } = "";
    /// <summary>The memo school's students in search order; the first two have the demo candidate accounts.</summary>
    protected IReadOnlyList<CandidateSummary> Students { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _ = Factory.Server;
        SessionCode = (await Factory.Engine.Sessions.LatestSessionCodeAsync())!;
        Students = (await Factory.Engine.Search.SearchAsync(Caller.School(SchoolClient.MemoSchool, "test"), SessionCode, [], 1, 500)).Items;
        var run = await Factory.Engine.Runner.RunAsync(new RunRequest("publication-releves", Caller.Manager("gestionnaire"), null,
            new Dictionary<string, string> { ["disponible_le"] = availableFrom, ["etablissement"] = SchoolClient.MemoSchool }, []));
        Assert.Equal(RunState.Succeeded, run.State);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected async Task<DocumentVersion> FirstVersionOfAsync(string candidateNumber) =>
        (await Factory.Engine.DocumentAccess.ListAsync(Caller.Manager("test"), SessionCode, candidateNumber)).Single().Version;

    protected async Task<HttpClient> OtherSchoolClientAsync()
    {
        var other = (await Factory.Engine.Sessions.LoadContextAsync(SessionCode))!.Schools.First(s => s.Uai != SchoolClient.MemoSchool).Uai;
        await Factory.EnsureAccountAsync("autre-etablissement", CallerRole.School, other);
        return await Factory.SignedInAsync("autre-etablissement", AccountsHostFactory.Password);
    }
}

/// <summary>Transcripts published with an availability date in the past: the search, the student page, the downloads (memo section 6).</summary>
public sealed class TranscriptsAvailableTests(DemoHostFactory factory)
    : PublishedTranscriptsBase(factory, "01/01/2020 08:00"), IClassFixture<DemoHostFactory>
{
    [Fact]
    public async Task Search_ShowsTheMemoColumns_AndThePagingCaption()
    {
        var client = await Factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var expected = await Factory.Engine.Search.SearchAsync(Caller.School(SchoolClient.MemoSchool, "test"), SessionCode,
            [EffectiveCriterion.Create("nom", CriterionOperator.StartsWith, "VERT")], 1, 20);

        var html = await SchoolClient.TextAsync(await client.GetAsync("/releves?recherche=1&nom=vert"));

        Assert.True(expected.Total >= 2, "le mémo cite VERT POMME et VERT SAPIN");
        Assert.Matches(@"<th scope=""col"">Numéro candidat</th>\s*<th scope=""col"">Numéro d'inscription</th>\s*<th scope=""col"">Nom de famille</th>\s*<th scope=""col"">Prénoms</th>\s*<th scope=""col"">Date de naissance</th>", html);
        Assert.Contains($"Affichage de l'élément 1 à {expected.Total} sur {expected.Total} élément(s)", html);
        var first = expected.Items[0];
        Assert.Contains($"<a href=\"/releves/{first.Number}\">{first.Number}</a>", html);
        Assert.Contains($"<td data-label=\"Numéro d'inscription\">{first.Registration}</td>", html);
        Assert.Contains($"<td data-label=\"Date de naissance\">{first.BirthDate:dd/MM/yyyy}</td>", html);
    }

    [Fact]
    public async Task Search_PagesBy20_AndTheCaptionSaysWhichElements()
    {
        var client = await Factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        Assert.True(Students.Count > 20, "l'établissement du mémo doit avoir plus d'une page d'élèves");

        var page2 = await SchoolClient.TextAsync(await client.GetAsync("/releves?recherche=1&page=2"));

        Assert.Contains($"Affichage de l'élément 21 à {Math.Min(40, Students.Count)} sur {Students.Count} élément(s)", page2);
        Assert.Contains($"<a href=\"/releves/{Students[20].Number}\">", page2);
        Assert.Matches(@"aria-current=""page""\s+aria-label=""Page 2""", page2);
    }

    [Fact]
    public async Task SearchForm_HasTheMemoCriteria_MoreCriteria_AndBothButtons_WithoutResultsBeforeSearching()
    {
        var client = await Factory.SignedInAsync(SchoolClient.MemoSchoolLogin);

        var html = await SchoolClient.TextAsync(await client.GetAsync("/releves"));

        Assert.Contains("<label class=\"field__label\" for=\"recherche-etat\">État</label>", html);
        Assert.Contains("<label class=\"field__label\" for=\"recherche-specialite\">Spécialité</label>", html);
        Assert.Contains("<label class=\"field__label\" for=\"recherche-nom\">Nom de famille</label>", html);
        Assert.Contains("Voir plus de critères de recherche</summary>", html);
        Assert.Contains("for=\"recherche-date-naissance\"", html);
        Assert.Contains(">Rechercher</button>", html);
        Assert.Contains(">Rafraîchir</button>", html);
        Assert.DoesNotContain("Affichage de l'élément", html);
    }

    [Fact]
    public async Task Search_WithAnInvalidDate_ShowsTheErrorNextToTheField()
    {
        var client = await Factory.SignedInAsync(SchoolClient.MemoSchoolLogin);

        var response = await client.GetAsync("/releves?recherche=1&date_naissance=31/02/2001");
        var html = await SchoolClient.TextAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("<a href=\"#recherche-date-naissance\">Date de naissance : ", html);
        Assert.Contains("id=\"recherche-date-naissance-erreur\"", html);
        Assert.Contains("<details class=\"search__more\" open=\"open\">", html);
    }

    [Fact]
    public async Task StudentPage_ListsTheCandidacy_AndTheAvailableDocumentAsALink()
    {
        var client = await Factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var student = Students[2];
        var version = await FirstVersionOfAsync(student.Number);

        var html = await SchoolClient.TextAsync(await client.GetAsync($"/releves/{student.Number}"));

        Assert.Contains("Liste des candidatures", html);
        Assert.Contains($"<td data-label=\"Numéro d'inscription\">{student.Registration}</td>", html);
        Assert.Contains($"Liste des documents publiés pour la candidature n° {student.Number} - {student.Registration[..3]}", html);
        var title = $"Relevé de Notes : Version n°1 mis à jour le {ParisTime.ToLocal(version.GeneratedAt):dd/MM/yyyy} (publié par le Service Examens et Concours)";
        Assert.Contains($"<a class=\"document__link\" href=\"/releves/document/{version.Id}\">{title}</a>", html);
        Assert.Contains("Cliquer sur le lien pour ouvrir/télécharger le document.", html);
    }

    [Fact]
    public async Task DocumentDownload_IsAPdfAttachment_WithTheDownloadHeaders_AndIsAudited()
    {
        var client = await Factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var version = await FirstVersionOfAsync(Students[3].Number);

        var response = await client.GetAsync($"/releves/document/{version.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"releve-notes-{Students[3].Number}-v1.pdf", response.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("%PDF"u8.ToArray(), (await response.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Single(await Factory.Engine.Audit.ListAsync(new AuditFilter(Action: "telechargement", Target: $"document:{version.Id}")));
    }

    [Fact]
    public async Task AnotherSchool_GetsNotFound_ForTheStudentAndTheDocument()
    {
        var other = await OtherSchoolClientAsync();
        var student = Students[4];
        var version = await FirstVersionOfAsync(student.Number);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/releves/{student.Number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/releves/document/{version.Id}")).StatusCode);
        Assert.DoesNotContain(student.Number, await other.GetStringAsync("/releves?recherche=1"));
    }

    [Fact]
    public async Task Candidate_SeesOwnDocument_AndDownloadsIt_ButGetsNotFoundForAnothersDocument()
    {
        var own = Students[0];
        var client = await Factory.SignedInAsync("cand-" + own.Number);
        var ownVersion = await FirstVersionOfAsync(own.Number);
        var othersVersion = await FirstVersionOfAsync(Students[5].Number);

        var page = await SchoolClient.TextAsync(await client.GetAsync("/candidat"));
        var download = await client.GetAsync($"/releves/document/{ownVersion.Id}");
        var foreign = await client.GetAsync($"/releves/document/{othersVersion.Id}");

        Assert.Contains("<h1>Mes documents</h1>", page);
        Assert.Contains($"href=\"/releves/document/{ownVersion.Id}\">Relevé de Notes : Version n°1 mis à jour le", page);
        Assert.DoesNotContain($"/releves/document/{othersVersion.Id}\"", page);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/releves/document/999999999")).StatusCode);
    }

    [Fact]
    public async Task Candidate_CannotUseTheSchoolSearch()
    {
        var client = await Factory.SignedInAsync("cand-" + Students[1].Number);

        var response = await client.GetAsync("/releves");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/acces-refuse", response.Headers.Location!.OriginalString);
    }
}

/// <summary>Transcripts generated with an availability date in the future: dates shown, no link, download refused with 403.</summary>
public sealed class TranscriptsNotYetAvailableTests(DemoHostFactory factory)
    : PublishedTranscriptsBase(factory, "01/01/2099 08:00"), IClassFixture<DemoHostFactory>
{
    [Fact]
    public async Task StudentPage_ShowsGenerationAndAvailabilityDates_WithoutLink()
    {
        var client = await Factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var student = Students[2];
        var version = await FirstVersionOfAsync(student.Number);

        var html = await SchoolClient.TextAsync(await client.GetAsync($"/releves/{student.Number}"));

        Assert.Contains($"<span class=\"document__title\">Relevé de Notes : Version n°1 mis à jour le {ParisTime.ToLocal(version.GeneratedAt):dd/MM/yyyy}", html);
        Assert.Matches(@"Généré le \d\d/\d\d/\d{4} \d\d:\d\d, disponible à partir du 01/01/2099 08:00\.", html);
        Assert.DoesNotContain("/releves/document/", html);
    }

    [Fact]
    public async Task Download_BeforeAvailability_Answers403_WithTheDateInFrench()
    {
        var client = await Factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var version = await FirstVersionOfAsync(Students[3].Number);

        var response = await client.GetAsync($"/releves/document/{version.Id}");
        var html = await SchoolClient.TextAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("Ce relevé de notes sera disponible à partir du 01/01/2099 08:00.", html);
        Assert.Empty(await Factory.Engine.Audit.ListAsync(new AuditFilter(Action: "telechargement", Target: $"document:{version.Id}")));
    }

    [Fact]
    public async Task Candidate_SeesTheDocumentComing_WithoutLink()
    {
        var client = await Factory.SignedInAsync("cand-" + Students[0].Number);

        var html = await SchoolClient.TextAsync(await client.GetAsync("/candidat"));

        Assert.Contains("disponible à partir du 01/01/2099 08:00", html);
        Assert.DoesNotContain("/releves/document/", html);
    }
}

/// <summary>
/// Transcripts available by date, but the candidates' publication service (`publication_candidat`) closed: the
/// candidate sees the service's message in bold and no link; the school still downloads.
/// </summary>
public sealed class CandidateServiceClosedTests(DemoHostFactory factory)
    : PublishedTranscriptsBase(factory, "01/01/2020 08:00"), IClassFixture<DemoHostFactory>
{
    async Task CloseCandidateServiceAsync()
    {
        foreach (var w in await Factory.Engine.Sessions.ListWindowsAsync(SessionCode))
            if (w.Window.Service == CfgResults.Engine.Domain.ServiceKind.CandidatePublication)
                Assert.True(await Factory.Engine.Sessions.DeleteWindowAsync(SessionCode, w.Id));
        await Factory.Engine.Sessions.AddWindowAsync(SessionCode, new CfgResults.Engine.Domain.ServiceWindow(
            CfgResults.Engine.Domain.ServiceKind.CandidatePublication, null, new DateTime(2099, 7, 3, 10, 0, 0), new DateTime(2099, 9, 30, 23, 59, 0)));
    }

    [Fact]
    public async Task Candidate_SeesTheServiceMessage_WithoutLink_AndTheDownloadIsRefused()
    {
        await CloseCandidateServiceAsync();
        var client = await Factory.SignedInAsync("cand-" + Students[0].Number);
        var version = await FirstVersionOfAsync(Students[0].Number);

        var html = await SchoolClient.TextAsync(await client.GetAsync("/candidat"));
        Assert.Contains("<strong>Service de publication des résultats aux candidats ouvert du 03/07/2099 10:00 au 30/09/2099 23:59.</strong>", html);
        Assert.DoesNotContain("/releves/document/", html);

        var response = await client.GetAsync($"/releves/document/{version.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Service de publication des résultats aux candidats ouvert du 03/07/2099 10:00", await SchoolClient.TextAsync(response));

        var school = await Factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        Assert.Equal(HttpStatusCode.OK, (await school.GetAsync($"/releves/document/{version.Id}")).StatusCode);
    }
}
