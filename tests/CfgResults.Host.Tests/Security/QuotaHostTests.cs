using System.Net;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Running;
using CfgResults.Host.Tests.Api;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Security;

/// <summary>Issue 11, « No limits per school »: the limit reached is said clearly, and « Mes éditions » says how long files are kept.</summary>
[Collection(JobsHostCollection.Name)]
public sealed class QuotaHostTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    const string AccountsHostFactoryPassword = Auth.AccountsHostFactory.Password;

    [Fact]
    public async Task ASchoolAtItsLimit_GetsA429ProblemDocument_InFrench()
    {
        // A school of its own, whose runs are recorded but never executed: they stay « En attente ».
        await factory.SignedInAsync("gestionnaire");
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var session = (await factory.Engine.Sessions.LoadSessionAsync(code))!;
        var uai = session.Candidates.Select(c => c.RegistrationSchoolUai).Distinct().Order(StringComparer.Ordinal).Last();
        await factory.EnsureAccountAsync("etab-quota", CallerRole.School, uai: uai);
        var caller = Caller.School(uai, "etab-quota");
        for (var i = 0; i < RunQuotaOptions.Default.MaxActiveRunsPerSchool; i++)
            await factory.Engine.Runner.PrepareAsync(new RunRequest("releves-notes-masse", caller, null, new Dictionary<string, string>(), []));
        var client = await factory.SignedInAsync("etab-quota", AccountsHostFactoryPassword);

        using var response = await ApiWorld.PostJsonAsync(client, "/api/activites/releves-notes-masse/editions", new { }, await ApiWorld.TokenAsync(client));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("Votre établissement a déjà", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MesEditions_SaysUntilWhenAFileIsKept()
    {
        var client = await factory.SignedInAsync("etab-0783546f");
        var caller = Caller.School(DemoHostFactory.MemoSchool, "etab-0783546f");
        var run = await factory.Engine.Runner.RunAsync(new RunRequest("liste-resultats", caller, null, new Dictionary<string, string>(), []));
        Assert.Equal(RunState.Succeeded, run.State);

        var html = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/editions"));

        Assert.Contains("conservé jusqu'au ", html);
    }
}
