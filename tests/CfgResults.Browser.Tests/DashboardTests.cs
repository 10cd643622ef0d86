using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>Issue 14 item 5: the results dashboard, opened from the menu, at 1280 px and on a 390 px phone, for both roles.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserHost host)
{
    [Theory]
    [InlineData("gestionnaire", 1280)]
    [InlineData("gestionnaire", 390)]
    [InlineData("etab-0783546f", 1280)]
    [InlineData("etab-0783546f", 390)]
    public async Task Dashboard_OpensFromTheMenu_ShowsChartsAndTables_WithoutOverlap(string login, int width)
    {
        var page = await host.SignedInPageAsync(login, width: width, height: width > 500 ? 900 : 844);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/");
            if (width > 500)
                await Steps.OpenFromMenuAsync(page, "Résultats", "Tableau de bord des résultats");
            else
                await page.GotoAsync(host.BaseUrl + "/tableau");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord des résultats", Level = 1 })).ToBeVisibleAsync();
            var charts = page.Locator("figure.dashboard__chart img");
            Assert.True(await charts.CountAsync() >= 3, "graphiques manquants");
            // Every chart image has loaded (a broken SVG has no natural width) and is followed by its table.
            Assert.True(await page.EvaluateAsync<bool>("""
                () => [...document.querySelectorAll('figure.dashboard__chart img')].every(i => i.complete && i.naturalWidth > 0
                    && i.closest('section').querySelector('figure ~ .table-wrapper table caption') !== null)
                """), "un graphique ne s'affiche pas ou n'est pas suivi de son tableau");
            await BrowserHost.ScreenshotAsync(page, $"80-tableau-{(login == "gestionnaire" ? "gestionnaire" : "etablissement")}-{width}");

            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width, "la page déborde en largeur");
            // No two blocks of a section, nor two key figures, overlap one another.
            var overlaps = await page.EvaluateAsync<string[]>("""
                () => {
                  const groups = [...document.querySelectorAll('main section')].map(s => [...s.children])
                    .concat([[...document.querySelectorAll('.dashboard__keys > div')], [...document.querySelector('.dashboard__session').children]]);
                  const found = [];
                  for (const g of groups)
                    for (let i = 0; i < g.length; i++)
                      for (let j = i + 1; j < g.length; j++) {
                        const a = g[i].getBoundingClientRect(), b = g[j].getBoundingClientRect();
                        if (a.width && b.width && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
                          found.push(`${g[i].tagName}.${g[i].className} / ${g[j].tagName}.${g[j].className}`);
                      }
                  return found;
                }
                """);
            Assert.True(overlaps.Length == 0, "blocs superposés : " + string.Join(" | ", overlaps));
            var imageTooWide = await page.EvaluateAsync<bool>($"() => [...document.querySelectorAll('figure.dashboard__chart img')].some(i => i.getBoundingClientRect().right > {width})");
            Assert.False(imageTooWide, "un graphique dépasse l'écran");
            // On a phone a table row becomes a card: each figure says what it is (data-label), never a bare number.
            Assert.Equal(0, await page.Locator("main .table td:not([data-label])").CountAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
