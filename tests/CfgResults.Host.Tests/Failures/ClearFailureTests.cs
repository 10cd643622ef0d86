using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Host.Cli;
using CfgResults.Host.Tests.Auth;

namespace CfgResults.Host.Tests.Failures;

/// <summary>
/// Issue 11, « Unclear failures »: API 400s with an empty body, an English stack trace and exit 134 on a
/// corrupted store, an empty 404 shown by the browser as its own English page (SECURITY.md row 19–20).
/// </summary>
public sealed class ClearFailureTests(AccountsHostFactory factory) : IClassFixture<AccountsHostFactory>
{
    static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.NotEmpty(problem.GetProperty("erreurs").EnumerateArray());
        return problem;
    }

    [Fact]
    public async Task Api_MalformedRequests_AreFrenchProblemDocuments()
    {
        await factory.EnsureAccountAsync("gest-probleme", CallerRole.Manager);
        var client = await factory.SignedInClientAsync("gest-probleme");

        var paging = await ProblemAsync(await client.GetAsync("/api/eleves?page=abc"), HttpStatusCode.BadRequest);
        Assert.Contains("« page »", paging.GetProperty("detail").GetString());
        Assert.Equal("page", paging.GetProperty("erreurs")[0].GetProperty("champ").GetString());

        var token = JsonDocument.Parse(await client.GetStringAsync("/api/antiforgery")).RootElement.GetProperty("jeton").GetString()!;
        using var malformed = new HttpRequestMessage(HttpMethod.Post, "/api/activites/extraction-notes/editions")
        {
            Content = new StringContent("{\"parametres\": {", Encoding.UTF8, "application/json"),
        };
        malformed.Headers.Add(CfgResults.Host.Auth.AccountsExtensions.AntiforgeryHeaderName, token);
        var json = await ProblemAsync(await client.SendAsync(malformed), HttpStatusCode.BadRequest);
        Assert.Contains("JSON", json.GetProperty("detail").GetString());

        var unknown = await ProblemAsync(await client.GetAsync("/api/nulle-part"), HttpStatusCode.NotFound);
        Assert.Equal("Ressource introuvable", unknown.GetProperty("title").GetString());

        var anonymous = await ProblemAsync(await factory.NewClient().GetAsync("/api/editions"), HttpStatusCode.Unauthorized);
        Assert.Contains("Connectez-vous", anonymous.GetProperty("detail").GetString());

        // The API's own refusals keep their codes inside the problem document.
        var limit = await ProblemAsync(await client.GetAsync("/api/editions?limite=0"), HttpStatusCode.BadRequest);
        Assert.Equal("API007", limit.GetProperty("erreurs")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Page_UnknownUrl_IsAFrenchPageInTheLayout_WithAWayBack()
    {
        // Anonymous callers are sent to the sign-in page first (nothing is said about what exists).
        await factory.EnsureAccountAsync("gest-page-inconnue", CallerRole.Manager);
        var client = await factory.SignedInClientAsync("gest-page-inconnue");
        var response = await client.GetAsync("/cette-page-n-existe-pas");
        var html = await AccountsHostFactory.TextAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("Page introuvable", html);
        Assert.Contains("<a href=\"/\">Revenir à l'accueil</a>", html);
    }

    [Fact]
    public async Task Page_ForeignRun_IsTheFrench404Page()
    {
        await factory.EnsureAccountAsync("etab-probleme", CallerRole.School, uai: "0783546F");
        var client = await factory.SignedInClientAsync("etab-probleme");

        var response = await client.GetAsync($"/editions/{Guid.NewGuid():N}");
        var html = await AccountsHostFactory.TextAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page introuvable", html);
        Assert.Contains("Revenir à l'accueil", html);
    }

    static string CorruptedStore()
    {
        var data = Directory.CreateTempSubdirectory("cfgresults-corrompu-").FullName;
        var bytes = new byte[64 * 1024];
        new Random(11).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(data, "cfgresults.db"), bytes);
        return data;
    }

    [Theory]
    [InlineData("import", "dossier")]
    [InlineData("export", "CFG2026", "dossier")]
    [InlineData("demo", "--candidates", "10")]
    [InlineData("run", "extraction-notes", "--as", "gestionnaire")]
    [InlineData("documents", "--as", "gestionnaire")]
    [InlineData("users", "list")]
    public async Task CorruptedStore_EveryVerb_SaysOneFrenchSentenceNamingTheFile_AndExits5(params string[] verb)
    {
        var data = CorruptedStore();
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var code = await Cli.Cli.RunAsync(CliArgs.Parse(["--data", data, .. verb]), stdout, stderr);

        Assert.Equal(ExitCodes.StoreUnavailable, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Path.Combine(data, "cfgresults.db"), line);
        Assert.Contains("endommagé", line);
        Directory.Delete(data, true);
    }

    [Fact]
    public async Task CorruptedStore_Serve_SaysOneFrenchSentence_AndExits5_WithoutAStackTrace()
    {
        var data = CorruptedStore();
        var host = typeof(Program).Assembly.Location;
        using var child = Process.Start(new ProcessStartInfo("dotnet", ["exec", host, "--data", data, "serve", "--urls", "http://127.0.0.1:0"])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = child.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await child.WaitForExitAsync(cts.Token);

        Assert.Equal(ExitCodes.StoreUnavailable, child.ExitCode);
        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Path.Combine(data, "cfgresults.db"), line);
        Assert.DoesNotContain("   at ", await stdout + line);
        Directory.Delete(data, true);
    }

    [Fact]
    public async Task UnreachablePostgres_SaysOneFrenchSentenceNamingTheServer_AndExits5()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var code = await Cli.Cli.RunAsync(CliArgs.Parse(["--db", "Host=127.0.0.1;Port=1;Username=postgres;Database=absente;Timeout=3", "users", "list"]), stdout, stderr);

        Assert.Equal(ExitCodes.StoreUnavailable, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("127.0.0.1:1", line);
        Assert.Contains("injoignable", line);
    }
}
