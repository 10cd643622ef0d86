using CfgResults.Engine.Tests.Support;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Hosting;
using CfgResults.Host.Tests.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CfgResults.Host.Tests.Support;

/// <summary>
/// The real host in demo mode on a temporary SQLite store: a generated session of 300 candidates whose
/// service windows are open now, and the demo accounts (password `&lt;login&gt;-demo`). The memo's school
/// 0783546F has the account `etab-0783546f`. Use one per test class (IClassFixture); a subclass may add settings
/// by overriding <see cref="ConfigureWebHost"/> (calling this one first).
/// </summary>
public class DemoHostFactory : WebApplicationFactory<Program>
{
    public const string MemoSchool = "0783546F";
    readonly string _dataDir;
    readonly bool _ownsDataDir;

    public DemoHostFactory() : this(null) { }

    /// <summary>On a given data folder (kept on dispose), to restart "the same server" in a test.</summary>
    public static DemoHostFactory OnDataDir(string dataDir) => new(dataDir);

    DemoHostFactory(string? dataDir)
    {
        _ownsDataDir = dataDir is null;
        _dataDir = dataDir ?? Directory.CreateTempSubdirectory("cfgresults-host-demo-").FullName;
    }

    public string DataDir => _dataDir;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("CfgResults:DataDir", _dataDir);
        builder.UseSetting("CfgResults:Demo", "true");
        builder.UseSetting("CfgResults:DemoCandidates", "300");
    }

    public TestEngine Engine => new(Services);

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public virtual HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Signs in with a demo account (`gestionnaire`, `etab-0783546f`, `cand-…`) or one created by the test with <see cref="AccountsHostFactory.Password"/>.</summary>
    public async Task<HttpClient> SignedInAsync(string login, string? password = null)
    {
        StartServer(); // start the host (and its demo data) before the first request
        var client = NewClient();
        var response = await AccountsHostFactory.PostSignInAsync(client, login, password ?? login + "-demo");
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"connexion de {login} refusée : {(int)response.StatusCode}");
        return client;
    }

    /// <summary>Creates an account (password <see cref="AccountsHostFactory.Password"/>) unless it exists.</summary>
    public async Task EnsureAccountAsync(string login, CallerRole role, string? uai = null, string? candidateNumber = null)
    {
        StartServer();
        if (await Engine.Users.FindAsync(login) is null)
            await Engine.Users.AddAsync(login, AccountsHostFactory.Password, role, uai, candidateNumber);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsDataDir) return;
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
