using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CfgResults.Host.Tests.Api;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.School;

/// <summary>
/// Issue 14 item 4: saved editions (« modèles d'édition ») through the activity page and the API, and « Relancer » on a
/// past run: the form comes back filled, for the current session, saying what could not be carried over.
/// </summary>
[Collection(JobsHostCollection.Name)]
public sealed class PresetTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    const string Page = "/activites/extraction-notes";

    /// <summary>A second school of the demo session, with an account made for the test.</summary>
    async Task<HttpClient> OtherSchoolAsync()
    {
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var uai = (await factory.Engine.Sessions.LoadContextAsync(code))!.Schools.First(s => s.Uai != SchoolClient.MemoSchool).Uai;
        await factory.EnsureAccountAsync("etab-modeles-autre", Engine.Accounts.CallerRole.School, uai);
        return await factory.SignedInAsync("etab-modeles-autre", Auth.AccountsHostFactory.Password);
    }

    async Task<string> HtmlAsync(HttpClient client, string path) =>
        System.Net.WebUtility.HtmlDecode(await (await client.GetAsync(path)).Content.ReadAsStringAsync());

    static bool Checked(string html, string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(html, $"<input[^>]*name=\"{name}\"[^>]*value=\"O\"[^>]*checked");

    static string SelectedOf(string html, string selectId) =>
        System.Text.RegularExpressions.Regex.Match(html, $"<select[^>]*id=\"{selectId}\"[\\s\\S]*?<option value=\"([^\"]*)\" selected=\"selected\"").Groups[1].Value;

    [Fact]
    public async Task APreset_SavedFromTheForm_FillsTheFormAgain_ForItsSchoolOnly()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var fields = SchoolClient.ExtractionForm(group, "inclure_nom", "inclure_ine");
        fields.Add(new("p_format", "xlsx"));
        fields.Add(new("nom_modele", "Notes pour le jury"));

        var saved = await SchoolClient.PostFormAsync(client, Page + "?handler=Modele", fields, factory);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var location = saved.Headers.Location!.OriginalString;
        Assert.StartsWith(Page + "?modele=", location);

        var html = await HtmlAsync(client, location);
        Assert.Contains("Modèle « Notes pour le jury » enregistré.", html);
        Assert.Contains("Modèle « Notes pour le jury » appliqué.", html);
        Assert.True(Checked(html, "p_inclure_nom"));
        Assert.True(Checked(html, "p_inclure_ine"));
        Assert.False(Checked(html, "p_inclure_identifiant"));
        Assert.Equal("xlsx", SelectedOf(html, "parametre-format"));
        Assert.Equal(group, SelectedOf(html, "parametre-groupe-decision"));

        // Another school does not see it, even with its id.
        var other = await OtherSchoolAsync();
        var foreign = await HtmlAsync(other, location);
        Assert.DoesNotContain("Notes pour le jury", foreign);
        Assert.False(Checked(foreign, "p_inclure_ine"));

        var audit = await factory.Engine.Audit.ListAsync(new Engine.Accounts.AuditFilter(Action: "modele.enregistrement"));
        Assert.Contains(audit, e => e.Details!.Contains("Notes pour le jury"));
    }

    [Fact]
    public async Task APreset_WithoutAName_IsNotSaved_AndTheFormSaysWhy()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var fields = SchoolClient.ExtractionForm(await SchoolClient.MemoSchoolDecisionGroupAsync(factory), "inclure_nom");
        fields.Add(new("nom_modele", "  "));
        var response = await SchoolClient.PostFormAsync(client, Page + "?handler=Modele", fields, factory);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Donnez un nom au modèle pour l'enregistrer.", System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Relancer_OpensTheFormWithThePastRunsSettings_ForItsOwnerOnly()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var fields = SchoolClient.ExtractionForm(group, "inclure_identifiant", "inclure_date_naissance");
        fields.Add(new("p_format", "xlsx"));
        var runId = SchoolClient.RunIdOf(await SchoolClient.PostFormAsync(client, Page, fields, factory));
        await SchoolClient.WaitForEndAsync(factory, runId);

        var list = await HtmlAsync(client, "/editions");
        Assert.Contains($"href=\"{Page}?relancer={runId}\"", list);
        var runPage = await HtmlAsync(client, $"/editions/{runId}");
        Assert.Contains($"href=\"{Page}?relancer={runId}\"", runPage);

        var html = await HtmlAsync(client, $"{Page}?relancer={runId}");
        Assert.Contains("Réglages de l'édition du", html);
        Assert.True(Checked(html, "p_inclure_identifiant"));
        Assert.True(Checked(html, "p_inclure_date_naissance"));
        Assert.False(Checked(html, "p_inclure_nom"));
        Assert.Equal("xlsx", SelectedOf(html, "parametre-format"));

        var other = await OtherSchoolAsync();
        var foreign = await HtmlAsync(other, $"{Page}?relancer={runId}");
        Assert.DoesNotContain("Réglages de l'édition du", foreign);
        Assert.False(Checked(foreign, "p_inclure_identifiant"));
    }

    [Fact]
    public async Task Api_PresetRoundTrip_AndSettingsSayWhatIsNotInThisSession()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var token = await ApiWorld.TokenAsync(client);
        var body = new
        {
            nom = "Ancienne session", activite = "extraction-notes",
            parametres = new Dictionary<string, string> { ["groupe_decision"] = "CFG-1999", ["inclure_nom"] = "O" },
            criteres = new[] { new { champ = "liste_rouge", operateur = "equals", valeurs = new[] { "oui" } } },
        };
        using var created = await ApiWorld.PostJsonAsync(client, "/api/modeles", body, token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var preset = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = preset.GetProperty("id").GetString()!;

        var listed = await client.GetFromJsonAsync<JsonElement>("/api/modeles?activite=extraction-notes");
        Assert.Contains(listed.EnumerateArray(), p => p.GetProperty("nom").GetString() == "Ancienne session");

        var settings = await client.GetFromJsonAsync<JsonElement>($"/api/modeles/{id}/reglages");
        Assert.False(settings.GetProperty("parametres").TryGetProperty("groupe_decision", out _));
        Assert.Equal("O", settings.GetProperty("parametres").GetProperty("inclure_nom").GetString());
        Assert.Contains(settings.GetProperty("nonRepris").EnumerateArray(), d => d.GetString()!.Contains("CFG-1999"));
        Assert.Equal("liste_rouge", settings.GetProperty("criteres")[0].GetProperty("champ").GetString());

        // The page says the same above the form.
        var html = await HtmlAsync(client, $"{Page}?modele={id}");
        Assert.Contains("Non repris dans cette session", html);
        Assert.Contains("CFG-1999", html);

        var other = await OtherSchoolAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/modeles/{id}/reglages")).StatusCode);
        using (var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/modeles/{id}"))
        {
            request.Headers.Add("X-CSRF-TOKEN", await ApiWorld.TokenAsync(other));
            Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(request)).StatusCode);
        }
        using (var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/modeles/{id}"))
        {
            request.Headers.Add("X-CSRF-TOKEN", token);
            Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(request)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/modeles/{id}/reglages")).StatusCode);

        using var nameless = await ApiWorld.PostJsonAsync(client, "/api/modeles", new { nom = "", activite = "extraction-notes" }, token);
        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
    }
}
