namespace CfgResults.Host.Tests.Support;

public sealed class DemoHostSmokeTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    [Fact]
    public async Task DemoSchool_SeesItsActivitiesOnTheHomePage()
    {
        var client = await factory.SignedInAsync("etab-0783546f");
        var html = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains("Extraire des notes", html);
        Assert.Contains("/activites/extraction-notes", html);
        Assert.DoesNotContain("/activites/publication-releves", html);
    }
}
