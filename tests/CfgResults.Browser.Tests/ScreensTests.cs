using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>Issue 13 (« What schools, managers and candidates meet on the screen »), one test per numbered item.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreensTests(BrowserHost host)
{
    const string School = "etab-0783546f";

    /// <summary>« Lancer l'édition », then wait on the run's page until it has finished.</summary>
    static async Task LaunchAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" }).ClickAsync();
        await Steps.WaitForRunFinishedAsync(page);
    }

    /// <summary>The finished run's file, kept as <paramref name="keepAs"/>.</summary>
    static Task<(string FileName, byte[] Bytes)> DownloadFileAsync(IPage page, string keepAs) =>
        Steps.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le fichier" }), keepAs);

    [Fact]
    public async Task Item01_DisplayList_ArchiveCopy_TellsHomonymsApart_CountsTheLeftOut_AndHasASignatureBlock()
    {
        var page = await host.SignedInPageAsync(School);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/activites/liste-affichage");
            var parameters = page.Locator("#onglet-parametres");
            var mode = parameters.GetByLabel("Résultats listés", new() { Exact = false });
            await Assertions.Expect(mode).ToHaveValueAsync("admis");
            await mode.SelectOptionAsync("tous");
            await parameters.GetByLabel("Signature en pied de page avec le lieu et la date").CheckAsync();
            await BrowserHost.ScreenshotAsync(page, "item01-liste-affichage-archive-parametres");
            await LaunchAsync(page);
            var (_, bytes) = await DownloadFileAsync(page, "item01-liste-affichage-archive");
            var text = Pdf.Text(bytes);
            // The demo school's homonyms (one admitted, one refused) are told apart by their date of birth.
            Assert.True(System.Text.RegularExpressions.Regex.Matches(text, @", né\(e\) le \d\d/\d\d/\d{4} (Admis|Refusé)").Count >= 2, text);
            Assert.Contains("Refusé", text);
            Assert.Contains("Candidats non listés", text);
            Assert.Contains("Le chef de centre", text);

            // The list to pin up (the default) holds the admitted only.
            await page.GotoAsync(host.BaseUrl + "/activites/liste-affichage");
            await LaunchAsync(page);
            var (_, pinned) = await DownloadFileAsync(page, "item01-liste-affichage-admis");
            var pinnedText = Pdf.Text(pinned);
            Assert.DoesNotContain("Refusé", pinnedText);
            Assert.DoesNotContain("Candidats non listés", pinnedText);
            await BrowserHost.ScreenshotAsync(page, "item01-liste-affichage-terminee");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Item06_Extraction_WithoutIdentity_WarnsOnTheForm_AndAsksForAConfirmation()
    {
        var page = await host.SignedInPageAsync(School);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/activites/extraction-notes");
            var parameters = page.Locator("#onglet-parametres");
            var group = parameters.GetByLabel("Groupe de décision");
            await group.SelectOptionAsync(new SelectOptionValue { Index = 1 });
            var warning = page.Locator("#avertissement-confirmation");
            await Assertions.Expect(warning).ToBeVisibleAsync();
            await Assertions.Expect(warning).ToContainTextAsync("ne pourront être attribuées à aucun élève");
            await BrowserHost.ScreenshotAsync(page, "item06-extraction-sans-identite-avertissement");

            await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" }).ClickAsync();
            var summary = page.Locator("#erreurs");
            await Assertions.Expect(summary).ToContainTextAsync("Cochez « Extraire sans aucune information d'identité » pour confirmer");
            await BrowserHost.ScreenshotAsync(page, "item06-extraction-sans-identite-refusee");

            // Ticking one identity box hides the warning.
            await page.Locator("#onglet-parametres").GetByLabel("Nom et prénom du candidat").CheckAsync();
            await Assertions.Expect(warning).ToBeHiddenAsync();
            await page.Locator("#onglet-parametres").GetByLabel("Nom et prénom du candidat").UncheckAsync();
            await page.Locator("#onglet-parametres").GetByLabel("Extraire sans aucune information d'identité").CheckAsync();
            await LaunchAsync(page);
            await BrowserHost.ScreenshotAsync(page, "item06-extraction-sans-identite-confirmee");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Item02_AWindowOfAnotherGroupDoesNotOpenTheService_TheFormSaysWhenItOpens_AndTheHomePageShowsEachService()
    {
        var original = Steps.Query(host, "SELECT id, decision_group, opens, closes FROM service_windows WHERE service = 'extraction_notes'").ToList();
        await Steps.ThenRestoreAsync(async () =>
        {
            // The school's own window opens next year; another group's window is open now.
            Steps.Execute(host, "UPDATE service_windows SET opens = '2099-07-01T08:00', closes = '2099-07-14T18:00' WHERE service = 'extraction_notes'");
            Steps.Execute(host, """
                INSERT INTO service_windows (session_id, service, decision_group, opens, closes)
                SELECT session_id, 'extraction_notes', 'ZZ-91', '2000-01-01T08:00', '2098-01-01T08:00' FROM service_windows WHERE service = 'extraction_notes' LIMIT 1
                """);
            var page = await host.SignedInPageAsync(School);
            try
            {
                await page.GotoAsync(host.BaseUrl + "/activites/extraction-notes");
                await Assertions.Expect(page.Locator(".gate-closed")).ToHaveTextAsync("Service extraction des notes établissement ouvert du 01/07/2099 08:00 au 14/07/2099 18:00.");
                await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" })).ToHaveCountAsync(0);
                await BrowserHost.ScreenshotAsync(page, "item02-extraction-fermee-avec-dates");

                await page.GotoAsync(host.BaseUrl + "/");
                var states = page.Locator(".service-states");
                await Assertions.Expect(states).ToContainTextAsync("Extraction des notes fermée, ouvre le 01/07/2099 08:00");
                await Assertions.Expect(states).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Publication aux établissements ouverte jusqu'au \d\d/\d\d/\d{4} \d\d:\d\d"));
                await BrowserHost.ScreenshotAsync(page, "item02-accueil-etat-des-services");
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }, async () =>
        {
            Steps.Execute(host, "DELETE FROM service_windows WHERE decision_group = 'ZZ-91'");
            foreach (var w in original)
                Steps.Execute(host, "UPDATE service_windows SET opens = $o, closes = $c WHERE id = $id", ("$o", w[2]), ("$c", w[3]), ("$id", w[0]));
            await Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Item04_ACriterionError_NamesTheCriterion_InPlainFrench_WithoutACode()
    {
        var page = await host.SignedInPageAsync(School);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/activites/extraction-notes");
            await page.Locator("#onglet-parametres").GetByLabel("Groupe de décision").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await page.Locator("#onglet-parametres").GetByLabel("Nom et prénom du candidat").CheckAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Critères de sélection" }).ClickAsync();
            await page.Locator("summary", new() { HasTextString = "Ajouter un critère" }).ClickAsync();
            await page.Locator("#critere-date-naissance-operateur").SelectOptionAsync("between");
            await page.Locator("#critere-date-naissance-valeur").FillAsync("01/01/2010");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" }).ClickAsync();
            var summary = page.Locator("#erreurs");
            await Assertions.Expect(summary).ToContainTextAsync("Date de naissance : saisissez deux dates au format JJ/MM/AAAA");
            Assert.DoesNotContain("CFG", await summary.InnerTextAsync());
            Assert.DoesNotContain("between", await summary.InnerTextAsync());
            await BrowserHost.ScreenshotAsync(page, "item04-critere-erreur-en-clair");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>A candidate of the memo school with an account, the last one (other tests use the first ones).</summary>
    string PublishedCandidate()
    {
        if (Steps.Query(host, "SELECT COUNT(*) FROM documents")[0][0] == "0") TranscriptTests.PublishAsync(host, screenshots: false).GetAwaiter().GetResult();
        return Steps.Query(host, """
            SELECT c.number FROM candidates c JOIN users u ON u.candidate_number = c.number
            WHERE c.registration_school = '0783546F' AND c.result = 'Admis' AND c.fraud_suspected = 0 ORDER BY u.login DESC LIMIT 1
            """).Single()[0];
    }

    [Fact]
    public async Task Item09_Candidate_IsGreetedByName_SeesTheirResultAndTotal_AndTheLatestVersionMarked()
    {
        var number = PublishedCandidate();
        var name = Steps.Query(host, "SELECT first_names, last_name FROM candidates WHERE number = $n", ("$n", number)).Single();
        // A second version for this candidate: the total corrected, then published again.
        Steps.Execute(host, "UPDATE grades SET points_centi = points_centi + 50 WHERE candidate_number = $n AND exam_code = 'TOTAL' AND note_kind = 'Points'", ("$n", number));
        Steps.Execute(host, "UPDATE grades SET points_centi = points_centi + 50 WHERE candidate_number = $n AND exam_code = 'ORAL' AND note_kind = 'Points'", ("$n", number));
        await TranscriptTests.PublishAsync(host, screenshots: false);
        var page = await host.SignedInPageAsync("cand-" + number);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Bonjour {name[0]} {name[1]}");
            await page.GotoAsync(host.BaseUrl + "/candidat");
            await Assertions.Expect(page.Locator(".greeting")).ToHaveTextAsync($"Bonjour {name[0]} {name[1]},");
            await Assertions.Expect(page.Locator(".candidate-result__result")).ToHaveTextAsync("Résultat : Admis");
            await Assertions.Expect(page.Locator(".candidate-result__total")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Total : [0-9,]+ / 400 points"));
            var documents = page.Locator("li.document");
            await Assertions.Expect(documents).ToHaveCountAsync(2);
            await Assertions.Expect(documents.Nth(0)).ToContainTextAsync("Version n°2");
            await Assertions.Expect(documents.Nth(0).Locator(".badge--latest")).ToHaveTextAsync("Dernière version");
            await Assertions.Expect(documents.Nth(1).Locator(".badge--replaced")).ToContainTextAsync("Remplacée par la version n°2 du ");
            await BrowserHost.ScreenshotAsync(page, "item09-candidat-resultat-et-versions");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Item11_Phone_MyRunsCaptionDoesNotWrapWordByWord_AndWindowCardsLabelTheirDates()
    {
        var school = await host.SignedInPageAsync(School, width: 390, height: 844);
        try
        {
            await school.GotoAsync(host.BaseUrl + "/activites/liste-resultats");
            await LaunchAsync(school);
            await school.GotoAsync(host.BaseUrl + "/editions?actualiser=non");
            var caption = school.Locator("#editions-titre");
            var box = (await caption.BoundingBoxAsync())!;
            var lineHeight = await caption.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.5");
            Assert.True(box.Height <= 3 * lineHeight, $"caption {box.Height}px for a line of {lineHeight}px: words one per line");
            Assert.True(box.Width > 250, $"caption {box.Width}px wide");
            await BrowserHost.ScreenshotAsync(school, "item11-telephone-mes-editions");
        }
        finally
        {
            await school.Context.CloseAsync();
        }

        var manager = await host.SignedInPageAsync("gestionnaire", width: 390, height: 844);
        try
        {
            await manager.GotoAsync(host.BaseUrl + "/gestion/fenetres");
            var row = manager.Locator("table tbody tr").First;
            foreach (var label in new[] { "Ouverture", "Fermeture" })
            {
                var cell = row.Locator($"td[data-label='{label}']");
                await Assertions.Expect(cell).ToBeVisibleAsync();
                var before = await cell.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content");
                Assert.Contains(label, before);
            }
            await BrowserHost.ScreenshotAsync(manager, "item11-telephone-fenetres");
        }
        finally
        {
            await manager.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Item12_Transcript_ShowsLevels_TotalOutOf400_AndTheAdmissionRule()
    {
        var number = PublishedCandidate();
        var page = await host.SignedInPageAsync("cand-" + number);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/candidat");
            await BrowserHost.ScreenshotAsync(page, "item12-candidat-releve");
            var (_, bytes) = await Steps.DownloadAsync(page, page.Locator("li.document").First.Locator("a.document__link"), "item12-releve");
            var text = Pdf.Text(bytes);
            Assert.Contains("Niveau de maîtrise", text);
            Assert.Matches(@"Maîtrise (insuffisante|fragile|satisfaisante)|Très bonne maîtrise", text);
            Assert.Matches(@"Total : [0-9,]+ / 400 points", text);
            Assert.Contains("Seuil d'admission : 200 points", text);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Item08_Manager_ConfirmsBeforeDeletingAWindow_AndReadsTheJobsDashboardInFrench()
    {
        var before = Steps.Query(host, "SELECT COUNT(*) FROM service_windows")[0][0];
        var manager = await host.SignedInPageAsync("gestionnaire");
        try
        {
            await manager.GotoAsync(host.BaseUrl + "/gestion/fenetres");
            await manager.Locator("table tbody tr").First.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Supprimer") }).ClickAsync();
            await Assertions.Expect(manager.Locator(".confirm-step")).ToContainTextAsync("Supprimer cette fenêtre de service ?");
            await BrowserHost.ScreenshotAsync(manager, "item08-fenetre-confirmation");
            await manager.GetByRole(AriaRole.Link, new() { Name = "Annuler" }).ClickAsync();
            Assert.Equal(before, Steps.Query(host, "SELECT COUNT(*) FROM service_windows")[0][0]);

            await manager.GotoAsync(host.BaseUrl + "/hangfire");
            await Assertions.Expect(manager.Locator("html")).ToContainTextAsync("Tâches récurrentes");
            await Assertions.Expect(manager.Locator("html")).ToContainTextAsync("Retour au site");
            await BrowserHost.ScreenshotAsync(manager, "item08-hangfire-en-francais");
        }
        finally
        {
            await manager.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Item05_RunsShowSessionParametersAndCriteria_FileNamesSayWhatTheyHold_PublicationsTheirDateAndScope()
    {
        var page = await host.SignedInPageAsync(School);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/activites/extraction-notes");
            var parameters = page.Locator("#onglet-parametres");
            var group = parameters.GetByLabel("Groupe de décision");
            await group.SelectOptionAsync(new SelectOptionValue { Index = 1 });
            var groupCode = await group.InputValueAsync();
            await parameters.GetByLabel("Nom et prénom du candidat").CheckAsync();
            await LaunchAsync(page);
            var details = page.Locator(".details-list");
            await Assertions.Expect(details).ToContainTextAsync($"Groupe de décision{groupCode}");
            await Assertions.Expect(details).ToContainTextAsync("Nom et prénom du candidatOui");
            await Assertions.Expect(page.Locator(".download__meta")).ToContainTextAsync(new System.Text.RegularExpressions.Regex($"notes-0783546F-{groupCode}-JUIN-20\\d\\d\\.csv"));
            await BrowserHost.ScreenshotAsync(page, "item05-edition-parametres");
            await page.GotoAsync(host.BaseUrl + "/editions?actualiser=non");
            await Assertions.Expect(page.Locator(".run-settings").First).ToContainTextAsync($"{groupCode} · Nom et prénom du candidat");
            await BrowserHost.ScreenshotAsync(page, "item05-mes-editions");
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        await TranscriptTests.PublishAsync(host, screenshots: false);
        var manager = await host.SignedInPageAsync("gestionnaire");
        try
        {
            await manager.GotoAsync(host.BaseUrl + "/editions?actualiser=non");
            await manager.Locator("table tbody tr").First.Locator("th a").ClickAsync();
            var details = manager.Locator(".details-list");
            await Assertions.Expect(details).ToContainTextAsync("Disponible à partir du");
            await Assertions.Expect(details).ToContainTextAsync("Publié parService Examens et Concours");
            await Assertions.Expect(details).ToContainTextAsync("Établissement0783546F");
            await BrowserHost.ScreenshotAsync(manager, "item05-publication-date-et-portee");
        }
        finally
        {
            await manager.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Item03_SearchList_TicksSeveralStudents_AndEditsTheirTranscriptsAsOnePdfOrAZip()
    {
        if (Steps.Query(host, "SELECT COUNT(*) FROM documents")[0][0] == "0") await TranscriptTests.PublishAsync(host, screenshots: false);
        var page = await host.SignedInPageAsync(School);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/releves?rafraichir=1");
            await page.GetByRole(AriaRole.Search).GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
            var boxes = page.Locator(".search-results input[name='eleve']");
            Assert.True(await boxes.CountAsync() >= 3);
            for (var i = 0; i < 3; i++) await boxes.Nth(i).CheckAsync();
            await BrowserHost.ScreenshotAsync(page, "item03-releves-selection");
            var (pdfName, pdf) = await Steps.DownloadAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Éditer les relevés sélectionnés" }), "item03-releves-selection");
            Assert.Equal("releves-notes-selection.pdf", pdfName);
            using (var read = UglyToad.PdfPig.PdfDocument.Open(pdf)) Assert.True(read.NumberOfPages >= 3, $"{read.NumberOfPages} page(s)");

            await page.GetByLabel("Un fichier ZIP (un PDF par élève)").CheckAsync();
            var (zipName, zip) = await Steps.DownloadAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Éditer les relevés sélectionnés" }), "item03-releves-selection");
            Assert.Equal("releves-notes-selection.zip", zipName);
            using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
            Assert.Equal(3, archive.Entries.Count);
            Assert.All(archive.Entries, e => Assert.Matches(@"^releve-notes-\d{11}-v\d+\.pdf$", e.Name));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Item03_BulkTranscripts_OpenASelectionScreen_GroupAndVersions_BeforeThePdf()
    {
        if (Steps.Query(host, "SELECT COUNT(*) FROM documents")[0][0] == "0") await TranscriptTests.PublishAsync(host, screenshots: false);
        var page = await host.SignedInPageAsync(School);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/activites/releves-notes-masse");
            var parameters = page.Locator("#onglet-parametres");
            await Assertions.Expect(parameters.GetByLabel("Groupe de décision")).ToBeVisibleAsync();
            var versions = parameters.GetByLabel("Versions", new() { Exact = false });
            await Assertions.Expect(versions).ToHaveValueAsync("derniere");
            await versions.SelectOptionAsync("toutes");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Critères de sélection" }).ClickAsync();
            await Assertions.Expect(page.Locator("#onglet-criteres")).ToContainTextAsync("État");
            await BrowserHost.ScreenshotAsync(page, "item03-releves-en-masse-selection");
            await LaunchAsync(page);
            var (name, bytes) = await DownloadFileAsync(page, "item03-releves-en-masse");
            Assert.EndsWith(".pdf", name);
            Assert.Contains("Relevé de notes", Pdf.Text(bytes));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
