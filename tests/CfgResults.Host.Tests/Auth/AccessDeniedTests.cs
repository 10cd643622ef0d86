using System.Net;
using CfgResults.Engine.Accounts;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CfgResults.Host.Tests.Auth;

/// <summary>
/// No page of this area is reserved to one role yet, so the test reserves the sign-out confirmation page
/// to managers through a Razor Pages convention, as the pages of other areas will do with the policies.
/// </summary>
public sealed class AccessDeniedTests : IAsyncLifetime
{
    readonly AccountsHostFactory _root = new();
    WebApplicationFactory<Program> _host = null!;

    public Task InitializeAsync()
    {
        _host = _root.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizePage("/Deconnexion", AuthPolicies.Manager))));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _root.DisposeAsync();
    }

    [Fact]
    public async Task WrongRole_IsSentToAccesRefuse_AndTheRefusalIsAudited()
    {
        var users = _host.Services.GetRequiredService<UserStore>();
        await users.AddAsync("etab-0783546f", AccountsHostFactory.Password, CallerRole.School, uai: "0783546F");
        var client = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await AccountsHostFactory.PostSignInAsync(client, "etab-0783546f", AccountsHostFactory.Password);

        var response = await client.GetAsync("/deconnexion");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/acces-refuse", response.Headers.Location!.AbsolutePath);
        var entry = Assert.Single(await _host.Services.GetRequiredService<AuditLog>().ListAsync(new AuditFilter(Action: AuditActions.AccessDenied)));
        Assert.Equal("etablissement:0783546F (etab-0783546f)", entry.Actor);
        Assert.Equal("/deconnexion", entry.Target);
    }
}
