using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>
/// axe-core (WCAG 2.0 and 2.1, levels A and AA: labels, contrast, headings, landmarks, ARIA, lists, tables…) on every
/// kind of page each profile reaches, at laptop width and on a phone. Automated checks find part of what RGAA asks;
/// the keyboard and phone tests cover the rest that a browser can check.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserHost host)
{
    static readonly AxeRunOptions Wcag = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    async Task<List<string>> AuditAsync(IPage page, string path, Func<IPage, Task>? prepare = null)
    {
        var response = await page.GotoAsync(host.BaseUrl + path);
        // The page itself, not a sign-in redirect or an error page (except the one asked for).
        Assert.Equal(path.EndsWith("/inconnu", StringComparison.Ordinal) ? 404 : 200, response!.Status);
        if (!path.StartsWith("/connexion", StringComparison.Ordinal)) Assert.DoesNotContain("/connexion", page.Url);
        if (prepare is not null) await prepare(page);
        var result = await page.RunAxe(Wcag);
        // The rules did run (a wrong tag would check nothing and find nothing).
        Assert.Contains(result.Passes, p => p.Id == "html-has-lang");
        Assert.Contains(result.Passes, p => p.Id == "color-contrast");
        return result.Violations.SelectMany(v => v.Nodes.Select(n => $"{path} — {v.Id} ({v.Impact}) : {v.Help} — {n.Target} — {n.Html}")).ToList();
    }

    async Task<List<string>> AuditAllAsync(string? login, int width, params (string Path, Func<IPage, Task>? Prepare)[] pages)
    {
        IPage page;
        if (login is null)
        {
            var context = await host.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 }, Locale = "fr-FR" });
            page = await context.NewPageAsync();
        }
        else page = await host.SignedInPageAsync(login, width: width);
        try
        {
            var found = new List<string>();
            foreach (var (path, prepare) in pages) found.AddRange(await AuditAsync(page, path, prepare));
            return found;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    static Task ShowCriteria(IPage page) => page.GetByRole(AriaRole.Tab, new() { Name = "Critères de sélection" }).ClickAsync();

    static async Task OpenFirstStudent(IPage page) => await page.Locator("table a").First.ClickAsync();

    static void AssertNone(List<string> violations) =>
        Assert.True(violations.Count == 0, $"{violations.Count} écart(s) d'accessibilité :\n" + string.Join("\n", violations));

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task SignInAndSchoolPages_HaveNoWcagViolation(int width)
    {
        var found = await AuditAllAsync(null, width, ("/connexion", null));
        found.AddRange(await AuditAllAsync("etab-0783546f", width,
            ("/", null),
            ("/activites/extraction-notes", null),
            ("/activites/extraction-notes", ShowCriteria),
            ("/activites/liste-affichage", null),
            ("/activites/releves-notes-masse", null),
            ("/editions", null),
            ("/tableau", null),
            ("/releves", null),
            ("/releves?recherche=1&nom=vert", null),
            ("/releves?recherche=1&nom=vert", OpenFirstStudent),
            ("/releves/inconnu", null)));
        AssertNone(found);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task ManagerAndCandidatePages_HaveNoWcagViolation(int width)
    {
        var found = await AuditAllAsync("gestionnaire", width,
            ("/gestion", null),
            ("/gestion/sessions", null),
            ("/gestion/fenetres", null),
            ("/gestion/definitions", null),
            ("/gestion/definitions/definition/extraction-notes", null),
            ("/gestion/definitions/gabarit/releve-notes/releve.sbn", null),
            ("/gestion/publications", null),
            ("/gestion/audit", null),
            ("/tableau", null),
            ("/activites/publication-releves", null));
        var candidate = Steps.CandidateAccounts(host)[0];
        found.AddRange(await AuditAllAsync("cand-" + candidate, width, ("/candidat", null), ("/", null)));
        AssertNone(found);
    }
}
