using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Host.Tests.Api;
using CfgResults.Host.Tests.Auth;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Security;

/// <summary>
/// SECURITY.md rows 3 (CSRF, state change by GET), 4 (traversal in route values), 9 (downloads), 14 (double
/// submission) and 18 (audit lines cannot be forged), against the real host.
/// </summary>
[Collection(JobsHostCollection.Name)]
public sealed class RequestSecurityTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    const string Extraction = "/api/activites/extraction-notes/editions";

    static object ValidExtraction(string group, string? key = null) =>
        new { parametres = new Dictionary<string, string> { ["groupe_decision"] = group, ["inclure_nom"] = "O" }, cleIdempotence = key };

    async Task<string> GroupOfAAsync()
    {
        var world = await ApiWorld.ForAsync(factory);
        var activity = await world.Client("etabA").GetFromJsonAsync<JsonElement>("/api/activites/extraction-notes");
        return activity.GetProperty("parametres").EnumerateArray().First(p => p.GetProperty("id").GetString() == "groupe_decision")
            .GetProperty("options")[0].GetString()!;
    }

    async Task<int> RunCountAsync(string caller) => (await factory.Engine.Runs.ListByCallerAsync(caller, 10_000)).Count;

    [Fact]
    public async Task RunFileDownload_HasServerFileName_ExactType_NoSniff_NoStore()
    {
        var world = await ApiWorld.ForAsync(factory);
        var run = (await factory.Engine.Runs.GetAsync(world.RunA))!;

        using var response = await world.Client("etabA").GetAsync($"/api/editions/{world.RunA}/fichier");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", run.Output!.ContentType);
        Assert.Equal(run.Output.ContentType, response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Matches($"^notes-{ApiWorld.SchoolA}-[A-Z0-9-]+-JUIN-20[0-9][0-9]\\.csv$", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(run.Output.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        var audit = await factory.Engine.Audit.ListAsync(new AuditFilter(Action: "telechargement", Target: $"edition:{world.RunA}"));
        Assert.Contains(audit, e => e.Actor == $"etablissement:{ApiWorld.SchoolA} ({ApiWorld.SchoolALogin})");
    }

    [Fact]
    public async Task DocumentDownload_HasServerFileName_ExactType_NoSniff_NoStore_AndIsAudited()
    {
        var world = await ApiWorld.ForAsync(factory);

        using var response = await world.Client("candA").GetAsync($"/api/documents/{world.DocumentA}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"releve-notes-{world.StudentA}-v1.pdf", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await response.Content.ReadAsByteArrayAsync(), 0, 5));
        var audit = await factory.Engine.Audit.ListAsync(new AuditFilter(Action: "telechargement", Target: $"document:{world.DocumentA}"));
        Assert.Contains(audit, e => e.Actor == $"candidat:{world.StudentA} ({ApiWorld.CandidateALogin})");
    }

    [Fact]
    public async Task DocumentBeforeItsAvailability_Answers403_WithAFrenchMessage_ButTheManagerMayReadIt()
    {
        var world = await ApiWorld.ForAsync(factory);

        using var response = await world.Client("candAutre").GetAsync($"/api/documents/{world.DocumentBLater}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = body.GetProperty("erreurs")[0];
        Assert.Equal("API005", error.GetProperty("code").GetString());
        Assert.Equal("Ce relevé de notes sera disponible à partir du 01/01/2099 08:00.", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, (await world.Client("gestionnaire").GetAsync($"/api/documents/{world.DocumentBLater}")).StatusCode);
    }

    [Fact]
    public async Task Post_WithoutTheAntiforgeryToken_IsRefused_AndStartsNoRun()
    {
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");
        var group = await GroupOfAAsync();
        var before = await RunCountAsync($"etablissement:{ApiWorld.SchoolA}");

        using var response = await ApiWorld.PostJsonAsync(client, Extraction, ValidExtraction(group), token: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erreurs")[0];
        Assert.Equal("API002", error.GetProperty("code").GetString());
        Assert.Equal("X-CSRF-TOKEN", error.GetProperty("champ").GetString());
        Assert.Equal(before, await RunCountAsync($"etablissement:{ApiWorld.SchoolA}"));
    }

    [Fact]
    public async Task Post_WithAnotherUsersToken_IsRefused()
    {
        var world = await ApiWorld.ForAsync(factory);
        var tokenOfB = await ApiWorld.TokenAsync(world.Client("etabB"));
        var before = await RunCountAsync($"etablissement:{ApiWorld.SchoolA}");

        using var response = await ApiWorld.PostJsonAsync(world.Client("etabA"), Extraction, ValidExtraction(await GroupOfAAsync()), tokenOfB);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await RunCountAsync($"etablissement:{ApiWorld.SchoolA}"));
    }

    [Theory]
    [InlineData("https://attaquant.example", null)]
    [InlineData("http://localhost.attaquant.example", null)]
    [InlineData("http://localhost:8080", null)]
    [InlineData("https://localhost", null)]
    [InlineData("null", null)]
    [InlineData(null, "cross-site")]
    [InlineData(null, "same-site")]
    public async Task Post_FromAForeignOrigin_IsRefused_EvenWithAValidToken(string? origin, string? fetchSite)
    {
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");
        var token = await ApiWorld.TokenAsync(client);
        var before = await RunCountAsync($"etablissement:{ApiWorld.SchoolA}");
        using var request = new HttpRequestMessage(HttpMethod.Post, Extraction) { Content = JsonContent.Create(ValidExtraction(await GroupOfAAsync())) };
        request.Headers.Add("X-CSRF-TOKEN", token);
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("API003", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erreurs")[0].GetProperty("code").GetString());
        Assert.Equal(before, await RunCountAsync($"etablissement:{ApiWorld.SchoolA}"));
        var audit = await factory.Engine.Audit.ListAsync(new AuditFilter(Action: AuditActions.AccessDenied, Target: Extraction));
        Assert.Contains(audit, e => e.Details!.Contains("origine étrangère", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("application/json", "{ \"parametres\": ")]
    [InlineData("application/x-www-form-urlencoded", "parametres%5Bgroupe_decision%5D=CFG-78")]
    [InlineData("text/plain", "{}")]
    public async Task Post_WithAMalformedOrNonJsonBody_IsRefused_AndStartsNoRun(string contentType, string content)
    {
        // What a cross-site form can send without a preflight: never accepted, whatever the token.
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");
        var before = await RunCountAsync($"etablissement:{ApiWorld.SchoolA}");
        using var request = new HttpRequestMessage(HttpMethod.Post, Extraction) { Content = new StringContent(content, System.Text.Encoding.UTF8, contentType) };
        request.Headers.Add("X-CSRF-TOKEN", await ApiWorld.TokenAsync(client));

        using var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
        Assert.Equal(before, await RunCountAsync($"etablissement:{ApiWorld.SchoolA}"));
    }

    [Fact]
    public async Task Post_FromThisSite_WithTheToken_StartsTheRun()
    {
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");

        using var response = await ApiWorld.PostJsonAsync(client, Extraction, ValidExtraction(await GroupOfAAsync()), await ApiWorld.TokenAsync(client),
            origin: "http://localhost");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/api/editions/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(Engine.Running.RunState.Succeeded, (await world.WaitForRunAsync(id)).State);
    }

    [Fact]
    public async Task GetRequests_NeverChangeState()
    {
        var world = await ApiWorld.ForAsync(factory);
        var runs = (await factory.Engine.Runs.ListAsync(10_000)).Count;
        var documents = await factory.Engine.Documents.CountVersionsAsync(world.SessionCode);
        var gets = AuthorizationMatrixTests.ApiRoutes.Select(l => l.Split('|')[0].Trim()).Where(r => r.StartsWith("GET ", StringComparison.Ordinal)).ToList();

        foreach (var role in ApiWorld.Roles)
            foreach (var route in gets)
                (await world.Client(role).GetAsync(world.Resolve(route[4..].Trim()))).Dispose();
        // The state-changing route itself, asked with GET and with the data of a valid run.
        var onRunRoute = await world.Client("etabA").GetAsync($"{Extraction}?groupe_decision={Uri.EscapeDataString(await GroupOfAAsync())}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, onRunRoute.StatusCode);
        Assert.Equal(runs, (await factory.Engine.Runs.ListAsync(10_000)).Count);
        Assert.Equal(documents, await factory.Engine.Documents.CountVersionsAsync(world.SessionCode));
    }

    [Theory]
    [InlineData("/api/editions/..%2F..%2Fetc%2Fpasswd/fichier")]
    [InlineData("/api/editions/..%252F..%252Fetc%252Fpasswd/fichier")]
    [InlineData("/api/editions/%2e%2e%2f%2e%2e%2fetc%2fpasswd/fichier")]
    [InlineData("/api/editions/..%5C..%5Cwindows%5Cwin.ini/fichier")]
    [InlineData("/api/editions/%2Fetc%2Fpasswd/fichier")]
    [InlineData("/api/editions/..%2F..%2Ffiles%2Fdocuments/fichier")]
    [InlineData("/api/documents/%2Fetc%2Fpasswd")]
    [InlineData("/api/documents/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/documents/1%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/eleves/..%2F..%2Fetc%2Fpasswd/documents")]
    public async Task TraversalInARouteValue_Answers404_WithoutReadingAFile(string path)
    {
        var world = await ApiWorld.ForAsync(factory);
        var downloads = (await factory.Engine.Audit.ListAsync(new AuditFilter(Action: "telechargement"), 10_000)).Count;

        using var response = await world.Client("gestionnaire").GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("root:", body);
        Assert.DoesNotContain("octet-stream", response.Content.Headers.ContentType?.ToString() ?? "");
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Equal(downloads, (await factory.Engine.Audit.ListAsync(new AuditFilter(Action: "telechargement"), 10_000)).Count);
    }

    [Fact]
    public async Task SignIn_WithCrLfInTheLogin_DoesNotForgeAnAuditLine()
    {
        _ = await ApiWorld.ForAsync(factory);
        var before = (await factory.Engine.Audit.ListAsync(AuditFilter.All, 10_000)).Count;
        var forged = "intrus\r\n2026-06-29T10:00:00Z gestionnaire connexion gestionnaire\nacces.refuse\u2028x";

        var response = await AccountsHostFactory.PostSignInAsync(factory.NewClient(), forged, "pas-le-bon-mot-de-passe");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var all = await factory.Engine.Audit.ListAsync(AuditFilter.All, 10_000);
        var added = all.Take(all.Count - before).ToList(); // newest first
        var entry = Assert.Single(added);
        Assert.Equal(AuditActions.SignInFailed, entry.Action);
        foreach (var text in new[] { entry.Actor, entry.Target, entry.Details ?? "" })
        {
            Assert.DoesNotContain('\r', text);
            Assert.DoesNotContain('\n', text);
            Assert.DoesNotContain('\u2028', text);
        }
        Assert.StartsWith("intrus", entry.Actor);
    }

    [Fact]
    public async Task DoubleSubmission_WithTheSameKey_StartsOneRun()
    {
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");
        var token = await ApiWorld.TokenAsync(client);
        var body = ValidExtraction(await GroupOfAAsync(), key: "double-clic-" + Guid.NewGuid().ToString("N"));
        var before = await RunCountAsync($"etablissement:{ApiWorld.SchoolA}");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ApiWorld.PostJsonAsync(client, Extraction, body, token)));
        using var late = await ApiWorld.PostJsonAsync(client, Extraction, body, token);

        var ids = new List<string>();
        foreach (var r in responses.Append(late))
        {
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            ids.Add((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }
        Assert.Single(ids.Distinct());
        Assert.Equal(before + 1, await RunCountAsync($"etablissement:{ApiWorld.SchoolA}"));
        await world.WaitForRunAsync(ids[0]);
    }

    [Fact]
    public async Task IdempotencyKey_OfAnotherSchool_NeverAnswersItsRun()
    {
        var world = await ApiWorld.ForAsync(factory);
        var key = "cle-partagee-" + Guid.NewGuid().ToString("N");
        var a = world.Client("etabA");
        var b = world.Client("etabB");
        using var first = await ApiWorld.PostJsonAsync(a, Extraction, ValidExtraction(await GroupOfAAsync(), key), await ApiWorld.TokenAsync(a));
        var idA = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var groupOfB = (await b.GetFromJsonAsync<JsonElement>("/api/activites/extraction-notes")).GetProperty("parametres")[0].GetProperty("options")[0].GetString()!;

        using var second = await ApiWorld.PostJsonAsync(b, Extraction, ValidExtraction(groupOfB, key), await ApiWorld.TokenAsync(b));

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var runB = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.NotEqual(idA, runB);
        Assert.Equal($"etablissement:{world.SchoolB}", (await factory.Engine.Runs.GetAsync(runB))!.Caller);
        await world.WaitForRunAsync(idA);
        await world.WaitForRunAsync(runB);
    }
}
