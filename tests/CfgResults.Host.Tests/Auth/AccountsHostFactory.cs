using System.Net;
using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CfgResults.Host.Tests.Auth;

/// <summary>
/// The real host, configured only through settings (a temporary <c>CfgResults:DataDir</c>), so that it keeps
/// working whatever Program.cs becomes. Accounts are created through the host's own <see cref="UserStore"/>.
/// </summary>
public sealed partial class AccountsHostFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct-cheval-agrafe";
    readonly string _dataDir = Directory.CreateTempSubdirectory("cfgresults-host-auth-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("CfgResults:DataDir", _dataDir);
        builder.UseSetting("CfgResults:Demo", "false");
    }

    public UserStore Users => Services.GetRequiredService<UserStore>();
    public AuditLog Audit => Services.GetRequiredService<AuditLog>();

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see them.</summary>
    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Creates the account unless it exists; each test uses its own login so tests stay independent.</summary>
    public async Task EnsureAccountAsync(string login, CallerRole role, string? uai = null, string? candidateNumber = null)
    {
        if (await Users.FindAsync(login) is null)
            await Users.AddAsync(login, Password, role, uai, candidateNumber);
    }

    /// <summary>GETs the page and reads the antiforgery token from its form (the client keeps the paired cookie).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenInput().Match(html);
        Assert.True(match.Success, $"pas de jeton antiforgery dans {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The body with HTML character references decoded, so tests assert on the French text a person reads.</summary>
    public static async Task<string> TextAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string login, string password, string? returnUrl = null)
    {
        var token = await AntiforgeryTokenAsync(client, "/connexion");
        var form = new Dictionary<string, string> { ["Login"] = login, ["Password"] = password, ["__RequestVerificationToken"] = token };
        if (returnUrl is not null) form["ReturnUrl"] = returnUrl;
        return await client.PostAsync("/connexion", new FormUrlEncodedContent(form));
    }

    public async Task<HttpClient> SignedInClientAsync(string login)
    {
        var client = NewClient();
        var response = await PostSignInAsync(client, login, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDataDir();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) DeleteDataDir();
    }

    void DeleteDataDir()
    {
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }
}
