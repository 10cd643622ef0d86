using System.Diagnostics;

namespace CfgResults.Tests.Shared;

/// <summary>
/// The Debian packages the tests read their results with (Chromium, poppler's pdftotext/pdfinfo, qpdf, nginx,
/// PostgreSQL, DejaVu fonts): on a fresh machine of this image, `dotnet test CfgResults.sln` run as root installs a
/// missing one with apt-get the first time a test needs it; as another user, the error names the one command to type.
/// </summary>
public static class DebianPackages
{
    static readonly SemaphoreSlim Once = new(1, 1);

    /// <summary>The apt-get commands run, in order, when a package is absent (update only when the install alone fails).</summary>
    public static string[][] Install(string package) => [["install", "-y", "--no-install-recommends", package], ["update"]];

    /// <summary>Makes <paramref name="path"/> exist by installing <paramref name="package"/> when it does not.</summary>
    public static async Task EnsureAsync(string path, string package, bool? asRoot = null, Func<string[], Task<int>>? aptGet = null)
    {
        if (File.Exists(path)) return;
        asRoot ??= Environment.UserName == "root";
        aptGet ??= RunAptGetAsync;
        await Once.WaitAsync();
        try
        {
            if (File.Exists(path)) return;
            if (asRoot != true)
                throw new InvalidOperationException($"{path} absent : installez-le en root avec « apt-get install -y {package} » (les tests l'installent eux-mêmes quand ils tournent en root).");
            var install = Install(package);
            Console.Error.WriteLine($"Tests : {path} absent, installation du paquet Debian « {package} » (apt-get install -y {package}).");
            if (await aptGet(install[0]) != 0)
            {
                // A fresh image may have no package lists yet.
                await aptGet(install[1]);
                await aptGet(install[0]);
            }
            if (!File.Exists(path))
                throw new InvalidOperationException($"{path} absent après « apt-get install -y {package} » : voir la sortie d'apt-get ci-dessus.");
        }
        finally
        {
            Once.Release();
        }
    }

    /// <summary>The same, for the synchronous helpers (PDF tools run from synchronous assertions).</summary>
    public static void Ensure(string path, string package)
    {
        if (File.Exists(path)) return;
        Task.Run(() => EnsureAsync(path, package)).GetAwaiter().GetResult();
    }

    /// <summary>Debian's tools the tests run, by the path they are run from.</summary>
    public static string Tool(string name)
    {
        var (path, package) = name switch
        {
            "pdftotext" or "pdfinfo" or "pdfimages" or "pdffonts" => ($"/usr/bin/{name}", "poppler-utils"),
            "qpdf" => ("/usr/bin/qpdf", "qpdf"),
            "nginx" => ("/usr/sbin/nginx", "nginx"),
            _ => throw new ArgumentException($"outil inconnu : {name}", nameof(name)),
        };
        Ensure(path, package);
        return path;
    }

    public const string DejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>The fonts every PDF of the product is set in.</summary>
    public static void EnsureFonts() => Ensure(DejaVuSans, "fonts-dejavu-core");

    static async Task<int> RunAptGetAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("apt-get", arguments) { RedirectStandardOutput = false, RedirectStandardError = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("apt-get introuvable");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
