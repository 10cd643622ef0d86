using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Running;
using CfgResults.Host.Tests.Api;
using CfgResults.Host.Tests.Auth;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.School;

/// <summary>The activity page generated from a definition, and the runs it starts (memo section 4), with windows open.</summary>
// It waits for runs executed by Hangfire: one host at a time (see JobsHostCollection).
[Collection(JobsHostCollection.Name)]
public sealed class ActivityPageTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    [Fact]
    public async Task ExtractionPage_ShowsMenuPath_Parameters_BothTabs_AndLockedCriteriaDisabled()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);

        var response = await client.GetAsync("/activites/extraction-notes");
        var html = await SchoolClient.TextAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"<li>Résultats</li>\s*<li>Génération de documents</li>\s*<li>Résultats de mes élèves</li>\s*<li aria-current=""page"">Extraire des notes</li>", html);
        Assert.Contains("<h1>Extraire des notes</h1>", html);
        Assert.Contains(">Paramètres</a>", html);
        Assert.Contains(">Critères de sélection</a>", html);
        // Parameters: the choice with the session's groups, the four boxes.
        Assert.Matches(@"<select[^>]*name=""p_groupe_decision""", html);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        Assert.Contains($"<option value=\"{group}\">{group}</option>", html);
        // Only the school's own decision groups are offered: never an empty extraction, never another group's name.
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var own = (await factory.Engine.Sessions.LoadContextAsync(code, SchoolClient.MemoSchool))!.DecisionGroups;
        var others = (await factory.Engine.Sessions.LoadContextAsync(code))!.DecisionGroups.Except(own).ToList();
        Assert.NotEmpty(others);
        Assert.All(others, g => Assert.DoesNotContain($"<option value=\"{g}\">", html));
        foreach (var flag in new[] { "inclure_nom", "inclure_identifiant", "inclure_ine", "inclure_date_naissance" })
            Assert.Matches($@"<input class=""checkbox__input"" type=""checkbox""[^>]*name=""p_{flag}"" value=""O""", html);
        Assert.Contains("<label class=\"checkbox__label\" for=\"parametre-inclure-ine\">INE</label>", html);
        // Locked criteria: shown, disabled, « non modifiable », and not posted (no name).
        foreach (var (id, value) in new[] { ("etat", "Inscrit"), ("mode-notation", "Saisie, Calculée"), ("position-epreuve", "Inscrit, Bénéfice"), ("presomption-fraude", "Non") })
            Assert.Matches($@"<textarea class=""field__input criterion__locked-value"" id=""critere-{id}-verrouille"" rows=""1"" disabled\s+aria-describedby=""[^""]*"">{Regex.Escape(value)}</textarea>", html);
        Assert.Contains("(0783546F)</textarea>", html);
        Assert.Equal(6, Regex.Matches(html, ">non modifiable</span>").Count);
        Assert.DoesNotContain("name=\"val_etat\"", html);
        // The editable one: liste rouge = Non, changeable; and the criteria tree to add more.
        Assert.Matches(@"<select[^>]*name=""val_liste_rouge"">\s*<option value=""oui"">Oui</option>\s*<option value=""non"" selected=""selected"">Non</option>", html);
        Assert.Contains("<summary class=\"criteria-tree__summary\">Ajouter un critère</summary>", html);
        Assert.Contains("<legend class=\"fieldset__legend\">Candidature</legend>", html);
        Assert.Contains("name=\"op_specialite\"", html);
    }

    [Fact]
    public async Task Extraction_WithChosenColumns_Succeeds_AndCsvHasThoseColumns_Bom_Semicolons()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);

        var response = await SchoolClient.PostFormAsync(client, "/activites/extraction-notes",
            SchoolClient.ExtractionForm(group, "inclure_nom", "inclure_ine"), factory);
        var run = await SchoolClient.WaitForEndAsync(factory, SchoolClient.RunIdOf(response));

        Assert.Equal(RunState.Succeeded, run.State);
        var file = await client.GetAsync($"/editions/{run.Id}/fichier");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var bytes = await file.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var header = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.StartsWith("Nom;Prénoms;INE;", header);
        Assert.EndsWith(";Résultat", header);
        Assert.DoesNotContain("Numéro candidat", header);
        Assert.DoesNotContain("Date de naissance", header);
        Assert.True(run.RowCount > 0, "l'extraction de l'établissement du mémo ne doit pas être vide");
    }

    [Fact]
    public async Task RunFile_IsAnAttachment_WithExactType_NoSniff_NoStore_AndIsAudited()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var run = await SchoolClient.WaitForEndAsync(factory, SchoolClient.RunIdOf(
            await SchoolClient.PostFormAsync(client, "/activites/extraction-notes", SchoolClient.ExtractionForm(group), factory)));

        var file = await client.GetAsync($"/editions/{run.Id}/fichier");

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Matches($"^notes-0783546F-{group}-JUIN-20[0-9][0-9]\\.csv$", file.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Equal("text/csv; charset=utf-8", file.Content.Headers.ContentType!.ToString());
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", file.Headers.CacheControl!.ToString());
        var audit = await factory.Engine.Audit.ListAsync(new AuditFilter(Action: "telechargement", Target: $"edition:{run.Id}"));
        Assert.Single(audit);
        Assert.Matches($"^notes-0783546F-{group}-JUIN-20[0-9][0-9]\\.csv; [0-9]+ octets$", audit[0].Details);
    }

    [Fact]
    public async Task ChangingALockedCriterion_IsRefused_InPlainFrench_NextToIt_AndInTheSummary_WithoutACode()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var form = SchoolClient.ExtractionForm(group);
        // The page shows État disabled; a crafted request sends it anyway.
        form.Add(new("op_etat", "in"));
        form.Add(new("val_etat", "Annulé"));
        var before = (await factory.Engine.Runs.ListByCallerAsync("etablissement:0783546F", 1000)).Count;

        var response = await SchoolClient.PostFormAsync(client, "/activites/extraction-notes", form, factory);
        var html = await SchoolClient.TextAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("L'édition n'a pas été lancée", html);
        Assert.Contains("<a href=\"#critere-etat\">État : ce critère est fixé pour cette activité et ne peut pas être modifié.</a></li>", html);
        Assert.Contains("<p class=\"field__error\" id=\"critere-etat-erreur\">État : ce critère est fixé pour cette activité et ne peut pas être modifié.</p>", html);
        Assert.DoesNotContain("CFG040", html);
        Assert.Equal(before, (await factory.Engine.Runs.ListByCallerAsync("etablissement:0783546F", 1000)).Count);
    }

    /// <summary>Issue 13 item 4: a refused criterion is said in words a school understands, naming the criterion, without a code.</summary>
    [Theory]
    [InlineData("liste_rouge", "equals", "", "Liste rouge : choisissez Oui ou Non.")]
    [InlineData("date_naissance", "between", "01/01/2010", "Date de naissance : saisissez deux dates au format JJ/MM/AAAA, par exemple 01/01/2010 et 31/12/2011.")]
    [InlineData("centre_epreuve", "equals", "078", "Centre d'épreuve : saisissez un UAI, 7 chiffres et une lettre.")]
    public async Task ACriterionWithAMissingOrWrongValue_IsSaidInPlainFrench(string field, string op, string value, string expected)
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var form = SchoolClient.ExtractionForm(group).Where(f => !f.Key.EndsWith("_" + field, StringComparison.Ordinal)).ToList();
        form.Add(new("op_" + field, op));
        form.Add(new("val_" + field, value));

        var response = await SchoolClient.PostFormAsync(client, "/activites/extraction-notes", form, factory);
        var html = System.Net.WebUtility.HtmlDecode(await SchoolClient.TextAsync(response));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(expected, html);
        Assert.DoesNotContain("error-code", html);
        Assert.DoesNotContain("« equals »", html);
        Assert.DoesNotMatch(@"\(CFG0\d\d\)", html);
    }

    [Fact]
    public async Task MissingRequiredParameter_IsShownNextToItsField()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);

        var response = await SchoolClient.PostFormAsync(client, "/activites/extraction-notes", SchoolClient.ExtractionForm(""), factory);
        var html = await SchoolClient.TextAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("<a href=\"#parametre-groupe-decision\">Le paramètre « Groupe de décision » est obligatoire</a>", html);
        Assert.Matches(@"id=""parametre-groupe-decision""[^>]*aria-describedby=""parametre-groupe-decision-erreur""\s*aria-invalid=""true""", html);
    }

    [Fact]
    public async Task ChangingTheUnlockedRedListCriterion_IsAccepted()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var form = SchoolClient.ExtractionForm(group).Where(f => f.Key != "val_liste_rouge").ToList();
        form.Add(new("val_liste_rouge", "oui"));

        var response = await SchoolClient.PostFormAsync(client, "/activites/extraction-notes", form, factory);
        var run = await SchoolClient.WaitForEndAsync(factory, SchoolClient.RunIdOf(response));

        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Contains("\"Field\":\"liste_rouge\"", run.Criteria);
        Assert.Contains("\"Values\":[\"oui\"]", run.Criteria);
    }

    [Fact]
    public async Task AddingACriterionFromTheTree_IsPassedToTheRun()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var form = SchoolClient.ExtractionForm(group);
        form.Add(new("op_resultat", "in"));
        form.Add(new("val_resultat", "Admis"));
        form.Add(new("op_nom", "")); // a tree row left on « — » is not used

        var run = await SchoolClient.WaitForEndAsync(factory, SchoolClient.RunIdOf(
            await SchoolClient.PostFormAsync(client, "/activites/extraction-notes", form, factory)));

        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Contains("\"Field\":\"resultat\"", run.Criteria);
        Assert.DoesNotContain("\"Field\":\"nom\"", run.Criteria);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_IsRefused_AndStartsNothing()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var before = (await factory.Engine.Runs.ListByCallerAsync("etablissement:0783546F", 1000)).Count;

        var response = await client.PostAsync("/activites/extraction-notes", new FormUrlEncodedContent(SchoolClient.ExtractionForm(group)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, (await factory.Engine.Runs.ListByCallerAsync("etablissement:0783546F", 1000)).Count);
    }

    [Theory]
    [InlineData("/activites/publication-releves")] // the exam manager's
    [InlineData("/activites/inconnue")]
    public async Task ActivityOfAnotherAudience_OrUnknown_Answers404(string path)
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page introuvable", await SchoolClient.TextAsync(response));
    }

    [Fact]
    public async Task Manager_SeesHisPublicationForm_WithDateTimeAndSchools()
    {
        var client = await factory.SignedInAsync("gestionnaire");

        var html = await SchoolClient.TextAsync(await client.GetAsync("/activites/publication-releves"));

        Assert.Contains("<label class=\"field__label\" for=\"parametre-disponible-le\">Disponible à partir du *</label>", html);
        Assert.Contains("Format : JJ/MM/AAAA HH:MM", html);
        // The school is typed, with suggestions from the API (issue 13 item 10: no <select> of every school).
        Assert.Matches(@"<label class=""field__label"" for=""parametre-etablissement"">Établissement</label>", html);
        Assert.Matches(@"<input class=""field__input"" type=""text"" id=""parametre-etablissement""[^>]*data-suggestions=""/api/suggestions\?champ=etablissement", html);
        Assert.DoesNotContain("<option value=\"0783546F\">", html);
        Assert.Contains("value=\"Service Examens et Concours\"", html);
    }

    [Fact]
    public async Task ARunNotYetEnded_IsStoppedByItsOwnerOnly_AndEndsCancelled()
    {
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var school = Caller.School(SchoolClient.MemoSchool, SchoolClient.MemoSchoolLogin);
        // Recorded and not started yet, as a run waiting in the queue.
        var run = await factory.Engine.Runner.PrepareAsync(new RunRequest("extraction-notes", school, null,
            new Dictionary<string, string> { ["groupe_decision"] = group, ["inclure_nom"] = "O" }, []));
        var page = $"/editions/{run.Id}";
        var cancel = $"{page}?handler=Annuler";

        var other = await OtherSchoolClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await Manager.ManagerHttp.PostFormAsync(other, "/editions", cancel, [])).StatusCode);
        Assert.False(await factory.Engine.Runs.IsCancelRequestedAsync(run.Id));

        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        Assert.Contains("Annuler l'édition</button>", await SchoolClient.TextAsync(await client.GetAsync(page + "?actualiser=non")));
        var response = await Manager.ManagerHttp.PostFormAsync(client, page + "?actualiser=non", cancel, []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Annulation demandée : l'édition s'arrête dans quelques secondes.", await Manager.ManagerHttp.FollowAsync(client, response));
        Assert.True(await factory.Engine.Runs.IsCancelRequestedAsync(run.Id));
        Assert.Single(await factory.Engine.Audit.ListAsync(new AuditFilter(Action: AuditActions.RunCancelRequested, Target: $"edition:{run.Id}")));

        var ended = await factory.Engine.Runner.ExecuteAsync(run.Id, school);
        Assert.Equal(RunState.Cancelled, ended.State);
        var html = await SchoolClient.TextAsync(await client.GetAsync(page));
        Assert.Contains($"<div class=\"alert alert--info\"><p>{RunMessages.CancelledOnRequest}</p></div>", html);
        Assert.DoesNotContain("Annuler l'édition</button>", html);
        var again = await Manager.ManagerHttp.PostFormAsync(client, page, cancel, []);
        Assert.Contains("Cette édition est déjà terminée : il n'y a plus rien à annuler.", await Manager.ManagerHttp.FollowAsync(client, again));
    }

    [Fact]
    public async Task AnotherSchool_GetsNotFound_ForTheRunAndItsFile_AndDoesNotSeeItInItsList()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var run = await SchoolClient.WaitForEndAsync(factory, SchoolClient.RunIdOf(
            await SchoolClient.PostFormAsync(client, "/activites/extraction-notes", SchoolClient.ExtractionForm(group), factory)));
        Assert.Equal(RunState.Succeeded, run.State);
        var other = await OtherSchoolClientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/editions/{run.Id}/fichier")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/editions/{run.Id}")).StatusCode);
        Assert.DoesNotContain(run.Id, await other.GetStringAsync("/editions"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/editions/inconnue/fichier")).StatusCode);
    }

    [Fact]
    public async Task MyRuns_ListNewestFirst_WithTitle_FrenchState_AndDownloadLink()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var run = await SchoolClient.WaitForEndAsync(factory, SchoolClient.RunIdOf(
            await SchoolClient.PostFormAsync(client, "/activites/extraction-notes", SchoolClient.ExtractionForm(group), factory)));

        var list = await SchoolClient.TextAsync(await client.GetAsync("/editions"));
        var page = await SchoolClient.TextAsync(await client.GetAsync($"/editions/{run.Id}"));

        Assert.Contains($"<a href=\"/editions/{run.Id}\">Extraire des notes</a>", list);
        Assert.Contains("Terminée", list);
        Assert.Contains($"href=\"/editions/{run.Id}/fichier\"", list);
        var ids = Regex.Matches(list, "<th scope=\"row\" class=\"table__row-title\"><a href=\"/editions/([0-9a-f]+)\"").Select(m => m.Groups[1].Value).ToList();
        var created = new List<DateTimeOffset>();
        foreach (var id in ids) created.Add((await factory.Engine.Runs.GetAsync(id))!.CreatedAt);
        Assert.Equal(created.OrderByDescending(t => t), created);
        Assert.Contains("Télécharger le fichier", page);
        Assert.Matches(@"notes-0783546F-[A-Z0-9-]+-JUIN-20[0-9][0-9]\.csv", page);
    }

    [Fact]
    public async Task RunPage_WhileTheRunIsPending_RefreshesEvery2Seconds_UnlessAskedToStop()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        // Recorded but never handed to a worker: it stays pending for as long as the test needs.
        var run = await factory.Engine.Runner.PrepareAsync(new RunRequest("extraction-notes", Caller.School(SchoolClient.MemoSchool, "test"), null,
            new Dictionary<string, string> { ["groupe_decision"] = group, ["inclure_nom"] = "O" }, []));

        var refreshing = await client.GetAsync($"/editions/{run.Id}");
        var stopped = await client.GetAsync($"/editions/{run.Id}?actualiser=non");
        var html = await SchoolClient.TextAsync(refreshing);

        Assert.Equal("2", refreshing.Headers.GetValues("Refresh").Single());
        Assert.Contains("<progress aria-label=\"Avancement : en cours\"></progress>", html);
        Assert.Contains("<span class=\"state state--running\">En attente</span>", html);
        Assert.Contains($"<a href=\"/editions/{run.Id}?actualiser=non\">Arrêter l'actualisation automatique</a>", html);
        Assert.False(stopped.Headers.Contains("Refresh"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/editions/{run.Id}/fichier")).StatusCode);
    }

    [Fact]
    public async Task Manager_PublishesTranscriptsThroughTheSamePage_NowOrPlanned()
    {
        var client = await factory.SignedInAsync("gestionnaire");

        // First « Lancer l'édition »: the page asks, saying how many transcripts at most (issue 13 item 8); nothing starts.
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var expected = (await factory.Engine.Sessions.LoadSessionAsync(code))!.Candidates.Count(c => c.RegistrationSchoolUai == SchoolClient.MemoSchool
            && c.State == CfgResults.Engine.Domain.RegistrationState.Registered && !c.FraudSuspected && c.Result is not null);
        var asked = await SchoolClient.PostFormAsync(client, "/activites/publication-releves", [
            new("p_disponible_le", "01/01/2020 08:00"), new("p_planifier_le", ""), new("p_groupe_decision", ""),
            new("p_etablissement", SchoolClient.MemoSchool), new("p_publie_par", "Service Examens et Concours")], factory);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains($"Cette publication écrira au plus {expected} relevé(s) de notes", await SchoolClient.TextAsync(asked));
        Assert.True(expected > 0);
        Assert.Null(asked.Headers.Location); // no run started: the page stays, with its question

        var now = await SchoolClient.PostFormAsync(client, "/activites/publication-releves", [
            new("p_disponible_le", "01/01/2020 08:00"), new("p_planifier_le", ""), new("p_groupe_decision", ""),
            new("p_etablissement", SchoolClient.MemoSchool), new("p_publie_par", "Service Examens et Concours"), new("confirmer_publication", "oui")], factory);
        var run = await SchoolClient.WaitForEndAsync(factory, SchoolClient.RunIdOf(now));
        var planned = await SchoolClient.PostFormAsync(client, "/activites/publication-releves", [
            new("p_disponible_le", "01/01/2099 08:00"), new("p_planifier_le", "01/01/2099 06:00"),
            new("p_etablissement", SchoolClient.MemoSchool), new("p_publie_par", "Service Examens et Concours"), new("confirmer_publication", "oui")], factory);

        Assert.Equal(RunState.Succeeded, run.State);
        Assert.True(run.RowCount > 0);
        Assert.Equal(HttpStatusCode.Redirect, planned.StatusCode);
        var list = await SchoolClient.TextAsync(await client.GetAsync(planned.Headers.Location!.OriginalString));
        Assert.Contains("La publication est planifiée pour le <strong>01/01/2099 06:00</strong>", list);
    }

    [Fact]
    public async Task InvalidDateParameter_IsShownNextToItsField_WithTheExpectedFormat()
    {
        var client = await factory.SignedInAsync("gestionnaire");

        var response = await SchoolClient.PostFormAsync(client, "/activites/publication-releves", [
            new("p_disponible_le", "32/13/2026"), new("p_publie_par", "Service Examens et Concours")], factory);
        var html = await SchoolClient.TextAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("<a href=\"#parametre-disponible-le\">Le paramètre « Disponible à partir du » a une valeur invalide « 32/13/2026 » (attendu : une date et heure JJ/MM/AAAA HH:MM)</a>", html);
        Assert.Contains("value=\"32/13/2026\"", html);
    }

    async Task<HttpClient> OtherSchoolClientAsync()
    {
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var other = (await factory.Engine.Sessions.LoadContextAsync(code))!.Schools.First(s => s.Uai != SchoolClient.MemoSchool).Uai;
        await factory.EnsureAccountAsync("autre-etablissement", CallerRole.School, other);
        return await factory.SignedInAsync("autre-etablissement", AccountsHostFactory.Password);
    }
}
