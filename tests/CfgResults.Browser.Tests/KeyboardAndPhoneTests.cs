using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>Without a mouse, and on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardAndPhoneTests(BrowserHost host)
{
    [Fact]
    public async Task Keyboard_FirstTabReachesTheSkipLink_AndTheSignInFormSubmitsWithEnter()
    {
        var context = await host.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "fr-FR" });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(host.BaseUrl + "/connexion");
            var skip = page.GetByRole(AriaRole.Link, new() { Name = "Aller au contenu" });
            await Assertions.Expect(skip).Not.ToBeInViewportAsync(); // off-screen until focused
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(skip).ToBeFocusedAsync();
            await Assertions.Expect(skip).ToBeInViewportAsync(); // visible when focused
            await BrowserHost.ScreenshotAsync(page, "70-clavier-lien-d-evitement");

            // The skip link leads into the main content: the next Tab stops inside <main>.
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("main#contenu")).ToBeFocusedAsync();

            // Tab until the login field, type, Tab, type, Enter: signed in.
            var login = page.GetByLabel("Identifiant");
            for (var i = 0; i < 15 && !await login.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
                await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(login).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("etab-0783546f");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByLabel("Mot de passe")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("etab-0783546f-demo");
            await BrowserHost.ScreenshotAsync(page, "71-clavier-connexion-remplie");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(u => !u.Contains("/connexion"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bonjour CLG FRANCO ALLEMAND - BUC", Level = 1 })).ToBeVisibleAsync();
            await BrowserHost.ScreenshotAsync(page, "72-clavier-accueil");
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task Phone_ActivityPageFitsA390PixelScreen()
    {
        var page = await host.SignedInPageAsync("etab-0783546f", width: 390, height: 844);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/activites/extraction-notes");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Extraire des notes", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" })).ToBeVisibleAsync();
            await BrowserHost.ScreenshotAsync(page, "73-activite-telephone-390");
            // The content keeps its breathing space under the menu and the header its own (not eaten by the phone layout).
            var headerBottom = await page.Locator("header.site-header").EvaluateAsync<double>("e => e.getBoundingClientRect().bottom");
            var breadcrumbTop = await page.Locator("nav.breadcrumb").EvaluateAsync<double>("e => e.getBoundingClientRect().top");
            Assert.True(breadcrumbTop - headerBottom >= 16, $"fil d'Ariane collé au menu ({breadcrumbTop - headerBottom:0} px)");
            Assert.True(await page.Locator(".site-header__body").EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).paddingTop)") >= 8,
                "en-tête sans marge haute");
            // Nothing wider than the screen: no sideways scrolling.
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "la page déborde en largeur");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Critères de sélection" }).ClickAsync();
            await BrowserHost.ScreenshotAsync(page, "74-activite-telephone-390-criteres");
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "l'onglet des critères déborde en largeur");
            // A long locked value (the school's name) wraps on the phone instead of being cut.
            var cut = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.criterion__locked-value')]
                    .filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map(e => e.value)
                """);
            Assert.True(cut.Length == 0, "valeurs coupées : " + string.Join(" | ", cut));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
