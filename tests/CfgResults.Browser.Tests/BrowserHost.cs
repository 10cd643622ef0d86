using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>
/// The real product as a person meets it: the host program started as a child process on 127.0.0.1 (demo
/// mode on a temporary SQLite store, 300 candidates), and Debian's Chromium driven by Playwright (no
/// browser download: the executable path is given). Screenshots go to artifacts/screenshots/.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    readonly string dataDir = Directory.CreateTempSubdirectory("cfgresults-browser-").FullName;
    Process? host;
    IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public string DataDir => dataDir;

    public static string ScreenshotDir
    {
        get
        {
            var dir = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public async Task InitializeAsync()
    {
        await ChromiumProvisioner.EnsureAsync(ChromiumPath);
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet", ["exec", typeof(Program).Assembly.Location, "--data", dataDir, "--urls", BaseUrl])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot(),
        };
        info.Environment["CfgResults__DemoCandidates"] = "300";
        host = Process.Start(info)!;
        host.OutputDataReceived += (_, _) => { };
        host.ErrorDataReceived += (_, _) => { };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(BaseUrl + "/connexion")).StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { }
            if (host.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException("l'hôte n'a pas démarré");
            await Task.Delay(300);
        }
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) signed in with a demo account.</summary>
    /// <param name="timezoneId">The browser's time zone (its computer's), e.g. <c>America/New_York</c>; the machine's when null.</param>
    public async Task<IPage> SignedInPageAsync(string login, string? password = null, int width = 1280, int height = 900, string? timezoneId = null)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "fr-FR", AcceptDownloads = true, TimezoneId = timezoneId });
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseUrl + "/connexion");
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByLabel("Identifiant").FillAsync(login);
            await page.GetByLabel("Mot de passe").FillAsync(password ?? login + "-demo");
            await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
            await page.WaitForFunctionAsync("() => !location.pathname.startsWith('/connexion') || document.body.innerText.includes('patientez')");
            // A wrong password tried by another test from this same address slows the next sign-in for a moment
            // (growing delays by client address): wait as the page asks, then sign in again.
            if (attempt < 5 && page.Url.Contains("/connexion"))
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                continue;
            }
            break;
        }
        await page.WaitForURLAsync(u => !u.Contains("/connexion"));
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        if (host is { HasExited: false })
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
        try { Directory.Delete(dataDir, true); } catch (IOException) { }
    }

    static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CfgResults.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("CfgResults.sln introuvable");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHost>
{
    public const string Name = "navigateur";
}
