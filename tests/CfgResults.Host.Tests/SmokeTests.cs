using Microsoft.AspNetCore.Mvc.Testing;

namespace CfgResults.Host.Tests;

public sealed class SmokeTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task HomePage_Answers()
    {
        var response = await factory.CreateClient().GetAsync("/");
        Assert.True(response.IsSuccessStatusCode);
    }
}
