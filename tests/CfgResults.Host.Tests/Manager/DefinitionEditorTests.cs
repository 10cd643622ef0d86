using System.Net;
using System.Text.RegularExpressions;
using CfgResults.Engine.Running;
using CfgResults.Engine.Versioning;
using CfgResults.Host.Pages.Gestion;
using CfgResults.Host.Tests.Auth;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Manager;

public sealed partial class DefinitionEditorTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    static string Url(string kind, string name) => $"/gestion/definitions/{kind}/{name}";

    async Task<string> LatestTextAsync(ArtefactKind kind, string name) => (await factory.Engine.Artefacts.ListVersionsAsync(kind, name))[0].Content;

    async Task<ArtefactVersion> SaveAsync(HttpClient client, string kind, string name, string text)
    {
        var response = await ManagerHttp.PostFormAsync(client, Url(kind, name), Url(kind, name) + "?handler=Enregistrer", [new(EditeurModel.TextField, text)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = long.Parse(Regex.Match(response.Headers.Location!.OriginalString, @"version=(\d+)").Groups[1].Value);
        return (await factory.Engine.Artefacts.GetAsync(id))!;
    }

    static int LineOf(string text, string fragment) =>
        Array.FindIndex(LineDiff.Lines(text), l => l.Contains(fragment, StringComparison.Ordinal)) + 1;

    [Fact]
    public async Task SavingADefinition_WithAnUnknownStepKind_KeepsAnInvalidDraft_AndShowsCfg012AtItsLine()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var text = (await LatestTextAsync(ArtefactKind.Definition, "extraction-notes")).Replace("kind: render.csv", "kind: render.cvs");
        var line = LineOf(text, "render.cvs");
        Assert.True(line > 1);

        var draft = await SaveAsync(client, "definition", "extraction-notes", text);
        var html = await client.GetStringAsync($"{Url("definition", "extraction-notes")}?version={draft.Id}");

        Assert.Equal(ArtefactStatus.Draft, draft.Status);
        Assert.Matches($"<a href=\"#ligne-{line}\" data-line=\"{line}\" data-column=\"\\d+\"><code>definitions/extraction-notes.yaml\\({line},\\d+\\): error CFG012: ", html);
        Assert.Contains($"<li id=\"ligne-{line}\" value=\"{line}\" class=\"is-error\"", html);
        Assert.Contains("brouillon (invalide)", WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("handler=Publier", html);
        Assert.Contains(await factory.Engine.Audit.ListAsync(new(Action: "definition.brouillon", Target: "definition:extraction-notes")), e => e.Details!.Contains("valide=non"));
    }

    [Fact]
    public async Task FixingAndPublishingADefinition_PutsItInForce_AndThePublishedVersionNeverChanges()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var url = Url("definition", "liste-resultats");
        var before = factory.Engine.Definitions.Get("liste-resultats")!;
        var original = await LatestTextAsync(ArtefactKind.Definition, "liste-resultats");

        var broken = await SaveAsync(client, "definition", "liste-resultats", original.Replace("kind: render.pdf", "kind: render.pfd"));
        var refused = await ManagerHttp.PostFormAsync(client, url, url + "?handler=Publier", [new("versionId", broken.Id.ToString())]);
        Assert.Contains("Cette version a des erreurs", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(before.Version, factory.Engine.Definitions.Get("liste-resultats")!.Version);

        var fixedText = original.Replace("title: Liste des résultats de mes élèves", "title: Liste des résultats de mes élèves (corrigée)");
        var valid = await SaveAsync(client, "definition", "liste-resultats", fixedText);
        Assert.Equal(ArtefactStatus.Validated, valid.Status);
        // « Publier la version » first asks (issue 13 item 8): nothing changes until it is confirmed.
        var asked = await ManagerHttp.PostFormAsync(client, url, url + "?handler=Publier", [new("versionId", valid.Id.ToString())]);
        Assert.Contains($"Publier la version n° {valid.Version} de « liste-resultats » ?", WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync()));
        Assert.Equal(before.Version, factory.Engine.Definitions.Get("liste-resultats")!.Version);
        var published = await ManagerHttp.PostFormAsync(client, url, url + "?handler=Publier", [new("versionId", valid.Id.ToString()), new("confirmer", "oui")]);
        Assert.Contains($"Version n° {valid.Version} publiée", await ManagerHttp.FollowAsync(client, published));

        var inForce = factory.Engine.Definitions.Get("liste-resultats")!;
        Assert.True(inForce.Version > before.Version);
        Assert.Equal(valid.Version, inForce.Version);
        Assert.Equal("Liste des résultats de mes élèves (corrigée)", inForce.Definition.Title);
        Assert.Contains(await factory.Engine.Audit.ListAsync(new(Action: "definition.publication", Target: "definition:liste-resultats")), e => e.Details == $"version={valid.Version}");

        // Read-only in the editor, cannot be published again, and saving from it makes a new draft.
        var page = await client.GetStringAsync($"{url}?version={valid.Id}");
        Assert.Matches("<textarea[^>]*readonly=\"readonly\"", page);
        Assert.Contains("Créer un brouillon à partir de cette version", WebUtility.HtmlDecode(page));
        var again = await ManagerHttp.PostFormAsync(client, url, url + "?handler=Publier", [new("versionId", valid.Id.ToString())]);
        Assert.Contains("est déjà publiée", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
        var copy = await SaveAsync(client, "definition", "liste-resultats", fixedText + "# modifiée après publication\n");
        Assert.True(copy.Version > valid.Version);
        var stored = (await factory.Engine.Artefacts.GetAsync(valid.Id))!;
        Assert.Equal(ArtefactStatus.Published, stored.Status);
        Assert.Equal(fixedText, stored.Content);
        Assert.Equal(valid.Version, factory.Engine.Definitions.Get("liste-resultats")!.Version);
    }

    [Fact]
    public async Task DraftFromAPublishedVersion_OpensTheTextEditable_AndStoresNothingUntilAChangeIsSaved()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        const string name = "releves-notes-masse";
        var url = Url("definition", name);
        var published = (await factory.Engine.Artefacts.ListVersionsAsync(ArtefactKind.Definition, name))[0];
        Assert.Equal(ArtefactStatus.Published, published.Status);
        var audits = (await factory.Engine.Audit.ListAsync(new(Action: "definition.brouillon", Target: $"definition:{name}"))).Count;

        // Read-only, the button opens a draft with a GET: no token, no text sent, nothing stored.
        var readOnly = await client.GetStringAsync($"{url}?version={published.Id}");
        Assert.Matches("<textarea[^>]*readonly=\"readonly\"", readOnly);
        Assert.DoesNotMatch("<textarea[^>]*name=", readOnly);
        Assert.Matches($"<form method=\"get\" action=\"{Regex.Escape(url)}\" class=\"editor-form\">", readOnly);
        Assert.Contains($"<input type=\"hidden\" name=\"version\" value=\"{published.Id}\" />", readOnly);
        Assert.Contains("<input type=\"hidden\" name=\"brouillon\" value=\"true\" />", readOnly);

        var draftPage = await client.GetAsync($"{url}?version={published.Id}&brouillon=true");
        var html = await draftPage.Content.ReadAsStringAsync();
        var text = WebUtility.HtmlDecode(html);
        Assert.Equal(HttpStatusCode.OK, draftPage.StatusCode);
        Assert.DoesNotMatch("<textarea[^>]*readonly", html);
        Assert.Matches($"<textarea[^>]*name=\"{EditeurModel.TextField}\"", html);
        Assert.Contains($"Nouveau brouillon à partir de la version n° {published.Version}", text);
        Assert.Contains("n'est pas encore enregistré", text);
        Assert.Matches("<form method=\"post\" class=\"editor-form\" action=\"[^\"]*handler=Enregistrer\"", html);
        Assert.Contains(">Enregistrer le brouillon</button>", html);
        // The text box holds the version's text exactly (an HTML parser drops the newline right after <textarea>).
        var box = Regex.Match(html, "<textarea[^>]*>\\n(.*?)</textarea>", RegexOptions.Singleline);
        Assert.Equal(published.Content, WebUtility.HtmlDecode(box.Groups[1].Value));
        Assert.Single(await factory.Engine.Artefacts.ListVersionsAsync(ArtefactKind.Definition, name), v => v.Version >= published.Version);

        // Saved as it is (what the browser sends back, CRLF line ends): no new version, and the page says so.
        var unchanged = await ManagerHttp.PostFormAsync(client, $"{url}?version={published.Id}&brouillon=true", url + "?handler=Enregistrer",
            [new(EditeurModel.TextField, published.Content.Replace("\n", "\r\n"))]);
        Assert.Equal(HttpStatusCode.Redirect, unchanged.StatusCode);
        Assert.Equal($"{url}?version={published.Id}", unchanged.Headers.Location!.OriginalString);
        Assert.Contains($"Aucune modification : la version n° {published.Version} est inchangée", await ManagerHttp.FollowAsync(client, unchanged));
        Assert.Equal(published.Id, (await factory.Engine.Artefacts.ListVersionsAsync(ArtefactKind.Definition, name))[0].Id);
        Assert.Equal(audits, (await factory.Engine.Audit.ListAsync(new(Action: "definition.brouillon", Target: $"definition:{name}"))).Count);

        // A change is stored as the next version.
        var changed = await SaveAsync(client, "definition", name, published.Content + "# modifiée\n");
        Assert.Equal(published.Version + 1, changed.Version);
        Assert.Equal(ArtefactStatus.Validated, changed.Status);
    }

    [Fact]
    public async Task SavingTheLatestDraftUnchanged_StoresNoNewVersion()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        const string name = "extraction-notes/colonnes.sbn";
        var url = Url("gabarit", name);
        var draft = await SaveAsync(client, "gabarit", name, await LatestTextAsync(ArtefactKind.Template, name) + "{{ # brouillon }}\n");
        var count = (await factory.Engine.Artefacts.ListVersionsAsync(ArtefactKind.Template, name)).Count;

        var again = await ManagerHttp.PostFormAsync(client, $"{url}?version={draft.Id}", url + "?handler=Enregistrer", [new(EditeurModel.TextField, draft.Content)]);

        Assert.Equal($"{url}?version={draft.Id}", again.Headers.Location!.OriginalString);
        Assert.Contains($"Aucune modification : la version n° {draft.Version} est inchangée", await ManagerHttp.FollowAsync(client, again));
        Assert.Equal(count, (await factory.Engine.Artefacts.ListVersionsAsync(ArtefactKind.Template, name)).Count);
    }

    [Fact]
    public async Task Diff_ShowsTheRemovedAndTheAddedLines()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        const string name = "liste-affichage/liste.sbn";
        var versions = await factory.Engine.Artefacts.ListVersionsAsync(ArtefactKind.Template, name);
        var original = versions[0];
        var lines = LineDiff.Lines(original.Content);
        var target = Array.FindIndex(lines, l => l.StartsWith("<h1>", StringComparison.Ordinal));
        Assert.True(target >= 0);
        var changed = string.Join("\n", lines.Select((l, i) => i == target ? "<h1>Liste d'affichage modifiée</h1>" : l)) + "\n<p>Ligne ajoutée à la fin</p>\n";
        var draft = await SaveAsync(client, "gabarit", name, changed);

        var html = await client.GetStringAsync($"{Url("gabarit", name)}?version={draft.Id}&de={original.Id}&a={draft.Id}");

        Assert.Matches($"diff__line--removed\">\\s*<td class=\"num\">{target + 1}</td>\\s*<td class=\"num\"></td>\\s*<td class=\"diff__sign\">−.*?</td>\\s*<td><code>{Regex.Escape(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(lines[target]))}</code>", html);
        Assert.Contains("<td><code>&lt;h1&gt;Liste d&#x27;affichage modifi", html.Replace("&#39;", "&#x27;"));
        Assert.Contains("<td><code>&lt;p&gt;Ligne ajoutée à la fin&lt;/p&gt;</code></td>", html);
        Assert.Contains("2 ligne(s) ajoutée(s), 1 ligne(s) supprimée(s).", WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task TrialOfADraftDefinition_AsASchoolNow_GivesAFileAndAPreview_WithoutPublishingTheDraft()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var url = Url("definition", "liste-affichage");
        var inForce = factory.Engine.Definitions.Get("liste-affichage")!;
        var draft = await SaveAsync(client, "definition", "liste-affichage",
            (await LatestTextAsync(ArtefactKind.Definition, "liste-affichage")).Replace("title: Liste d'affichage des candidats", "title: Liste d'affichage (essai)"));
        Assert.Equal(ArtefactStatus.Validated, draft.Status);
        var now = ParisDates.Format(factory.Engine.Clock.GetUtcNow());

        var response = await ManagerHttp.PostFormAsync(client, $"{url}?version={draft.Id}", url + "?handler=Essai",
            [new("versionId", draft.Id.ToString()), new("essai_uai", DemoHostFactory.MemoSchool), new("essai_instant", now), new("p_signature", "O")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("Résultat de l'essai : <span class=\"badge badge--success\">Terminée</span>", text);
        Assert.Contains("<div class=\"apercu\"><article class=\"doc\"", html);
        var runId = Regex.Match(html, "handler=Fichier&amp;run=([0-9a-f]{32})").Groups[1].Value;
        var run = (await factory.Engine.Runs.GetAsync(runId))!;
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal("gestionnaire", run.Caller);
        Assert.StartsWith(TrialRunner.KeyPrefix, run.IdempotencyKey);
        Assert.Equal(draft.Version, run.DefinitionVersion);
        // Not published: the version in force is unchanged, and the school does not see the trial among its runs.
        Assert.Equal(inForce, factory.Engine.Definitions.Get("liste-affichage"));
        Assert.DoesNotContain(await factory.Engine.Runs.ListByCallerAsync("etablissement:" + DemoHostFactory.MemoSchool, 1000), r => r.Id == runId);

        var file = await client.GetAsync($"{url}?handler=Fichier&run={runId}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-store", file.Headers.CacheControl!.ToString());
        Assert.Equal($"liste-affichage-{DemoHostFactory.MemoSchool}.pdf", file.Content.Headers.ContentDisposition!.FileNameStar ?? file.Content.Headers.ContentDisposition.FileName);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await file.Content.ReadAsByteArrayAsync())[..4]);

        var school = await factory.SignedInAsync("etab-0783546f");
        var stolen = await school.GetAsync($"{url}?handler=Fichier&run={runId}");
        Assert.NotEqual(HttpStatusCode.OK, stolen.StatusCode);
    }

    [Fact]
    public async Task TrialAtAnInstantOutsideEveryWindow_IsRefusedByTheGate_WithItsMessage()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var url = Url("definition", "liste-resultats");
        var version = (await factory.Engine.Artefacts.ListVersionsAsync(ArtefactKind.Definition, "liste-resultats")).First(v => v.Status != ArtefactStatus.Draft);

        var response = await ManagerHttp.PostFormAsync(client, $"{url}?version={version.Id}", url + "?handler=Essai",
            [new("versionId", version.Id.ToString()), new("essai_uai", DemoHostFactory.MemoSchool), new("essai_instant", "01/01/2001 10:00")]);

        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<span class=\"badge badge--info\">Refusée</span>", text);
        Assert.Contains("Le service de publication des résultats aux établissements n'est pas ouvert.", text);
        Assert.DoesNotContain("handler=Fichier", text);
    }

    [Fact]
    public async Task TrialOfADraftTemplate_ShowsTheDraftInThePreview_AndLeavesTheTemplateInForce()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        const string name = "liste-resultats/liste.sbn";
        var url = Url("gabarit", name);
        var inForce = factory.Engine.TemplateSource.Read(name)!;
        var draft = await SaveAsync(client, "gabarit", name, inForce.Replace("<h1>Liste des résultats de mes élèves</h1>", "<h1>MARQUE-ESSAI-GABARIT</h1>"));
        Assert.Equal(ArtefactStatus.Validated, draft.Status);

        var response = await ManagerHttp.PostFormAsync(client, $"{url}?version={draft.Id}", url + "?handler=Essai",
            [new("versionId", draft.Id.ToString()), new("essai_definition", "liste-resultats"), new("essai_uai", DemoHostFactory.MemoSchool),
             new("essai_instant", ParisDates.Format(factory.Engine.Clock.GetUtcNow()))]);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1 class=\"doc-h1\">MARQUE-ESSAI-GABARIT</h1>", html);
        Assert.Equal(inForce, factory.Engine.TemplateSource.Read(name));
    }

    [Fact]
    public async Task TrialOfADefinitionThatPublishes_IsRefused_AndRecordsNoRun()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var url = Url("definition", "publication-releves");
        var version = (await factory.Engine.Artefacts.ListVersionsAsync(ArtefactKind.Definition, "publication-releves"))[0];
        var runsBefore = (await factory.Engine.Runs.ListByCallerAsync("gestionnaire", 1000)).Count;

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(url));
        var response = await ManagerHttp.PostFormAsync(client, url, url + "?handler=Essai",
            [new("versionId", version.Id.ToString()), new("essai_instant", "19/06/2026 10:00"), new("p_disponible_le", "19/06/2026 10:00")]);

        Assert.Contains("ne peut pas être essayée", page);
        Assert.Contains("ne peut pas être essayée", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(runsBefore, (await factory.Engine.Runs.ListByCallerAsync("gestionnaire", 1000)).Count);
    }

    [Fact]
    public async Task TrialOfTheTranscriptTemplate_IsUnavailable_BecauseOnlyAPublicationRendersIt()
    {
        var client = await factory.SignedInAsync("gestionnaire");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(Url("gabarit", "releve-notes/releve.sbn")));

        Assert.Contains("Aucune définition essayable n'utilise ce gabarit", page);
        Assert.DoesNotContain("handler=Essai", page);
    }

    [Theory]
    [InlineData("/gestion/definitions/definition/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/gestion/definitions/gabarit/../secret.sbn")]
    [InlineData("/gestion/definitions/gabarit/Majuscules.sbn")]
    [InlineData("/gestion/definitions/inconnu/extraction-notes")]
    public async Task Editor_AnswersNotFound_ForABadKindOrName(string path)
    {
        var client = await factory.SignedInAsync("gestionnaire");

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DefinitionsList_ShowsEachDefinitionAndTemplate_WithTheVersionInForce()
    {
        var client = await factory.SignedInAsync("gestionnaire");

        var text = await AccountsHostFactory.TextAsync(await client.GetAsync("/gestion/definitions"));

        Assert.Contains("<a href=\"/gestion/definitions/definition/extraction-notes\">extraction-notes</a>", text);
        Assert.Contains("<a href=\"/gestion/definitions/gabarit/releve-notes/releve.sbn\">releve-notes/releve.sbn</a>", text);
    }
}
