using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Host.Tests.Api;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Security;

/// <summary>
/// SECURITY.md rows 1 and 10: every role × every route × own and foreign resources, on the real host with the
/// demo session. A route is one line: method and path (placeholders below), then the expected answer for
/// each role, in the order of <see cref="ApiWorld.Roles"/>:
/// <c>anonyme | etabA (0783546F) | etabB (another school) | gestionnaire | candA (student of A) | candAutre (student of B)</c>.
/// An answer is a status code, or <c>302&gt;/path</c> for a redirect to that path.
/// Placeholders: {runA} finished run of school A; {runGuess} random run id; {docA} available transcript of candA;
/// {docLater} transcript of candAutre available in 2099; {docGuess} unknown document id; {eleveA} candA's number;
/// {eleveB} candAutre's number; {eleveGuess} a number nobody has.
/// POST lines send <c>{}</c> as JSON with the caller's antiforgery token, so they test authorization, not CSRF.
/// </summary>
[Collection(JobsHostCollection.Name)]
public sealed class AuthorizationMatrixTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    /// <summary>
    /// Pages. The lead extends this list after merging the page areas (/activites, /editions, /releves, /candidat,
    /// /gestion): an anonymous visitor is sent to /connexion, a wrong role to /acces-refuse, a foreign resource is 404.
    /// </summary>
    public static readonly string[] PageRoutes =
    [
        "GET /                                     | 302>/connexion | 200 | 200 | 200 | 200 | 200",
        "GET /connexion                            | 200 | 302>/ | 302>/ | 302>/ | 302>/ | 302>/",
        "GET /hangfire                             | 302>/connexion | 403 | 403 | 200 | 403 | 403",
        "GET /activites/extraction-notes           | 302>/connexion | 200 | 200 | 404 | 404 | 404",
        "GET /activites/publication-releves        | 302>/connexion | 404 | 404 | 200 | 404 | 404",
        "GET /activites/inconnue                   | 302>/connexion | 404 | 404 | 404 | 404 | 404",
        "GET /editions                             | 302>/connexion | 200 | 200 | 200 | 200 | 200",
        "GET /editions/{runA}                      | 302>/connexion | 200 | 404 | 404 | 404 | 404",
        "GET /editions/{runA}/fichier              | 302>/connexion | 200 | 404 | 404 | 404 | 404",
        "GET /editions/{runGuess}                  | 302>/connexion | 404 | 404 | 404 | 404 | 404",
        "GET /releves                              | 302>/connexion | 200 | 200 | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /releves/{eleveA}                     | 302>/connexion | 200 | 404 | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /releves/{eleveB}                     | 302>/connexion | 404 | 200 | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /releves/{eleveGuess}                 | 302>/connexion | 404 | 404 | 404 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /releves/document/{docA}              | 302>/connexion | 200 | 404 | 200 | 200 | 404",
        "GET /releves/document/{docLater}          | 302>/connexion | 404 | 403 | 200 | 404 | 403",
        "GET /releves/document/{docGuess}          | 302>/connexion | 404 | 404 | 404 | 404 | 404",
        "GET /tableau                              | 302>/connexion | 200 | 200 | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /tableau?handler=csv                  | 302>/connexion | 200 | 200 | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /activites/extraction-notes?relancer={runA} | 302>/connexion | 200 | 200 | 404 | 404 | 404",
        "GET /candidat                             | 302>/connexion | 302>/acces-refuse | 302>/acces-refuse | 302>/acces-refuse | 200 | 200",
        "GET /gestion                              | 302>/connexion | 302>/acces-refuse | 302>/acces-refuse | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /gestion/sessions                     | 302>/connexion | 302>/acces-refuse | 302>/acces-refuse | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /gestion/sessions/CFG-2026-06/export  | 302>/connexion | 302>/acces-refuse | 302>/acces-refuse | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /gestion/sessions/INCONNUE/export     | 302>/connexion | 302>/acces-refuse | 302>/acces-refuse | 404 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /gestion/fenetres                     | 302>/connexion | 302>/acces-refuse | 302>/acces-refuse | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /gestion/definitions                  | 302>/connexion | 302>/acces-refuse | 302>/acces-refuse | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /gestion/definitions/definition/extraction-notes | 302>/connexion | 302>/acces-refuse | 302>/acces-refuse | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /gestion/publications                 | 302>/connexion | 302>/acces-refuse | 302>/acces-refuse | 200 | 302>/acces-refuse | 302>/acces-refuse",
        "GET /gestion/audit                        | 302>/connexion | 302>/acces-refuse | 302>/acces-refuse | 200 | 302>/acces-refuse | 302>/acces-refuse",
    ];

    /// <summary>The JSON API and its OpenAPI document.</summary>
    public static readonly string[] ApiRoutes =
    [
        "GET /openapi/v1.json                      | 200 | 200 | 200 | 200 | 200 | 200",
        "GET /api/antiforgery                      | 401 | 200 | 200 | 200 | 200 | 200",
        "GET /api/activites                        | 401 | 200 | 200 | 200 | 200 | 200",
        "GET /api/activites/extraction-notes       | 401 | 200 | 200 | 404 | 404 | 404",
        "GET /api/activites/publication-releves    | 401 | 404 | 404 | 200 | 404 | 404",
        "GET /api/activites/inconnue               | 401 | 404 | 404 | 404 | 404 | 404",
        "GET /api/activites/..%2F..%2Fetc%2Fpasswd | 401 | 404 | 404 | 404 | 404 | 404",
        "POST /api/activites/extraction-notes/editions    | 401 | 400 | 400 | 404 | 404 | 404",
        "POST /api/activites/publication-releves/editions | 401 | 404 | 404 | 400 | 404 | 404",
        "POST /api/activites/inconnue/editions            | 401 | 404 | 404 | 404 | 404 | 404",
        "GET /api/activites/extraction-notes/editions     | 401 | 405 | 405 | 405 | 405 | 405",
        "GET /api/editions                         | 401 | 200 | 200 | 200 | 200 | 200",
        "GET /api/editions/{runA}                  | 401 | 200 | 404 | 404 | 404 | 404",
        "GET /api/editions/{runA}/fichier          | 401 | 200 | 404 | 404 | 404 | 404",
        "GET /api/editions/{runGuess}              | 401 | 404 | 404 | 404 | 404 | 404",
        "GET /api/editions/{runGuess}/fichier      | 401 | 404 | 404 | 404 | 404 | 404",
        "GET /api/editions/..%2F..%2Fetc%2Fpasswd/fichier | 401 | 404 | 404 | 404 | 404 | 404",
        "POST /api/editions/{runA}/annulation      | 401 | 409 | 404 | 404 | 404 | 404",
        "POST /api/editions/{runGuess}/annulation  | 401 | 404 | 404 | 404 | 404 | 404",
        "GET /api/eleves                           | 401 | 200 | 200 | 200 | 403 | 403",
        "GET /api/eleves?nom=A&page=1&taille=5     | 401 | 200 | 200 | 200 | 403 | 403",
        "GET /api/eleves/{eleveA}/documents        | 401 | 200 | 404 | 200 | 403 | 403",
        "GET /api/eleves/{eleveB}/documents        | 401 | 404 | 200 | 200 | 403 | 403",
        "GET /api/eleves/{eleveGuess}/documents    | 401 | 404 | 404 | 200 | 403 | 403",
        "GET /api/eleves/..%2F{eleveA}/documents   | 401 | 404 | 404 | 404 | 403 | 403",
        "GET /api/documents/{docA}                 | 401 | 200 | 404 | 200 | 200 | 404",
        "GET /api/documents/{docLater}             | 401 | 404 | 403 | 200 | 404 | 403",
        "GET /api/documents/{docGuess}             | 401 | 404 | 404 | 404 | 404 | 404",
        "GET /api/documents/-1                     | 401 | 404 | 404 | 404 | 404 | 404",
        "GET /api/candidat/documents               | 401 | 403 | 403 | 403 | 200 | 200",
        "GET /api/modeles                          | 401 | 200 | 200 | 200 | 403 | 403",
        "GET /api/modeles/{runGuess}/reglages      | 401 | 404 | 404 | 404 | 403 | 403",
        "GET /api/editions/{runA}/reglages         | 401 | 200 | 404 | 404 | 403 | 403",
        "GET /api/editions/{runGuess}/reglages     | 401 | 404 | 404 | 404 | 403 | 403",
    ];

    public static IEnumerable<object[]> Cases() =>
        from line in PageRoutes.Concat(ApiRoutes)
        let cells = line.Split('|', StringSplitOptions.TrimEntries)
        from i in Enumerable.Range(0, ApiWorld.Roles.Count)
        select new object[] { cells[0], ApiWorld.Roles[i], cells[i + 1] };

    [Fact]
    public void EveryLineOfTheMatrix_HasOneAnswerPerRole()
    {
        foreach (var line in PageRoutes.Concat(ApiRoutes))
            Assert.True(line.Split('|').Length == ApiWorld.Roles.Count + 1, $"ligne mal formée : {line}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_AnswersAsExpected_ForTheRole(string route, string role, string expected)
    {
        var world = await ApiWorld.ForAsync(factory);
        using var response = await SendAsync(world, role, route);

        Assert.Equal(expected, Describe(response));
    }

    [Fact]
    public async Task ForeignResources_Answer404_LikeUnknownOnes_AndTheDenialIsAudited()
    {
        var world = await ApiWorld.ForAsync(factory);
        var guessed = await BodyAsync(world.Client("etabB"), world.Resolve("/api/editions/{runGuess}"));
        var foreign = new (string Role, string Path)[]
        {
            ("etabB", $"/api/editions/{world.RunA}"),
            ("etabB", $"/api/editions/{world.RunA}/fichier"),
            ("etabB", $"/api/eleves/{world.StudentA}/documents"),
            ("etabB", $"/api/documents/{world.DocumentA}"),
            ("gestionnaire", $"/api/editions/{world.RunA}"),
            ("candAutre", $"/api/documents/{world.DocumentA}"),
            ("etabA", $"/api/documents/{world.DocumentBLater}"),
        };
        foreach (var (role, path) in foreign)
        {
            var response = await world.Client(role).GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            // Same body as for an id that does not exist: nothing tells that the resource is there.
            Assert.Equal(guessed, await response.Content.ReadAsStringAsync());
            var entries = await factory.Engine.Audit.ListAsync(new AuditFilter(Action: AuditActions.AccessDenied, Target: path));
            Assert.Contains(entries, e => e.Details!.Contains("404", StringComparison.Ordinal));
        }
        var schoolBEntry = (await factory.Engine.Audit.ListAsync(new AuditFilter(Action: AuditActions.AccessDenied, Target: $"/api/editions/{world.RunA}")))
            .First(e => e.Actor.StartsWith("etablissement:", StringComparison.Ordinal));
        Assert.Equal($"etablissement:{world.SchoolB} ({ApiWorld.SchoolBLogin})", schoolBEntry.Actor);
    }

    [Fact]
    public async Task WrongRole_Answers403_AndIsAudited()
    {
        var world = await ApiWorld.ForAsync(factory);

        var response = await world.Client("candA").GetAsync("/api/eleves?nom=A");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var entries = await factory.Engine.Audit.ListAsync(new AuditFilter(Action: AuditActions.AccessDenied, Target: "/api/eleves"));
        Assert.Contains(entries, e => e.Actor == $"candidat:{world.StudentA} ({ApiWorld.CandidateALogin})");
    }

    [Fact]
    public async Task SchoolB_Lists_HoldNothingOfSchoolA()
    {
        var world = await ApiWorld.ForAsync(factory);
        var data = (await factory.Engine.Sessions.LoadSessionAsync(world.SessionCode))!;
        var studentsOfA = data.Candidates.Where(c => c.RegistrationSchoolUai == ApiWorld.SchoolA).Select(c => c.Number).ToHashSet();
        var studentsOfB = data.Candidates.Where(c => c.RegistrationSchoolUai == world.SchoolB).Select(c => c.Number).ToHashSet();
        var b = world.Client("etabB");

        var searchB = await AllStudentsAsync(b);
        var searchA = await AllStudentsAsync(world.Client("etabA"));
        Assert.Equal(studentsOfB.Order(), searchB.Order());
        Assert.Equal(studentsOfA.Order(), searchA.Order());
        Assert.Empty(searchB.Intersect(studentsOfA));

        var runsB = Ids(await b.GetFromJsonAsync<JsonElement>("/api/editions?limite=200"), "id");
        Assert.Contains(world.RunB, runsB);
        Assert.DoesNotContain(world.RunA, runsB);
        Assert.DoesNotContain(world.RunB, Ids(await world.Client("etabA").GetFromJsonAsync<JsonElement>("/api/editions?limite=200"), "id"));

        var documentsOfB = await b.GetFromJsonAsync<JsonElement>($"/api/eleves/{world.StudentB}/documents");
        Assert.Equal([world.DocumentBLater.ToString()], Ids(documentsOfB, "id"));
        var ownOfOther = await world.Client("candAutre").GetFromJsonAsync<JsonElement>("/api/candidat/documents");
        Assert.Equal([world.DocumentBLater.ToString()], Ids(ownOfOther, "id"));
        Assert.Equal([world.StudentB], Ids(ownOfOther, "numeroCandidat").Distinct());
        var ownOfA = await world.Client("candA").GetFromJsonAsync<JsonElement>("/api/candidat/documents");
        Assert.Equal([world.DocumentA.ToString()], Ids(ownOfA, "id"));
    }

    [Fact]
    public async Task GuessedIds_Answer404_ForEveryone()
    {
        var world = await ApiWorld.ForAsync(factory);
        var random = new Random(20260629);
        foreach (var role in ApiWorld.Roles.Skip(1))
        {
            for (var i = 0; i < 5; i++)
            {
                var runId = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()));
                Assert.Equal(HttpStatusCode.NotFound, (await world.Client(role).GetAsync($"/api/editions/{runId}")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await world.Client(role).GetAsync($"/api/editions/{runId}/fichier")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await world.Client(role).GetAsync($"/api/documents/{world.DocumentBLater + 1 + random.Next(1, 1_000_000)}")).StatusCode);
            }
        }
    }

    static async Task<HttpResponseMessage> SendAsync(ApiWorld world, string role, string route)
    {
        var space = route.IndexOf(' ');
        var method = new HttpMethod(route[..space]);
        var path = world.Resolve(route[(space + 1)..].Trim());
        var client = world.Client(role);
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new { });
            if (role != "anonyme") request.Headers.Add("X-CSRF-TOKEN", await ApiWorld.TokenAsync(client));
        }
        return await client.SendAsync(request);
    }

    static string Describe(HttpResponseMessage response)
    {
        var status = ((int)response.StatusCode).ToString();
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is not { } location) return status;
        var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
        return $"302>{path}";
    }

    static async Task<string> BodyAsync(HttpClient client, string path) => await (await client.GetAsync(path)).Content.ReadAsStringAsync();

    static async Task<List<string>> AllStudentsAsync(HttpClient client)
    {
        var numbers = new List<string>();
        for (var page = 1; ; page++)
        {
            var body = await client.GetFromJsonAsync<JsonElement>($"/api/eleves?page={page}&taille=100");
            numbers.AddRange(Ids(body.GetProperty("elements"), "numeroCandidat"));
            if (body.GetProperty("dernier").GetInt32() >= body.GetProperty("total").GetInt32()) return numbers;
        }
    }

    static List<string> Ids(JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property) is var p && p.ValueKind == JsonValueKind.Number ? p.GetRawText() : p.GetString()!).ToList();
}
