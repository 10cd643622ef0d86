using System.Diagnostics;

namespace CfgResults.Browser.Tests;

/// <summary>
/// Makes Debian's Chromium present for the browser tests, as the PostgreSQL fixture starts its own server: on a fresh
/// machine of this image, `dotnet test CfgResults.sln` run as root installs it with apt-get (once per test process,
/// about a minute); as another user, the error says the one command to type.
/// </summary>
public static class ChromiumProvisioner
{
    static readonly SemaphoreSlim Once = new(1, 1);

    /// <summary>The apt-get commands run, in order, when Chromium is absent (update only when the install alone fails).</summary>
    public static readonly string[][] Install = [["install", "-y", "--no-install-recommends", "chromium"], ["update"]];

    public static async Task EnsureAsync(string chromiumPath, bool? asRoot = null, Func<string[], Task<int>>? aptGet = null)
    {
        if (File.Exists(chromiumPath)) return;
        asRoot ??= Environment.UserName == "root";
        aptGet ??= RunAptGetAsync;
        await Once.WaitAsync();
        try
        {
            if (File.Exists(chromiumPath)) return;
            if (asRoot != true)
                throw new InvalidOperationException($"Chromium absent ({chromiumPath}) : installez-le en root avec « apt-get install -y chromium » (les tests l'installent eux-mêmes quand ils tournent en root).");
            if (await aptGet(Install[0]) != 0)
            {
                // A fresh image may have no package lists yet.
                await aptGet(Install[1]);
                await aptGet(Install[0]);
            }
            if (!File.Exists(chromiumPath))
                throw new InvalidOperationException($"Chromium absent ({chromiumPath}) après « apt-get install -y chromium » : voir la sortie d'apt-get ci-dessus.");
        }
        finally
        {
            Once.Release();
        }
    }

    static async Task<int> RunAptGetAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("apt-get", arguments) { RedirectStandardOutput = false, RedirectStandardError = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("apt-get introuvable");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
