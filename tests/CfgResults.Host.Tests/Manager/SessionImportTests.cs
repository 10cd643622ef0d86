using System.Net;
using System.Text;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;
using CfgResults.Host.Pages.Gestion;
using CfgResults.Host.Tests.Support;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

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
        Assert.DoesNotContain("Elle remplace la session", text);
    }

    [Fact]
    public async Task Export_GivesTheSessionAsAZip_ThatImportsBackUnchanged_WithTheWindowsEditedHere()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        await ManagerHttp.FollowAsync(client, await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session.zip",
            ManagerHttp.Zip(Session("CFG-EXPORT"), "CFG-EXPORT")));
        var window = (await factory.Engine.Sessions.ListWindowsAsync("CFG-EXPORT"))[0];
        var edited = window.Window with { Opens = new DateTime(2031, 9, 1, 8, 0, 0), Closes = new DateTime(2031, 9, 15, 18, 0, 0) };
        Assert.True(await factory.Engine.Sessions.UpdateWindowAsync("CFG-EXPORT", window.Id, edited));
        Assert.Contains("/gestion/sessions/CFG-EXPORT/export", await client.GetStringAsync(Page));

        var response = await client.GetAsync("/gestion/sessions/CFG-EXPORT/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("session-CFG-EXPORT.zip", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var zip = await response.Content.ReadAsByteArrayAsync();
        using (var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip)))
            Assert.Equal(["candidats.csv", "epreuves.csv", "etablissements.csv", "fenetres.csv", "notes.csv", "session.csv"],
                archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.Single(await factory.Engine.Audit.ListAsync(new(Action: ExportModel.AuditAction, Target: "session:CFG-EXPORT")));

        // Imported back (as a manager would, after editing it): the same session, the edited window kept.
        var before = await factory.Engine.Sessions.LoadSessionAsync("CFG-EXPORT");
        var again = await ConfirmReplacementAsync(client, await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session-CFG-EXPORT.zip", zip));
        Assert.Contains("Elle remplace la session de même code", await ManagerHttp.FollowAsync(client, again));
        var after = await factory.Engine.Sessions.LoadSessionAsync("CFG-EXPORT");
        Assert.Equal(before!.Candidates, after!.Candidates);
        Assert.Equal(before.Grades, after.Grades);
        Assert.Contains(edited, after.Windows);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/gestion/sessions/INCONNUE/export")).StatusCode);
    }

    [Fact]
    public async Task Upload_OfASessionAlreadyImported_SaysItReplacesItAndItsWindows()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var zip = ManagerHttp.Zip(Session("CFG-REIMPORT"), "CFG-REIMPORT");
        await ManagerHttp.FollowAsync(client, await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session.zip", zip));

        var again = await ConfirmReplacementAsync(client, await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session.zip", zip));

        Assert.Contains("Elle remplace la session de même code : ses fenêtres de service sont désormais celles de l'archive ; les relevés déjà publiés sont conservés.",
            await ManagerHttp.FollowAsync(client, again));
    }

    /// <summary>The upload of a code already imported stops at the confirmation step; this confirms it.</summary>
    internal static async Task<HttpResponseMessage> ConfirmReplacementAsync(HttpClient client, HttpResponseMessage upload)
    {
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var html = await upload.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"" + SessionsModel.TokenField + "\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        Assert.NotEmpty(token);
        return await ManagerHttp.PostFormAsync(client, Page, Page + "?handler=Remplacer", [new(SessionsModel.TokenField, token)]);
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

/// <summary>
/// Uploads over the size limit, on a host whose limit is 1 Mo (request limit: 2 MiB with the rest of the form;
/// discard limit 4 MiB): the page comes back with its French message whichever way the size is found, nothing
/// is imported, and the token is still required for an upload within the limit.
/// </summary>
public sealed class SessionUploadLimitTests(SessionUploadLimitTests.SmallLimitHost factory) : IClassFixture<SessionUploadLimitTests.SmallLimitHost>
{
    const string Page = "/gestion/sessions";
    const string TooLarge = "Le fichier dépasse 1 Mo.";

    public sealed class SmallLimitHost : DemoHostFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("CfgResults:MaxSessionUploadMegabytes", "1");
        }
    }

    /// <summary>
    /// The same host on Kestrel (a real socket), with the server's own body limit: the client is still sending when
    /// the page is ready, and must receive it (the rest of the body, within the discard limit, is read and thrown away).
    /// </summary>
    public sealed class SmallLimitKestrelHost : DemoHostFactory
    {
        public SmallLimitKestrelHost() => UseKestrel(0);

        /// <summary>A client of the real address, keeping cookies and not following redirects.</summary>
        public override HttpClient NewClient()
        {
            StartServer();
            var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>().Addresses.First();
            return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = new Uri(address) };
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("CfgResults:MaxSessionUploadMegabytes", "1");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upload_OverTheRequestLimit_OnKestrel_GivesThePageBack(bool chunked)
    {
        await using var kestrel = new SmallLimitKestrelHost();
        var client = await kestrel.SignedInAsync("gestionnaire");
        var before = (await kestrel.Engine.Sessions.ListSessionsAsync()).Count;

        var response = await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "enorme.zip", Bytes(3 * 1024 * 1024 + 12345), chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertTooLargePage(await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await kestrel.Engine.Sessions.ListSessionsAsync()).Count);
    }

    static byte[] Bytes(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 7919 >> 3)).ToArray();

    async Task<List<string>> SessionsAsync() =>
        (await factory.Engine.Sessions.ListSessionsAsync()).Select(s => $"{s.Code} {s.CandidateCount} {s.ImportedAt:O}").ToList();

    static void AssertTooLargePage(string html)
    {
        var text = WebUtility.HtmlDecode(html);
        Assert.Matches($"<div class=\"alert alert--error\" role=\"alert\"[^>]*>\\s*<h2[^>]*>La session n'a pas été importée</h2>\\s*<p>Rien n'a été enregistré. </p>\\s*<ul>\\s*<li>{TooLarge}</li>", text);
        Assert.Contains("<title>Erreur — Sessions", text);
        Assert.Contains("Taille maximale : 1 Mo.", text);
    }

    [Theory]
    [InlineData(3, false)] // Content-Length over the limit: the form is not read, the rest is thrown away
    [InlineData(3, true)]  // no Content-Length: the form is cut at the limit, the rest is thrown away
    [InlineData(5, false)] // over the discard limit (4 MiB) too: answered without reading
    [InlineData(5, true)]  // reading stops at the discard limit
    public async Task Upload_OverTheRequestLimit_GivesThePageBack_WithTheFrenchMessage_AndImportsNothing(int mebibytes, bool chunked)
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var before = await SessionsAsync();
        var refusals = (await factory.Engine.Audit.ListAsync(new(Action: SessionsModel.AuditAction + ".refus"))).Count;

        var response = await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "enorme.zip", Bytes(mebibytes * 1024 * 1024), chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        AssertTooLargePage(await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await SessionsAsync());
        Assert.Equal(refusals, (await factory.Engine.Audit.ListAsync(new(Action: SessionsModel.AuditAction + ".refus"))).Count);
        // The session list is still shown under the message.
        Assert.Contains("Sessions importées", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Upload_OverTheArchiveLimit_ButWithinTheRequestLimit_GetsTheSameMessage()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var before = await SessionsAsync();

        var response = await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session.zip", Bytes(1024 * 1024 + 1));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertTooLargePage(await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await SessionsAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upload_WithinTheLimit_IsImported(bool chunked)
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var data = DemoSessionGenerator.Generate(new DemoOptions(Candidates: 40, Seed: 7, Now: DateTimeOffset.UtcNow));
        var code = chunked ? "CFG-LIMITE-FLUX" : "CFG-LIMITE-OK";
        var zip = ManagerHttp.Zip(data with { Session = data.Session with { Code = code } });
        Assert.True(zip.Length < 1024 * 1024);

        var response = await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session.zip", zip, chunked);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(await factory.Engine.Sessions.ListSessionsAsync(), s => s.Code == code);
    }

    [Fact]
    public async Task Upload_WithinTheLimit_WithoutAValidToken_IsRefused_AndImportsNothing()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var data = DemoSessionGenerator.Generate(new DemoOptions(Candidates: 40, Seed: 7, Now: DateTimeOffset.UtcNow));
        var zip = ManagerHttp.Zip(data with { Session = data.Session with { Code = "CFG-LIMITE-JETON" } });

        var response = await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session.zip", zip, token: "pas-un-jeton");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await factory.Engine.Sessions.ListSessionsAsync(), s => s.Code == "CFG-LIMITE-JETON");
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
