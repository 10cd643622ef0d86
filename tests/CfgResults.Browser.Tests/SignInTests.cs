using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserHost host)
{
    [Fact]
    public async Task ASchool_SignsIn_AndSeesItsActivities()
    {
        var page = await host.SignedInPageAsync("etab-0783546f");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Extraire des notes" }).First).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(page, "01-accueil-etablissement");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AWrongPassword_ShowsAFrenchError()
    {
        var context = await host.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/connexion");
        await BrowserHost.ScreenshotAsync(page, "00-connexion");
        await page.GetByLabel("Identifiant").FillAsync("etab-0783546f");
        await page.GetByLabel("Mot de passe").FillAsync("mauvais-mot-de-passe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("incorrect");
        await context.CloseAsync();
    }
}
