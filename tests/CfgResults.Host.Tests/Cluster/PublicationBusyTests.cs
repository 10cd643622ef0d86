using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Running;
using CfgResults.Host.Tests.Api;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Cluster;

/// <summary>Issue 9, item 2, as a user meets it: API 409 with the French message, the page says it, the CLI exits with code 5.</summary>
public sealed class PublicationBusyTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    [Fact]
    public async Task ASecondPublicationOfTheSession_IsRefused_ByTheApi409_ThePage_AndTheCommandLine()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        // A publication recorded and not finished holds the session (no worker runs it here).
        var holder = await factory.Engine.Runner.PrepareAsync(new RunRequest("publication-releves", Caller.Manager("gestionnaire"), null,
            new Dictionary<string, string> { ["disponible_le"] = "01/07/2026 08:00" }, []));
        try
        {
            var response = await ApiWorld.PostJsonAsync(client, "/api/activites/publication-releves/editions",
                new { parametres = new Dictionary<string, string> { ["disponible_le"] = "01/07/2026 08:00" } }, await ApiWorld.TokenAsync(client));
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var error = body.GetProperty("erreurs")[0];
            Assert.Equal("API019", error.GetProperty("code").GetString());
            Assert.Contains($"est déjà en cours (édition {holder.Id})", error.GetProperty("message").GetString());

            var page = await Manager.ManagerHttp.PostFormAsync(client, "/activites/publication-releves", "/activites/publication-releves",
                [new(Pages.Activites.ActivityForm.ParameterPrefix + "disponible_le", "01/07/2026 08:00"), new(Pages.Activites.ActiviteModel.ConfirmPublicationField, "oui")]);
            Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
            Assert.Contains($"est déjà en cours (édition {holder.Id})", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));

            var stderr = new StringWriter();
            var code = await Cli.Cli.RunAsync(Cli.CliArgs.Parse(["--data", factory.DataDir, "run", "publication-releves", "--as", "gestionnaire",
                "--set", "disponible_le=01/07/2026 08:00"]), TextWriter.Null, stderr);
            Assert.Equal(Cli.ExitCodes.PublicationBusy, code);
            Assert.Contains($"est déjà en cours (édition {holder.Id})", stderr.ToString());
        }
        finally
        {
            await factory.Engine.Runs.RequestCancelAsync(holder.Id);
            await factory.Engine.Runner.ExecuteAsync(holder.Id, Caller.Manager("gestionnaire"));
        }
    }
}
