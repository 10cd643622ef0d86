using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>The exam manager edits a definition: an error is shown at its line, the fixed version is published, the schools' menu follows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DefinitionEditorTests(BrowserHost host)
{
    const string OldTitle = "Liste des résultats de mes élèves";
    const string NewTitle = "Résultats de mes élèves par groupe";

    [Fact]
    public async Task UnknownStepKind_IsShownAtItsLine_AndTheFixedPublishedTitleReachesTheSchoolMenu()
    {
        var manager = await host.SignedInPageAsync("gestionnaire");
        string? original = null;
        await Steps.ThenRestoreAsync(async () =>
        {
            await manager.GotoAsync(host.BaseUrl + "/");
            await Steps.OpenFromMenuAsync(manager, "Gestion", "Définitions et gabarits");
            await Assertions.Expect(manager.GetByRole(AriaRole.Heading, new() { Name = "Définitions et gabarits", Level = 1 })).ToBeVisibleAsync();
            await BrowserHost.ScreenshotAsync(manager, "50-definitions-liste");
            await manager.GetByRole(AriaRole.Link, new() { Name = "liste-resultats", Exact = true }).ClickAsync();
            await Assertions.Expect(manager.GetByRole(AriaRole.Heading, new() { Name = "Définition « liste-resultats »", Level = 1 })).ToBeVisibleAsync();
            await BrowserHost.ScreenshotAsync(manager, "51-definition-version-en-vigueur");

            var editor = await EditableTextAsync(manager);
            original = await editor.InputValueAsync();
            var lines = original.Split('\n');
            var line = Array.FindIndex(lines, l => l.Contains("kind: shape.sort")) + 1;
            Assert.True(line > 1, "étape shape.sort introuvable");
            Assert.Contains($"title: {OldTitle}", original);

            // 1. An unknown step kind: saved as an invalid draft, the error cited with its line and column, at that line.
            await editor.FillAsync(original.Replace("kind: shape.sort", "kind: shape.melange"));
            await manager.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
            await Assertions.Expect(manager.Locator(".alert--warning")).ToContainTextAsync("invalide");
            var problem = manager.Locator("#texte-erreurs ol.problems li");
            await Assertions.Expect(problem).ToHaveCountAsync(1);
            var column = lines[line - 1].IndexOf("shape.sort", StringComparison.Ordinal) + 1;
            await Assertions.Expect(problem).ToHaveTextAsync(new Regex($@"^\s*definitions/liste-resultats\.yaml\({line},{column}\): error CFG012: .*shape\.melange"));
            var numbered = manager.Locator($"#ligne-{line}");
            await Assertions.Expect(numbered).ToHaveClassAsync(new Regex("is-error"));
            await Assertions.Expect(numbered).ToContainTextAsync("kind: shape.melange");
            await Assertions.Expect(numbered.Locator(".listing__problem")).ToContainTextAsync("CFG012");
            await Assertions.Expect(manager.Locator(".editor__gutter span.is-error")).ToHaveTextAsync(line.ToString());
            await Assertions.Expect(manager.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Publier") })).ToHaveCountAsync(0);
            await BrowserHost.ScreenshotAsync(manager, "52-definition-erreur-cfg012");

            // 2. Fixed, with a new title (and menu entry): validated, then published.
            var fixedText = original.Replace($"title: {OldTitle}", $"title: {NewTitle}")
                .Replace("Résultats de mes élèves, Liste des résultats]", $"Résultats de mes élèves, {NewTitle}]");
            Assert.Contains(NewTitle + "]", fixedText);
            await editor.FillAsync(fixedText);
            await manager.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
            await Assertions.Expect(manager.Locator(".alert--success")).ToContainTextAsync("validé");
            await Assertions.Expect(manager.Locator("#texte-erreurs")).ToContainTextAsync("Cette version se charge sans erreur.");
            await BrowserHost.ScreenshotAsync(manager, "53-definition-corrigee");
            await manager.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Publier la version n° ") }).ClickAsync();
            // Issue 13 item 8: a confirmation step before the version is in force.
            await Assertions.Expect(manager.Locator(".confirm-step")).ToContainTextAsync("Publier la version n°");
            await BrowserHost.ScreenshotAsync(manager, "item08-definition-confirmation");
            await manager.GetByRole(AriaRole.Button, new() { Name = "Confirmer la publication" }).ClickAsync();
            await Assertions.Expect(manager.Locator(".alert--success")).ToContainTextAsync("publiée");
            await BrowserHost.ScreenshotAsync(manager, "54-definition-publiee");

            var school = await host.SignedInPageAsync("etab-0783546f");
            try
            {
                await school.GotoAsync(host.BaseUrl + "/");
                var menu = school.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" });
                await menu.Locator("summary", new() { HasTextString = "Résultats" }).ClickAsync();
                await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = NewTitle })).ToBeVisibleAsync();
                await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Liste des résultats", Exact = true })).ToHaveCountAsync(0);
                await BrowserHost.ScreenshotAsync(school, "55-menu-etablissement-nouveau-titre");
                await menu.GetByRole(AriaRole.Link, new() { Name = NewTitle }).ClickAsync();
                await Assertions.Expect(school.GetByRole(AriaRole.Heading, new() { Name = NewTitle, Level = 1 })).ToBeVisibleAsync();
                Assert.Equal(["Résultats", "Génération de documents", "Résultats de mes élèves", NewTitle], await Steps.BreadcrumbAsync(school));
                await BrowserHost.ScreenshotAsync(school, "56-activite-nouveau-titre");
            }
            finally
            {
                await school.Context.CloseAsync();
            }
        },
        restore: async () =>
        {
            // Other tests meet the original definition: it is published again as a new version.
            if (original is not null)
            {
                await manager.GotoAsync(host.BaseUrl + "/gestion/definitions/definition/liste-resultats");
                await (await EditableTextAsync(manager)).FillAsync(original);
                await manager.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
                await manager.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Publier la version n° ") }).ClickAsync();
                await manager.GetByRole(AriaRole.Button, new() { Name = "Confirmer la publication" }).ClickAsync();
                await Assertions.Expect(manager.Locator(".alert--success")).ToContainTextAsync("publiée");
            }
            await manager.Context.CloseAsync();
        });
    }

    /// <summary>The editor's text box; a published version is read-only, so a draft is made from it first.</summary>
    static async Task<ILocator> EditableTextAsync(IPage page)
    {
        var text = page.Locator("textarea#Texte");
        await Assertions.Expect(text).ToBeVisibleAsync();
        if (!await text.IsEditableAsync())
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Créer un brouillon à partir de cette version" }).ClickAsync();
            await Assertions.Expect(text).ToBeEditableAsync();
        }
        return text;
    }
}
