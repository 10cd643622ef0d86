using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>Memo section 4: « Extraire les notes de mes élèves », and the message shown when its service is closed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExtractionTests(BrowserHost host)
{
    const string School = "etab-0783546f";
    const string Uai = "0783546F";

    [Fact]
    public async Task Extraction_DownloadsASortedSemicolonCsvWithBom_WithoutTheRedListedStudents()
    {
        // The memo's school has nobody on the liste rouge in the demo: one of its students is put there for this
        // test, so that « excluded by default » can be seen (and put back afterwards).
        var red = Steps.Query(host,
            """
            SELECT number, last_name, first_names FROM candidates
            WHERE registration_school = $uai AND state = 'Inscrit' AND red_list = 0
              AND number NOT IN (SELECT candidate_number FROM users WHERE candidate_number IS NOT NULL)
            ORDER BY number DESC LIMIT 1
            """, ("$uai", Uai)).Single();
        Assert.Equal(1, Steps.Execute(host, "UPDATE candidates SET red_list = 1 WHERE number = $n", ("$n", red[0])));
        var page = await host.SignedInPageAsync(School);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/");
            await Steps.OpenFromMenuAsync(page, "Résultats", "Extraire des notes");
            Assert.Equal(["Résultats", "Génération de documents", "Résultats de mes élèves", "Extraire des notes"], await Steps.BreadcrumbAsync(page));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Extraire des notes", Level = 1 })).ToBeVisibleAsync();

            var (rows, count) = await ExtractAsync(page, redList: null, screenshots: true);
            Assert.Equal(count, rows.Count);
            Assert.True(rows.Count >= 10, $"{rows.Count} lignes seulement");
            Assert.DoesNotContain(rows, r => r[0] == red[1] && r[1] == red[2]);
            // Sorted by name then first names, the French way (accents and case ignored first).
            var names = rows.Select(r => (r[0], r[1])).ToList();
            var sorted = names.OrderBy(n => n.Item1, Collation).ThenBy(n => n.Item2, Collation).ToList();
            Assert.Equal(sorted, names);
            // With « Nom et prénom » and « INE » ticked, every row has a name and first names.
            Assert.All(rows, r => { Assert.NotEqual("", r[0]); Assert.NotEqual("", r[1]); });

            // The same extraction with « Liste rouge est égal à Oui » gives exactly the student left out above.
            await page.GotoAsync(host.BaseUrl + "/activites/extraction-notes");
            var (redRows, redCount) = await ExtractAsync(page, redList: "Oui", screenshots: false);
            Assert.Equal(redCount, redRows.Count);
            Assert.Equal([(red[1], red[2])], redRows.Select(r => (r[0], r[1])));
        }
        finally
        {
            Steps.Execute(host, "UPDATE candidates SET red_list = 0 WHERE number = $n", ("$n", red[0]));
            await page.Context.CloseAsync();
        }
    }

    static readonly StringComparer Collation = StringComparer.Create(Steps.French, ignoreCase: true);

    /// <summary>Fills the form as the memo shows it, launches, waits, downloads; returns the data rows and the « Lignes » shown.</summary>
    async Task<(List<string[]> Rows, int Shown)> ExtractAsync(IPage page, string? redList, bool screenshots)
    {
        var parameters = page.Locator("#onglet-parametres");
        var group = parameters.GetByLabel("Groupe de décision");
        var groups = await group.Locator("option").AllInnerTextsAsync();
        Assert.Contains("CFG-78", groups);
        await group.SelectOptionAsync(new SelectOptionValue { Label = "CFG-78" });
        await Assertions.Expect(parameters.GetByRole(AriaRole.Group, new() { Name = "Intégrer les informations suivantes dans le fichier d'export ?" })).ToBeVisibleAsync();
        await parameters.GetByLabel("Nom et prénom du candidat").CheckAsync();
        await parameters.GetByLabel("INE", new() { Exact = true }).CheckAsync();
        if (screenshots) await BrowserHost.ScreenshotAsync(page, "10-extraction-parametres");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Critères de sélection" }).ClickAsync();
        var criteria = page.Locator("#onglet-criteres");
        await Assertions.Expect(criteria).ToBeVisibleAsync();
        await Assertions.Expect(parameters).ToBeHiddenAsync();
        // The memo's six criteria set by default and not modifiable: shown, disabled.
        foreach (var (label, value) in new[]
                 {
                     ("État", "Inscrit"), ("Mode de notation", "Saisie, Calculée"),
                     ("Établissement d'inscription", "CLG FRANCO ALLEMAND – BUC (0783546F)"), ("Position épreuve", "Inscrit, Bénéfice"),
                     ("Présomption de fraude", "Non"), ("Groupe de décision", "« Groupe de décision » choisi dans Paramètres"),
                 })
        {
            var locked = criteria.Locator(".criteria--locked").GetByLabel(label, new() { Exact = true });
            await Assertions.Expect(locked).ToBeDisabledAsync();
            await Assertions.Expect(locked).ToHaveValueAsync(value);
        }
        // « La présence sur liste rouge ==> Non », modifiable.
        var redListGroup = criteria.GetByRole(AriaRole.Group, new() { Name = "Liste rouge" });
        var redListValue = redListGroup.GetByLabel("Valeur");
        await Assertions.Expect(redListValue).ToBeEnabledAsync();
        await Assertions.Expect(redListValue.Locator("option:checked")).ToHaveTextAsync("Non");
        if (redList is not null) await redListValue.SelectOptionAsync(new SelectOptionValue { Label = redList });
        if (screenshots) await BrowserHost.ScreenshotAsync(page, "11-extraction-criteres");

        await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" }).ClickAsync();
        await Steps.WaitForRunFinishedAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Extraire des notes", Level = 1 })).ToBeVisibleAsync();
        if (screenshots) await BrowserHost.ScreenshotAsync(page, "12-extraction-terminee");
        var shown = int.Parse(await Steps.DetailAsync(page, "Lignes"), Steps.French);

        var (fileName, bytes) = await Steps.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le fichier" }), redList is null ? "extraction-notes" : "extraction-notes-liste-rouge-oui");
        Assert.Matches($"^notes-{Uai}-[A-Z0-9-]+-JUIN-20[0-9][0-9]\\.csv$", fileName);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var header = lines[0];
        Assert.StartsWith("Nom;Prénoms;INE;", header);
        Assert.EndsWith(";Résultat", header);
        Assert.DoesNotContain("Date de naissance", header);
        var columns = header.Split(';').Length;
        var rows = lines.Skip(1).Select(l => l.Split(';')).ToList();
        Assert.All(rows, r => Assert.Equal(columns, r.Length));
        Assert.All(rows, r => Assert.Matches(new Regex("^(Admis|Refusé|Ajourné|Absent|Réservé|)$"), r[^1]));
        return (rows, shown);
    }

    [Fact]
    public async Task ClosedExtractionWindow_ShowsTheMemoMessageInBold_InsteadOfTheForm()
    {
        var manager = await host.SignedInPageAsync("gestionnaire");
        var (opens, closes) = ("", "");
        await Steps.ThenRestoreAsync(async () =>
        {
            await manager.GotoAsync(host.BaseUrl + "/");
            await Steps.OpenFromMenuAsync(manager, "Gestion", "Fenêtres de service");
            var row = ExtractionRow(manager);
            await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("Ouverte");
            opens = (await row.Locator("td").Nth(1).InnerTextAsync()).Trim();
            closes = (await row.Locator("td").Nth(2).InnerTextAsync()).Trim();
            await BrowserHost.ScreenshotAsync(manager, "30-fenetres-ouvertes");

            await SetExtractionWindowAsync(manager, "01/07/2019 08:00", "14/07/2019 18:00", screenshot: "31-fenetre-extraction-modification");
            await Assertions.Expect(ExtractionRow(manager).Locator(".badge")).ToHaveTextAsync("Fermée");
            await BrowserHost.ScreenshotAsync(manager, "32-fenetre-extraction-fermee");

            var school = await host.SignedInPageAsync(School);
            try
            {
                await school.GotoAsync(host.BaseUrl + "/");
                await Steps.OpenFromMenuAsync(school, "Résultats", "Extraire des notes");
                Assert.Equal(["Résultats", "Génération de documents", "Résultats de mes élèves", "Extraire des notes"], await Steps.BreadcrumbAsync(school));
                var message = school.Locator("main strong", new() { HasTextString = "Service extraction" });
                await Assertions.Expect(message).ToHaveTextAsync("Service extraction des notes établissement ouvert du 01/07/2019 08:00 au 14/07/2019 18:00.");
                Assert.Equal("700", await message.EvaluateAsync<string>("e => getComputedStyle(e).fontWeight"));
                await Assertions.Expect(school.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" })).ToHaveCountAsync(0);
                await Assertions.Expect(school.GetByRole(AriaRole.Tab)).ToHaveCountAsync(0);
                await Assertions.Expect(school.Locator("form#formulaire")).ToHaveCountAsync(0);
                await BrowserHost.ScreenshotAsync(school, "33-extraction-service-ferme");
            }
            finally
            {
                await school.Context.CloseAsync();
            }
        },
        restore: async () =>
        {
            // Other tests need the service open: the window is given back its dates, through the same page.
            if (opens.Length > 0)
            {
                await manager.GotoAsync(host.BaseUrl + "/gestion/fenetres");
                await SetExtractionWindowAsync(manager, opens, closes, screenshot: null);
                await Assertions.Expect(ExtractionRow(manager).Locator(".badge")).ToHaveTextAsync("Ouverte");
            }
            await manager.Context.CloseAsync();
        });
    }

    static ILocator ExtractionRow(IPage page) =>
        page.Locator("table tbody tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Extraction des notes (établissements)" }) });

    static async Task SetExtractionWindowAsync(IPage page, string opens, string closes, string? screenshot)
    {
        await ExtractionRow(page).GetByRole(AriaRole.Link, new() { Name = "Modifier" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Modifier la fenêtre" })).ToBeVisibleAsync();
        await page.GetByLabel("Ouverture").FillAsync(opens);
        await page.GetByLabel("Fermeture").FillAsync(closes);
        if (screenshot is not null) await BrowserHost.ScreenshotAsync(page, screenshot);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les modifications" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert--success")).ToBeVisibleAsync();
        var row = ExtractionRow(page);
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(opens);
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync(closes);
    }
}
