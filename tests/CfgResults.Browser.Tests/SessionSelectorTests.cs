using System.Text.RegularExpressions;
using CfgResults.Engine.Demo;
using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>
/// Issue 10: the session selector on the extraction page and on the transcript search, with a later session imported
/// next to the demo's. Its own host (not the shared one), so that the other browser tests keep their single session.
/// </summary>
public sealed class SessionSelectorTests : IAsyncLifetime
{
    readonly BrowserHost host = new();
    string earlier = "", later = "";

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        var data = DemoSessionGenerator.Generate(new DemoOptions(120, 5, DateTimeOffset.UtcNow.AddYears(1)));
        later = data.Session.Code;
        var folder = Directory.CreateTempSubdirectory("cfgresults-browser-session-").FullName;
        Engine.Import.SessionFolderWriter.Write(data, folder);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.True(0 == await Host.Cli.Cli.RunAsync(Host.Cli.CliArgs.Parse(["--data", host.DataDir, "import", folder]), stdout, stderr), stderr.ToString());
        Directory.Delete(folder, true);
        earlier = $"CFG-{int.Parse(later[4..8], System.Globalization.CultureInfo.InvariantCulture) - 1}-06";
    }

    public Task DisposeAsync() => host.DisposeAsync();

    static string Year(string code) => code[4..8];

    [Fact]
    public async Task Selector_OnTheExtractionPage_AndTheTranscriptSearch_ShowsTheChosenSession_AndLinksKeepIt()
    {
        var page = await host.SignedInPageAsync("etab-0783546f");
        try
        {
            await page.GotoAsync(host.BaseUrl + "/activites/extraction-notes");
            var selector = page.GetByLabel("Session", new() { Exact = true });
            await Assertions.Expect(selector).ToHaveValueAsync(later); // the session in progress: the latest
            Assert.Equal([later, earlier], await selector.Locator("option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
            await selector.SelectOptionAsync(earlier);
            await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
            await page.WaitForURLAsync(new Regex($"session={earlier}"));
            await Assertions.Expect(page).ToHaveTitleAsync(new Regex($"^Extraire des notes — JUIN {Year(earlier)} — CfgResults$"));
            await Assertions.Expect(page.Locator(".breadcrumb__session")).ToHaveTextAsync($"Session JUIN {Year(earlier)} ({earlier})");
            await Assertions.Expect(page.GetByLabel("Session", new() { Exact = true })).ToHaveValueAsync(earlier);
            await BrowserHost.ScreenshotAsync(page, "80-session-extraction");
            // The menu's links keep the chosen session.
            Assert.Contains($"session={earlier}", await page.Locator("nav.main-nav a[href^='/releves']").First.GetAttributeAsync("href") ?? "");

            await page.GotoAsync($"{host.BaseUrl}/releves?session={earlier}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
            await page.WaitForURLAsync(new Regex($"recherche=1.*session={earlier}"));
            var first = page.Locator("table a[href^='/releves/']").First;
            Assert.Contains($"?session={earlier}", await first.GetAttributeAsync("href") ?? "");
            await BrowserHost.ScreenshotAsync(page, "81-session-recherche-releves");
            await first.ClickAsync();
            await page.WaitForURLAsync(new Regex($"/releves/[0-9]{{11}}\\?session={earlier}"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Liste des candidatures" })).ToBeVisibleAsync();

            // Back to the later session from the selector of the search.
            await page.GotoAsync($"{host.BaseUrl}/releves?session={earlier}");
            await page.GetByLabel("Session", new() { Exact = true }).SelectOptionAsync(later);
            await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
            await page.WaitForURLAsync(new Regex($"session={later}"));
            await Assertions.Expect(page.Locator(".breadcrumb__session")).ToContainTextAsync(later);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Selector_FitsA390PixelScreen_WithoutOverlap()
    {
        var page = await host.SignedInPageAsync("etab-0783546f", width: 390, height: 844);
        try
        {
            foreach (var (path, shot) in new[] { ("/activites/extraction-notes", "82-session-extraction-390"), ($"/releves?session={earlier}", "83-session-recherche-390") })
            {
                await page.GotoAsync(host.BaseUrl + path);
                await Assertions.Expect(page.GetByLabel("Session", new() { Exact = true })).ToBeVisibleAsync();
                await BrowserHost.ScreenshotAsync(page, shot);
                Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, $"{path} déborde en largeur");
                // Label, list, button, breadcrumb and heading: no two boxes overlap, and each fits the screen.
                var overlaps = await page.EvaluateAsync<string[]>("""
                    () => {
                        const els = [...document.querySelectorAll('.breadcrumb, .session-selector__label, .session-selector__select, .session-selector__button, main h1')];
                        const boxes = els.map(e => [e.className || e.tagName, e.getBoundingClientRect()]);
                        const out = [];
                        for (const [n, b] of boxes) if (b.left < 0 || b.right > 390) out.push(n + ' hors écran');
                        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                            const [a, ba] = boxes[i], [c, bc] = boxes[j];
                            if (ba.left < bc.right - 1 && bc.left < ba.right - 1 && ba.top < bc.bottom - 1 && bc.top < ba.bottom - 1) out.push(a + ' / ' + c);
                        }
                        return out;
                    }
                    """);
                Assert.True(overlaps.Length == 0, $"{path} : " + string.Join(" ; ", overlaps));
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
