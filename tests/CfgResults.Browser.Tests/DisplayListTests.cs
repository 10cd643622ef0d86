using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>Memo section 5: « Editer des listes d'affichage », with the signature option.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DisplayListTests(BrowserHost host)
{
    [Fact]
    public async Task DisplayList_WithSignature_IsAPdfWithTheMemoHeadings_AndThePlaceAndDate()
    {
        var page = await host.SignedInPageAsync("etab-0783546f");
        try
        {
            await page.GotoAsync(host.BaseUrl + "/");
            await Steps.OpenFromMenuAsync(page, "Résultats", "Liste d'affichage des candidats");
            Assert.Equal(["Résultats", "Génération de documents", "Liste d'affichage des candidats"], await Steps.BreadcrumbAsync(page));
            var parameters = page.Locator("#onglet-parametres");
            var signature = parameters.GetByLabel("Signature en pied de page avec le lieu et la date");
            await Assertions.Expect(signature).Not.ToBeCheckedAsync();
            await signature.CheckAsync();
            // The place defaults to the school's town, the date to today (Paris).
            await Assertions.Expect(parameters.GetByLabel("Lieu de signature")).ToHaveValueAsync("BUC");
            var today = Steps.ParisDateTime(DateTimeOffset.UtcNow)[..10];
            await Assertions.Expect(parameters.GetByLabel("Date de signature")).ToHaveValueAsync(today);
            await BrowserHost.ScreenshotAsync(page, "20-liste-affichage-parametres");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Critères de sélection" }).ClickAsync();
            foreach (var label in new[] { "Liste rouge", "Présomption de fraude", "Session de remplacement" })
                await Assertions.Expect(page.Locator("#onglet-criteres .criteria--locked").GetByLabel(label, new() { Exact = true })).ToBeDisabledAsync();
            await BrowserHost.ScreenshotAsync(page, "21-liste-affichage-criteres");

            await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" }).ClickAsync();
            await Steps.WaitForRunFinishedAsync(page);
            await BrowserHost.ScreenshotAsync(page, "22-liste-affichage-terminee");
            var (fileName, bytes) = await Steps.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le fichier" }), "liste-affichage-signature");
            Assert.Equal("liste-affichage-0783546F.pdf", fileName);
            var text = Pdf.Text(bytes);
            var year = Steps.ParisDateTime(DateTimeOffset.UtcNow)[6..10];
            Assert.Contains($"CERTIFICAT DE FORMATION GÉNÉRALE - JUIN {year}", text);
            Assert.Contains("Résultats", text);
            Assert.Contains("Nom Prénom", text);
            Assert.Contains($"Fait à BUC, le {today}", text);
            // The memo's first student of the list, with his result.
            Assert.Contains("ANTHRACITE THOMAS", text);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
