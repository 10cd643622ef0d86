using CfgResults.Tests.Shared;

namespace CfgResults.Browser.Tests;

/// <summary>
/// Makes Debian's Chromium present for the browser tests, as the PostgreSQL fixture starts its own server: on a fresh
/// machine of this image, `dotnet test CfgResults.sln` run as root installs it with apt-get (once per test process,
/// about a minute); as another user, the error says the one command to type.
/// </summary>
public static class ChromiumProvisioner
{
    /// <summary>The apt-get commands run, in order, when Chromium is absent (update only when the install alone fails).</summary>
    public static readonly string[][] Install = DebianPackages.Install("chromium");

    public static Task EnsureAsync(string chromiumPath, bool? asRoot = null, Func<string[], Task<int>>? aptGet = null) =>
        DebianPackages.EnsureAsync(chromiumPath, "chromium", asRoot, aptGet);
}
