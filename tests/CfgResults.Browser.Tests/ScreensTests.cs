using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>Issue 13 (« What schools, managers and candidates meet on the screen »), one test per numbered item.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreensTests(BrowserHost host)
{
    const string School = "etab-0783546f";

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
            await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" }).ClickAsync();
            await Steps.WaitForRunFinishedAsync(page);
            var (_, bytes) = await Steps.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le fichier" }), "item01-liste-affichage-archive");
            var text = Pdf.Text(bytes);
            // The demo school's homonyms (one admitted, one refused) are told apart by their date of birth.
            Assert.True(System.Text.RegularExpressions.Regex.Matches(text, @", né\(e\) le \d\d/\d\d/\d{4} (Admis|Refusé)").Count >= 2, text);
            Assert.Contains("Refusé", text);
            Assert.Contains("Candidats non listés", text);
            Assert.Contains("Le chef de centre", text);

            // The list to pin up (the default) holds the admitted only.
            await page.GotoAsync(host.BaseUrl + "/activites/liste-affichage");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" }).ClickAsync();
            await Steps.WaitForRunFinishedAsync(page);
            var (_, pinned) = await Steps.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le fichier" }), "item01-liste-affichage-admis");
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
            await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" }).ClickAsync();
            await Steps.WaitForRunFinishedAsync(page);
            await BrowserHost.ScreenshotAsync(page, "item06-extraction-sans-identite-confirmee");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
