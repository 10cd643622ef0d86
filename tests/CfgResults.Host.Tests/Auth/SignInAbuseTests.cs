using System.Net;
using CfgResults.Engine.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CfgResults.Host.Tests.Auth;

/// <summary>
/// A host on a given data folder (two of them on one folder are two hosts of one installation), whose requests may say
/// their client address in <c>X-Adresse-Test</c> (the in-process server has none), so that a stranger and an owner differ.
/// </summary>
public sealed class AddressedHostFactory(string dataDir) : WebApplicationFactory<Program>
{
    public const string AddressHeader = "X-Adresse-Test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("CfgResults:DataDir", dataDir);
        builder.UseSetting("CfgResults:Demo", "false");
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, AddressFilter>());
    }

    public UserStore Users => Services.GetRequiredService<UserStore>();

    public HttpClient NewClient(string address, bool handleCookies = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = handleCookies });
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    sealed class AddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers[AddressHeader].ToString() is { Length: > 0 } a) http.Connection.RemoteIpAddress = IPAddress.Parse(a);
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

/// <summary>
/// Issue 11, « Sign-in abuse »: five wrong passwords from anyone locked any account for 15 minutes; a disabled account
/// said so only to whoever had its password; the old cookie still worked after sign-out; a page form post with a valid
/// token and a foreign Origin was accepted (SECURITY.md rows 3 and 21).
/// </summary>
public sealed class SignInAbuseTests : IAsyncLifetime
{
    readonly string _data = Directory.CreateTempSubdirectory("cfgresults-abus-").FullName;
    AddressedHostFactory _first = null!, _second = null!;

    public async Task InitializeAsync()
    {
        _first = new AddressedHostFactory(_data);
        _second = new AddressedHostFactory(_data);
        foreach (var (login, role) in new[] { ("gestionnaire-abus", CallerRole.Manager), ("desactive", CallerRole.Manager), ("deux-hotes", CallerRole.Manager) })
            await _first.Users.AddAsync(login, AccountsHostFactory.Password, role);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        Directory.Delete(_data, true);
    }

    [Fact]
    public async Task AStranger_CannotLockAnAccount_ItsOwnerStillSignsIn()
    {
        var owner = _first.NewClient("198.51.100.7");
        Assert.Equal(HttpStatusCode.Redirect, (await AccountsHostFactory.PostSignInAsync(owner, "gestionnaire-abus", AccountsHostFactory.Password)).StatusCode);
        await PostSignOutAsync(owner);

        var stranger = _first.NewClient("203.0.113.9");
        var answers = new List<string>();
        for (var i = 0; i < 12; i++)
            answers.Add(await AccountsHostFactory.TextAsync(await AccountsHostFactory.PostSignInAsync(stranger, "gestionnaire-abus", "pas-le-bon-mot-de-passe")));
        Assert.Contains(answers, a => a.Contains("patientez"));
        Assert.DoesNotContain(answers, a => a.Contains("verrouillé"));

        var again = await AccountsHostFactory.PostSignInAsync(owner, "gestionnaire-abus", AccountsHostFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/", again.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ADisabledAccount_AnswersExactlyAsAWrongPassword()
    {
        await _first.Users.DisableAsync("desactive");

        var right = await AccountsHostFactory.TextAsync(await AccountsHostFactory.PostSignInAsync(_first.NewClient("192.0.2.10"), "desactive", AccountsHostFactory.Password));
        var wrong = await AccountsHostFactory.TextAsync(await AccountsHostFactory.PostSignInAsync(_first.NewClient("192.0.2.11"), "desactive", "pas-le-bon-mot-de-passe"));

        Assert.Contains(AccountMessages.SignInFailed, right);
        Assert.Contains(AccountMessages.SignInFailed, wrong);
        Assert.DoesNotContain("désactivé", right);
    }

    [Fact]
    public async Task TheOldCookie_IsRefused_AfterSignOut_OnASecondHost()
    {
        var client = _first.NewClient("192.0.2.20", handleCookies: false);
        var signIn = await PostSignInKeepingCookiesAsync(client, "deux-hotes");
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var onSecond = _second.NewClient("192.0.2.20", handleCookies: false);
        onSecond.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/")).StatusCode);

        // Signed out on the first host.
        var first = _first.NewClient("192.0.2.20", handleCookies: false);
        first.DefaultRequestHeaders.Add("Cookie", cookie);
        var page = await first.GetAsync("/deconnexion");
        var token = TokenOf(await page.Content.ReadAsStringAsync());
        var antiforgery = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).First(c => c.StartsWith(AccountsExtensionsNames.Antiforgery, StringComparison.Ordinal));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/deconnexion") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }) };
        post.Headers.Add("Cookie", cookie + "; " + antiforgery);
        post.Headers.Add(AddressedHostFactory.AddressHeader, "192.0.2.20");
        Assert.Equal(HttpStatusCode.Redirect, (await _first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(post)).StatusCode);

        var after = await onSecond.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/connexion", after.Headers.Location?.PathAndQuery ?? after.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AFormPost_WithAValidToken_FromAForeignOrigin_IsRefused()
    {
        await _first.Users.AddAsync("origine", AccountsHostFactory.Password, CallerRole.Manager);
        var client = _first.NewClient("192.0.2.30");
        await AccountsHostFactory.PostSignInAsync(client, "origine", AccountsHostFactory.Password);
        var token = await AccountsHostFactory.AntiforgeryTokenAsync(client, "/deconnexion");

        using var post = new HttpRequestMessage(HttpMethod.Post, "/deconnexion") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }) };
        post.Headers.Add("Origin", "http://evil.example");
        var refused = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Accès refusé", await AccountsHostFactory.TextAsync(refused));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode); // still signed in: nothing was done
    }

    static async Task PostSignOutAsync(HttpClient client)
    {
        var token = await AccountsHostFactory.AntiforgeryTokenAsync(client, "/deconnexion");
        await client.PostAsync("/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
    }

    /// <summary>Signs in with a client that does not keep cookies, passing them by hand, and returns the successful answer.</summary>
    static async Task<HttpResponseMessage> PostSignInKeepingCookiesAsync(HttpClient client, string login)
    {
        var page = await client.GetAsync("/connexion");
        var token = TokenOf(await page.Content.ReadAsStringAsync());
        var antiforgery = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).First();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/connexion")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Login"] = login, ["Password"] = AccountsHostFactory.Password, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    static string TokenOf(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
}

static class AccountsExtensionsNames
{
    public const string Antiforgery = CfgResults.Host.Auth.AccountsExtensions.AntiforgeryCookieName;
}
