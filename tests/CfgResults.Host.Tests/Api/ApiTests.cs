using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Api;

/// <summary>What the API answers, on the real host with the demo session (authorization is in Security/).</summary>
[Collection(JobsHostCollection.Name)]
public sealed class ApiTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    const string Extraction = "/api/activites/extraction-notes/editions";

    static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    static JsonElement Find(JsonElement array, string property, string value) =>
        array.EnumerateArray().Single(e => e.GetProperty(property).GetString() == value);

    static List<string> Codes(JsonElement body) =>
        body.GetProperty("erreurs").EnumerateArray().Select(e => $"{e.GetProperty("code").GetString()}:{e.GetProperty("champ").GetString()}").ToList();

    [Fact]
    public async Task Activities_OfASchool_HaveMenuParametersAndCriteria_WithLockedFlagsAndTheSchoolsValues()
    {
        var world = await ApiWorld.ForAsync(factory);

        var list = await world.Client("etabA").GetFromJsonAsync<JsonElement>("/api/activites");

        var ids = list.EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Contains("extraction-notes", ids);
        Assert.DoesNotContain("publication-releves", ids);
        var extraction = Find(list, "id", "extraction-notes");
        Assert.Equal("Extraire des notes", extraction.GetProperty("titre").GetString());
        Assert.Equal(["Résultats", "Génération de documents", "Résultats de mes élèves", "Extraire des notes"], Strings(extraction.GetProperty("menu")));
        var group = Find(extraction.GetProperty("parametres"), "id", "groupe_decision");
        Assert.Equal("choix", group.GetProperty("type").GetString());
        Assert.True(group.GetProperty("obligatoire").GetBoolean());
        Assert.NotEmpty(Strings(group.GetProperty("options")));
        Assert.Equal("drapeau", Find(extraction.GetProperty("parametres"), "id", "inclure_nom").GetProperty("type").GetString());
        var school = Find(extraction.GetProperty("criteres"), "champ", "etablissement_inscription");
        Assert.Equal([ApiWorld.SchoolA], Strings(school.GetProperty("valeurs")));
        Assert.True(school.GetProperty("verrouille").GetBoolean());
        Assert.Equal("Établissement d'inscription", school.GetProperty("libelle").GetString());
        var redList = Find(extraction.GetProperty("criteres"), "champ", "liste_rouge");
        Assert.False(redList.GetProperty("verrouille").GetBoolean());
        Assert.Equal("equals", redList.GetProperty("operateur").GetString());
        Assert.Equal("/api/activites/extraction-notes/editions", extraction.GetProperty("lienEditions").GetString());

        var one = await world.Client("etabA").GetFromJsonAsync<JsonElement>("/api/activites/extraction-notes");
        Assert.Equal(extraction.GetRawText(), one.GetRawText());
    }

    [Fact]
    public async Task Activities_OfTheManager_AreTheManagers_AndACandidateHasNone()
    {
        var world = await ApiWorld.ForAsync(factory);

        var manager = await world.Client("gestionnaire").GetFromJsonAsync<JsonElement>("/api/activites");
        var candidate = await world.Client("candA").GetFromJsonAsync<JsonElement>("/api/activites");

        Assert.Equal(["publication-releves"], manager.EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList());
        Assert.Equal(JsonValueKind.Array, candidate.ValueKind);
        Assert.Equal(0, candidate.GetArrayLength());
    }

    [Fact]
    public async Task StartRun_WithBadInput_Answers400_WithEveryErrorAndItsField_AndRecordsNothing()
    {
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");
        var before = (await factory.Engine.Runs.ListAsync(10_000)).Count;
        var body = new
        {
            parametres = new Dictionary<string, string> { ["groupe_decision"] = "ZZ-99", ["inclure_nom"] = "peut-être", ["couleur"] = "bleu" },
            criteres = new object[]
            {
                new { champ = "etat", operateur = "in", valeurs = new[] { "Inscrit", "Annulé" } },
                new { champ = "liste_rouge", operateur = "bof", valeurs = new[] { "oui" } },
                new { champ = "presomption_fraude", supprimer = true },
            },
        };

        using var response = await ApiWorld.PostJsonAsync(client, Extraction, body, await ApiWorld.TokenAsync(client));
        var errors = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var codes = Codes(errors);
        Assert.Contains("CFG020:liste_rouge", codes);
        Assert.Contains("CFG050:couleur", codes);
        Assert.Contains("CFG052:inclure_nom", codes);
        Assert.Contains("CFG053:groupe_decision", codes);
        Assert.Contains("CFG040:etat", codes);
        Assert.Contains("CFG041:presomption_fraude", codes);
        var locked = errors.GetProperty("erreurs").EnumerateArray().First(e => e.GetProperty("code").GetString() == "CFG040");
        Assert.Contains("État", locked.GetProperty("message").GetString());
        Assert.Equal(before, (await factory.Engine.Runs.ListAsync(10_000)).Count);
    }

    [Fact]
    public async Task CancellingMyRunNotYetEnded_Answers202_AndTheRunEndsCancelled()
    {
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");
        var school = CfgResults.Engine.Accounts.Caller.School(ApiWorld.SchoolA, "etabA");
        var group = (await factory.Engine.Sessions.LoadContextAsync((await factory.Engine.Sessions.LatestSessionCodeAsync())!))!.DecisionGroups[0];
        var run = await factory.Engine.Runner.PrepareAsync(new CfgResults.Engine.Running.RunRequest("extraction-notes", school, null,
            new Dictionary<string, string> { ["groupe_decision"] = group, ["inclure_nom"] = "O" }, []));

        using var response = await ApiWorld.PostJsonAsync(client, $"/api/editions/{run.Id}/annulation", new { }, await ApiWorld.TokenAsync(client));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(await factory.Engine.Runs.IsCancelRequestedAsync(run.Id));
        var ended = await factory.Engine.Runner.ExecuteAsync(run.Id, school);
        Assert.Equal("Cancelled", (await client.GetFromJsonAsync<JsonElement>($"/api/editions/{run.Id}")).GetProperty("etatCode").GetString());
        Assert.Equal(CfgResults.Engine.Running.RunState.Cancelled, ended.State);
    }

    [Fact]
    public async Task StartRun_Answers202_ThenTheRunCanBeFollowedAndItsFileDownloaded()
    {
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");
        var activity = await client.GetFromJsonAsync<JsonElement>("/api/activites/extraction-notes");
        var group = Strings(Find(activity.GetProperty("parametres"), "id", "groupe_decision").GetProperty("options"))[0];
        var body = new
        {
            parametres = new Dictionary<string, string> { ["groupe_decision"] = group, ["inclure_nom"] = "O" },
            // An unlocked criterion may be changed, and a locked one sent back unchanged is accepted.
            criteres = new object[]
            {
                new { champ = "liste_rouge", operateur = "equals", valeurs = new[] { "non" } },
                new { champ = "etat", operateur = "in", valeurs = new[] { "Inscrit" } },
            },
        };

        using var response = await ApiWorld.PostJsonAsync(client, Extraction, body, await ApiWorld.TokenAsync(client));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal("extraction-notes", started.GetProperty("activite").GetString());
        await world.WaitForRunAsync(id);
        var run = await client.GetFromJsonAsync<JsonElement>($"/api/editions/{id}");
        Assert.Equal("Terminée", run.GetProperty("etat").GetString());
        Assert.Equal("Succeeded", run.GetProperty("etatCode").GetString());
        Assert.True(run.GetProperty("terminee").GetBoolean());
        var file = run.GetProperty("fichier");
        Assert.Matches($"^notes-{ApiWorld.SchoolA}-[A-Z0-9-]+-JUIN-20[0-9][0-9]\\.csv$", file.GetProperty("nom").GetString());
        Assert.Equal("text/csv; charset=utf-8", file.GetProperty("typeContenu").GetString());
        Assert.DoesNotContain("files/", run.GetRawText()); // the storage path is the server's business
        using var download = await client.GetAsync(file.GetProperty("lien").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(file.GetProperty("octets").GetInt64(), (await download.Content.ReadAsByteArrayAsync()).LongLength);
        var mine = await client.GetFromJsonAsync<JsonElement>("/api/editions");
        Assert.Equal(id, mine[0].GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("avec espace")]
    [InlineData("clé")]
    [InlineData("x\r\ny")]
    public async Task StartRun_WithAMalformedIdempotencyKey_Answers400(string key)
    {
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");

        using var response = await ApiWorld.PostJsonAsync(client, Extraction, new { cleIdempotence = key }, await ApiWorld.TokenAsync(client));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["API004:cleIdempotence"], Codes(await response.Content.ReadFromJsonAsync<JsonElement>()));
    }

    [Fact]
    public async Task FileOfAnUnfinishedOrRefusedRun_Answers409_WithAFrenchMessage()
    {
        var world = await ApiWorld.ForAsync(factory);
        var client = world.Client("etabA");
        // The demo windows are open, so the refusal is recorded here as the runner records a gate's refusal.
        var data = (await factory.Engine.Sessions.LoadSessionAsync(world.SessionCode))!;
        var run = await factory.Engine.Runner.PrepareAsync(new Engine.Running.RunRequest("extraction-notes",
            Engine.Accounts.Caller.School(ApiWorld.SchoolA, ApiWorld.SchoolALogin), null,
            new Dictionary<string, string> { ["groupe_decision"] = data.Candidates.First(c => c.RegistrationSchoolUai == ApiWorld.SchoolA).DecisionGroup, ["inclure_nom"] = "O" }, []));
        await factory.Engine.Runs.CompleteAsync(run.Id, Engine.Running.RunState.Refused, "Service fermé.", DateTimeOffset.UtcNow, null, null, null);

        using var response = await client.GetAsync($"/api/editions/{run.Id}/fichier");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Cette édition n'a pas produit de fichier à télécharger (état : Refusée).", body.GetProperty("erreurs")[0].GetProperty("message").GetString());
        var shown = await client.GetFromJsonAsync<JsonElement>($"/api/editions/{run.Id}");
        Assert.Equal("Service fermé.", shown.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("fichier").ValueKind);
    }

    [Fact]
    public async Task StudentSearch_FiltersByNamePrefix_PagesAndHasAFrenchCaption()
    {
        var world = await ApiWorld.ForAsync(factory);
        var data = (await factory.Engine.Sessions.LoadSessionAsync(world.SessionCode))!;
        var student = data.Candidates.First(c => c.Number == world.StudentA);
        var prefix = student.LastName[..2].ToLowerInvariant();
        var expected = data.Candidates.Count(c => c.RegistrationSchoolUai == ApiWorld.SchoolA
            && Engine.Domain.French.Fold(c.LastName).StartsWith(Engine.Domain.French.Fold(prefix), StringComparison.Ordinal));

        var page = await world.Client("etabA").GetFromJsonAsync<JsonElement>($"/api/eleves?nom={prefix}&taille=1");

        Assert.Equal(expected, page.GetProperty("total").GetInt32());
        Assert.Equal(1, page.GetProperty("elements").GetArrayLength());
        Assert.Equal($"Affichage de l'élément 1 à 1 sur {expected} élément(s)", page.GetProperty("legende").GetString());
        var first = page.GetProperty("elements")[0];
        foreach (var property in new[] { "numeroCandidat", "inscription", "nom", "prenoms", "dateNaissance", "lienDocuments" })
            Assert.True(first.TryGetProperty(property, out _), property);
        var all = await world.Client("etabA").GetFromJsonAsync<JsonElement>($"/api/eleves?nom={prefix}&taille=100");
        Assert.Contains(world.StudentA, all.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("numeroCandidat").GetString()));
    }

    [Fact]
    public async Task StudentSearch_WithBadValues_Answers400_WithEveryError()
    {
        var world = await ApiWorld.ForAsync(factory);

        using var response = await world.Client("etabA").GetAsync("/api/eleves?etat=Endormi&page=0&taille=1000");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["API007:page", "API007:taille", "CFG022:etat"], Codes(await response.Content.ReadFromJsonAsync<JsonElement>()));
    }

    [Fact]
    public async Task DocumentsOfAStudent_AreListedWithTheirFrenchTitleAndAvailability()
    {
        var world = await ApiWorld.ForAsync(factory);

        var ofA = await world.Client("etabA").GetFromJsonAsync<JsonElement>($"/api/eleves/{world.StudentA}/documents");
        var ofB = await world.Client("etabB").GetFromJsonAsync<JsonElement>($"/api/eleves/{world.StudentB}/documents");

        var available = Assert.Single(ofA.EnumerateArray());
        Assert.StartsWith("Relevé de Notes : Version n°1 mis à jour le ", available.GetProperty("titre").GetString());
        Assert.True(available.GetProperty("disponible").GetBoolean());
        Assert.Equal("Disponible", available.GetProperty("disponibilite").GetString());
        Assert.Equal($"/api/documents/{world.DocumentA}", available.GetProperty("lien").GetString());
        var later = Assert.Single(ofB.EnumerateArray());
        Assert.False(later.GetProperty("disponible").GetBoolean());
        Assert.EndsWith("disponible à partir du 01/01/2099 08:00", later.GetProperty("disponibilite").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_IsAnonymous_French_AndDescribesEveryApiRoute()
    {
        _ = await ApiWorld.ForAsync(factory);

        using var response = await factory.NewClient().GetAsync("/openapi/v1.json");
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("API CfgResults — résultats d'examens", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(
            [
                "/api/activites", "/api/activites/{id}", "/api/activites/{id}/editions", "/api/antiforgery", "/api/candidat/documents",
                "/api/documents/selection", "/api/documents/{id}", "/api/editions", "/api/editions/{id}", "/api/editions/{id}/annulation", "/api/editions/{id}/fichier", "/api/editions/{id}/reglages", "/api/eleves", "/api/eleves/{numero}/documents",
                "/api/modeles", "/api/modeles/{id}", "/api/modeles/{id}/reglages", "/api/suggestions",
            ],
            paths.Order(StringComparer.Ordinal));
        var start = document.GetProperty("paths").GetProperty("/api/activites/{id}/editions").GetProperty("post");
        Assert.Equal("Lancer une édition de l'activité", start.GetProperty("summary").GetString());
        var statuses = start.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        Assert.Equal(["202", "400", "404", "409"], statuses.Order(StringComparer.Ordinal)); // 409: a publication of the session is under way
    }
}
