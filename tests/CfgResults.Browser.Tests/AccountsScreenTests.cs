using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>Issue 13 item 8: the exam manager's accounts page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountsScreenTests(BrowserHost host)
{
    [Fact]
    public async Task Item08_Manager_CreatesAnAccount_SeesItsOneTimePasswordOnce_AndConfirmsBeforeDisablingIt()
    {
        var manager = await host.SignedInPageAsync("gestionnaire");
        try
        {
            await manager.GotoAsync(host.BaseUrl + "/gestion/comptes");
            await Assertions.Expect(manager.GetByRole(AriaRole.Heading, new() { Name = "Comptes", Exact = true })).ToBeVisibleAsync();
            await manager.GetByLabel("Identifiant", new() { Exact = true }).FillAsync("etab-ecran-comptes");
            await manager.GetByLabel("Rôle").SelectOptionAsync("etablissement");
            await manager.GetByLabel("UAI (établissement)").FillAsync("0783546F");
            await manager.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();
            await Assertions.Expect(manager.Locator("#mot-de-passe-provisoire")).ToContainTextAsync("n'est affiché qu'une fois");
            await Assertions.Expect(manager.Locator(".one-time-password")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Za-z2-9]{16}$"));
            await BrowserHost.ScreenshotAsync(manager, "item08-comptes-creation-mot-de-passe-provisoire");

            await manager.GetByRole(AriaRole.Button, new() { Name = "Désactiver : etab-ecran-comptes" }).ClickAsync();
            await Assertions.Expect(manager.Locator(".confirm-step")).ToContainTextAsync("Désactiver le compte « etab-ecran-comptes » ?");
            await BrowserHost.ScreenshotAsync(manager, "item08-comptes-confirmation-desactivation");
            await manager.GetByRole(AriaRole.Button, new() { Name = "Confirmer la désactivation" }).ClickAsync();
            await Assertions.Expect(manager.Locator(".alert--success")).ToContainTextAsync("est désactivé");
            await Assertions.Expect(manager.GetByRole(AriaRole.Button, new() { Name = "Réactiver : etab-ecran-comptes" })).ToBeVisibleAsync();
            await Assertions.Expect(manager.Locator(".one-time-password")).ToHaveCountAsync(0);
            await BrowserHost.ScreenshotAsync(manager, "item08-comptes-liste");
        }
        finally
        {
            await manager.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Item08_JobsDashboard_ShowsParisTimes_OnAComputerSetToAnotherTimeZone()
    {
        var manager = await host.SignedInPageAsync("gestionnaire", timezoneId: "America/New_York");
        try
        {
            await manager.GotoAsync(host.BaseUrl + "/hangfire");
            await Assertions.Expect(manager.Locator("html")).ToContainTextAsync("Tâches récurrentes");
            var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
            foreach (var instant in new[] { new DateTimeOffset(2026, 7, 14, 16, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 10, 7, 30, 0, TimeSpan.Zero) })
            {
                var shown = await manager.EvaluateAsync<string>($"moment({instant.ToUnixTimeSeconds()}, 'X').format('DD/MM/YYYY HH:mm')");
                Assert.Equal(TimeZoneInfo.ConvertTime(instant, paris).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture), shown);
            }
            await BrowserHost.ScreenshotAsync(manager, "item08-hangfire-heure-de-paris");
        }
        finally
        {
            await manager.Context.CloseAsync();
        }
    }
}
