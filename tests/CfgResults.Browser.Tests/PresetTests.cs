using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>Issue 14 item 4, as a school's secretary does it: save the form as a « modèle d'édition », apply it, run, « Relancer ».</summary>
[Collection(BrowserCollection.Name)]
public sealed class PresetTests(BrowserHost host)
{
    [Fact]
    public async Task APresetSavedFromTheForm_IsAppliedLater_AndRelancerFillsTheFormFromThePastRun()
    {
        var page = await host.SignedInPageAsync("etab-0783546f");
        const string name = "Extraction du jury (navigateur)";
        try
        {
            await page.GotoAsync(host.BaseUrl + "/activites/extraction-notes");
            var parameters = page.Locator("#onglet-parametres");
            await parameters.GetByLabel("Groupe de décision").SelectOptionAsync(new SelectOptionValue { Label = "CFG-78" });
            await parameters.GetByLabel("Nom et prénom du candidat").CheckAsync();
            await parameters.GetByLabel("Format du fichier").SelectOptionAsync(new SelectOptionValue { Label = "xlsx" });
            await page.GetByLabel("Nom du modèle d'édition").FillAsync(name);
            await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer comme modèle" }).ClickAsync();
            await Assertions.Expect(page.GetByText($"Modèle « {name} » enregistré.")).ToBeVisibleAsync();
            await BrowserHost.ScreenshotAsync(page, "90-modele-enregistre");

            // A fresh form, then the preset applied from the bar.
            await page.GotoAsync(host.BaseUrl + "/activites/extraction-notes");
            await Assertions.Expect(parameters.GetByLabel("Nom et prénom du candidat")).Not.ToBeCheckedAsync();
            await page.GetByLabel("Modèle", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = name });
            await page.GetByRole(AriaRole.Button, new() { Name = "Appliquer le modèle" }).ClickAsync();
            await Assertions.Expect(page.GetByText($"Modèle « {name} » appliqué.")).ToBeVisibleAsync();
            await Assertions.Expect(parameters.GetByLabel("Nom et prénom du candidat")).ToBeCheckedAsync();
            await Assertions.Expect(parameters.GetByLabel("Format du fichier")).ToHaveValueAsync("xlsx");
            await Assertions.Expect(parameters.GetByLabel("Groupe de décision")).ToHaveValueAsync("CFG-78");
            await BrowserHost.ScreenshotAsync(page, "91-modele-applique");

            // Run it, then « Relancer » from the run's page: the same settings, for the current session.
            await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" }).ClickAsync();
            await Steps.WaitForRunFinishedAsync(page);
            var (fileName, bytes) = await Steps.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le fichier" }), "extraction-notes-modele");
            Assert.Matches(@"^notes-0783546F-CFG-\d+-[A-Z0-9-]+\.xlsx$", fileName);
            Assert.Equal("PK"u8.ToArray(), bytes[..2]);
            await page.GetByRole(AriaRole.Link, new() { Name = "Relancer avec ces réglages" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Réglages de l'édition du")).ToBeVisibleAsync();
            await Assertions.Expect(parameters.GetByLabel("Nom et prénom du candidat")).ToBeCheckedAsync();
            await Assertions.Expect(parameters.GetByLabel("INE", new() { Exact = true })).Not.ToBeCheckedAsync();
            await Assertions.Expect(parameters.GetByLabel("Format du fichier")).ToHaveValueAsync("xlsx");
            await BrowserHost.ScreenshotAsync(page, "92-relancer");

            // And from « Mes éditions ».
            await page.GotoAsync(host.BaseUrl + "/editions");
            await page.GetByRole(AriaRole.Link, new() { Name = "Relancer" }).First.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Extraire des notes", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Réglages de l'édition du")).ToBeVisibleAsync();
        }
        finally
        {
            // Leave the shared host as it was: the preset deleted through its own button.
            await page.GotoAsync(host.BaseUrl + "/activites/extraction-notes");
            if (await page.GetByLabel("Modèle", new() { Exact = true }).CountAsync() > 0)
            {
                await page.GetByLabel("Modèle", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = name });
                await page.GetByRole(AriaRole.Button, new() { Name = "Appliquer le modèle" }).ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = $"Supprimer le modèle « {name} »" }).ClickAsync();
                await Assertions.Expect(page.GetByText($"Modèle « {name} » supprimé.")).ToBeVisibleAsync();
            }
            await page.Context.CloseAsync();
        }
    }
}
