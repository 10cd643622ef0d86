using CfgResults.Host.Tests.Auth;

namespace CfgResults.Host.Tests;

public sealed class SmokeTests(AccountsHostFactory factory) : IClassFixture<AccountsHostFactory>
{
    [Fact]
    public async Task SignInPage_Answers()
    {
        var response = await factory.CreateClient().GetAsync("/connexion");
        Assert.True(response.IsSuccessStatusCode);
    }
}
