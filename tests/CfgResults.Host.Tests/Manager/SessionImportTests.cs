using System.Net;
using System.Text;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;
using CfgResults.Host.Pages.Gestion;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Manager;

public sealed class SessionImportTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    const string Page = "/gestion/sessions";

    static SessionData Session(string code)
    {
        var data = DemoSessionGenerator.Generate(new DemoOptions(Candidates: 40, Seed: 7, Now: DateTimeOffset.UtcNow));
        return data with { Session = data.Session with { Code = code } };
    }

    [Fact]
    public async Task Upload_ImportsTheSession_AndAuditsIt_WhenTheZipHoldsAValidFolder()
    {
        var client = await factory.SignedInAsync("gestionnaire");

        var response = await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session.zip", ManagerHttp.Zip(Session("CFG-IMPORT-OK"), "CFG-IMPORT-OK"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var text = await ManagerHttp.FollowAsync(client, response);
        Assert.Contains("La session CFG-IMPORT-OK (JUIN", text);
        var imported = Assert.Single(await factory.Engine.Sessions.ListSessionsAsync(), s => s.Code == "CFG-IMPORT-OK");
        Assert.Equal(40, imported.CandidateCount);
        Assert.Contains(await factory.Engine.Audit.ListAsync(new(Action: SessionsModel.AuditAction, Target: "session:CFG-IMPORT-OK")), e => e.Actor == "gestionnaire");
    }

    [Fact]
    public async Task Upload_ListsFileLineAndColumn_AndImportsNothing_WhenAFileHasAnError()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var zip = ManagerHttp.Zip(Session("CFG-IMPORT-KO"), edit: folder =>
        {
            var path = Path.Combine(folder, "candidats.csv");
            var lines = File.ReadAllLines(path);
            var column = Array.IndexOf(lines[0].TrimStart('\uFEFF').Split(';'), "uai_inscription");
            var cells = lines[2].Split(';');
            cells[column] = "0783546X"; // wrong check letter
            lines[2] = string.Join(';', cells);
            File.WriteAllLines(path, lines, new UTF8Encoding(true));
        });

        var response = await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session.zip", zip);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("La session n'a pas été importée", text);
        Assert.Matches("<td>candidats.csv</td>\\s*<td class=\"num\">3</td>\\s*<td>uai_inscription</td>\\s*<td><code>0783546X</code></td>", html);
        Assert.DoesNotContain(await factory.Engine.Sessions.ListSessionsAsync(), s => s.Code == "CFG-IMPORT-KO");
    }

    [Theory]
    [InlineData("../session.csv")]
    [InlineData("/etc/session.csv")]
    [InlineData("dossier/../../session.csv")]
    [InlineData("a\\session.csv")]
    public async Task Upload_IsRefused_WhenAnEntryNameClimbsOutOrIsAbsolute(string entry)
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var before = (await factory.Engine.Sessions.ListSessionsAsync()).Count;

        var response = await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session.zip",
            ManagerHttp.ZipOf((entry, "code;domaine;libelle;intitule;academie\nCFG-EVIL;CFG;X;Y;Z\n")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("La session n'a pas été importée", text);
        Assert.Contains("interdit", text);
        Assert.Equal(before, (await factory.Engine.Sessions.ListSessionsAsync()).Count);
    }

    [Fact]
    public async Task Upload_IsRefused_WhenTheFileIsNotAZip()
    {
        var client = await factory.SignedInAsync("gestionnaire");

        var response = await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session.zip", Encoding.UTF8.GetBytes("pas un zip"));

        Assert.Contains("n'est pas une archive .zip lisible", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}

/// <summary>The archive checks on their own (no host): what reaches the disk, and the size bounds.</summary>
public sealed class SessionZipTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cfgresults-sessionzip-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Extract_RefusesAnArchive_WhoseInflatedSizeExceedsTheCap()
    {
        // 1 MB of zeros compresses to about 1 KB: the cap is on the inflated bytes, not the upload.
        var zip = ManagerHttp.ZipOf(("notes.csv", new string('0', 1_000_000)));
        Assert.True(zip.Length < 10_000);

        var errors = SessionZip.Extract(new MemoryStream(zip), _folder, maxUncompressedBytes: 100_000);

        Assert.Contains(errors, e => e.Contains("décompressée"));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Extract_RefusesUnknownNames_AndFilesSpreadOverTwoFolders()
    {
        var zip = ManagerHttp.ZipOf(("a/session.csv", "x"), ("b/notes.csv", "y"), ("a/script.sh", "z"));

        var errors = SessionZip.Extract(new MemoryStream(zip), _folder);

        Assert.Contains(errors, e => e.Contains("script.sh") && e.Contains("fichier inattendu"));
        Assert.Contains(errors, e => e.Contains("même dossier"));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Extract_WritesTheKnownFiles_UnderTheirOwnNamesOnly()
    {
        var zip = ManagerHttp.ZipOf(("JUIN 2026/session.csv", "s"), ("JUIN 2026/notes.csv", "n"));

        var errors = SessionZip.Extract(new MemoryStream(zip), _folder);

        Assert.Empty(errors);
        Assert.Equal(["notes.csv", "session.csv"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
