using CfgResults.Host.Security;

namespace CfgResults.Host.Tests.Auth;

public sealed class SecurityHeadersTests(AccountsHostFactory host) : IClassFixture<AccountsHostFactory>
{
    [Theory]
    [InlineData("/connexion")]
    [InlineData("/")]
    [InlineData("/css/site.css")]
    [InlineData("/nulle-part")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        var response = await host.NewClient().GetAsync(path);

        Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public void ContentSecurityPolicy_AllowsNoInlineScriptAndNoFraming()
    {
        Assert.Contains("default-src 'self'", SecurityHeadersMiddleware.ContentSecurityPolicy);
        Assert.Contains("script-src 'self';", SecurityHeadersMiddleware.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe-inline", SecurityHeadersMiddleware.ContentSecurityPolicy);
        Assert.Contains("frame-ancestors 'none'", SecurityHeadersMiddleware.ContentSecurityPolicy);
    }

    [Fact]
    public async Task Pages_AreNotCached_ButTheStylesheetMayBe()
    {
        var page = await host.NewClient().GetAsync("/connexion");
        var css = await host.NewClient().GetAsync("/css/site.css");

        Assert.True(page.Headers.CacheControl!.NoStore);
        Assert.False(css.Headers.CacheControl!.NoStore);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
    }
}
