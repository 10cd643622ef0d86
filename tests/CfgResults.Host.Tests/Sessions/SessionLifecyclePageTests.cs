using System.Net;
using CfgResults.Engine.Data;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Sessions;
using CfgResults.Host.Pages.Gestion;
using CfgResults.Host.Tests.Manager;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Sessions;

/// <summary>Issue 10, « Life cycle »: close, archive and purge from the manager's sessions page and the command line, each refused in the wrong state.</summary>
public sealed class SessionLifecyclePageTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    const string Page = "/gestion/sessions";

    async Task<string> ImportAsync(string code)
    {
        var data = DemoSessionGenerator.Generate(new DemoOptions(40, 9, DateTimeOffset.UtcNow));
        await factory.Engine.Lifecycle.ImportAsync(data with { Session = data.Session with { Code = code } }, replace: false, "test");
        return code;
    }

    async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await Host.Cli.Cli.RunAsync(Host.Cli.CliArgs.Parse(["--data", factory.DataDir, .. args]), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    static Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, params (string Name, string Value)[] fields) =>
        ManagerHttp.PostFormAsync(client, Page, $"{Page}?handler={handler}", fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [Fact]
    public async Task Manager_ClosesArchivesAndPurgesASession_OnThePage_EachRefusedInTheWrongState()
    {
        var code = await ImportAsync("CFG-CYCLE-PAGE");
        var client = await factory.SignedInAsync("gestionnaire");
        Assert.Contains("Clore<span class=\"visually-hidden\"> la session CFG-CYCLE-PAGE", await client.GetStringAsync(Page));

        var archiveOpen = await PostAsync(client, "Archiver", (SessionsModel.CodeField, code));
        Assert.Equal(HttpStatusCode.Conflict, archiveOpen.StatusCode);
        Assert.Contains("est ouverte : cette opération demande une session close", WebUtility.HtmlDecode(await archiveOpen.Content.ReadAsStringAsync()));
        var purgeOpen = await PostAsync(client, "Purger", (SessionsModel.CodeField, code), (SessionsModel.ConfirmField, code));
        Assert.Equal(HttpStatusCode.Conflict, purgeOpen.StatusCode);

        Assert.Contains($"La session {code} est close", WebUtility.HtmlDecode(await ManagerHttp.FollowAsync(client, await PostAsync(client, "Clore", (SessionsModel.CodeField, code)))));
        Assert.Equal(SessionStatus.Closed, await factory.Engine.Catalog.StatusAsync(code));
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, "Clore", (SessionsModel.CodeField, code))).StatusCode);
        await ManagerHttp.FollowAsync(client, await PostAsync(client, "Archiver", (SessionsModel.CodeField, code)));
        Assert.Equal(SessionStatus.Archived, await factory.Engine.Catalog.StatusAsync(code));

        var mistyped = await PostAsync(client, "Purger", (SessionsModel.CodeField, code), (SessionsModel.ConfirmField, "CFG-CYCLE"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mistyped.StatusCode);
        Assert.NotNull(await factory.Engine.Sessions.LoadContextAsync(code));

        var purged = WebUtility.HtmlDecode(await ManagerHttp.FollowAsync(client, await PostAsync(client, "Purger", (SessionsModel.CodeField, code), (SessionsModel.ConfirmField, code))));
        Assert.Contains($"La session {code} est purgée : 40 candidat(s)", purged);
        Assert.Contains("Sessions purgées", purged);
        Assert.Null(await factory.Engine.Sessions.LoadContextAsync(code));
        Assert.Contains(await factory.Engine.Audit.ListAsync(new(Action: SessionLifecycle.PurgeAction, Target: "session:" + code)), e => e.Actor == "gestionnaire");
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "Clore", (SessionsModel.CodeField, code))).StatusCode);
    }

    [Fact]
    public async Task SessionsPage_ProposesThePurge_OfASessionPastItsRetention()
    {
        // An earlier session whose successor (the demo session, publication open now) has proclaimed its results.
        var old = DemoSessionGenerator.Generate(new DemoOptions(40, 4, DateTimeOffset.UtcNow.AddYears(-1)));
        old = old with { Session = old.Session with { Code = "CFG-ANCIENNE" } };
        await factory.Engine.Lifecycle.ImportAsync(old, replace: false, "test");
        var client = await factory.SignedInAsync("gestionnaire");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(Page));

        var row = page[page.IndexOf("<th scope=\"row\">CFG-ANCIENNE</th>", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("Conservation dépassée", row);
        Assert.Contains("purge proposée", row);
        Assert.Contains("arrêté du 22 avril 2013, art. 6", row);
        Assert.Contains("Clore la session pour pouvoir la purger.", row);
        Assert.Contains("journaux d'accès et d'audit : 365 jours", page);
        Assert.NotNull(await factory.Engine.Sessions.LoadContextAsync("CFG-ANCIENNE")); // proposed, never done by itself
    }

    [Fact]
    public async Task Upload_OfAnExistingCode_StopsAtAConfirmationStep_ThatSaysWhatIsReplacedAndKept_AndCanBeCancelled()
    {
        var code = await ImportAsync("CFG-CONFIRMER");
        var data = (await factory.Engine.Sessions.LoadSessionAsync(code))!;
        var client = await factory.SignedInAsync("gestionnaire");

        var upload = await ManagerHttp.PostFileAsync(client, Page, Page, SessionsModel.FileField, "session.zip",
            ManagerHttp.Zip(data with { Candidates = data.Candidates.Skip(1).ToList(), Grades = data.Grades.Where(g => g.CandidateNumber != data.Candidates[0].Number).ToList() }));

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var html = WebUtility.HtmlDecode(await upload.Content.ReadAsStringAsync());
        Assert.Contains($"Remplacer la session {code} ?", html);
        Assert.Contains("remplace ses 40 candidat(s)", html);
        Assert.Contains("Sont conservés : les 0 relevé(s) de notes déjà publié(s), les éditions déjà faites, et les autres sessions", html);
        Assert.Equal(40, (await factory.Engine.Sessions.LoadSessionAsync(code))!.Candidates.Count); // nothing replaced yet
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"jeton\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        var cancelled = await ManagerHttp.FollowAsync(client, await PostAsync(client, "Annuler", (SessionsModel.TokenField, token)));
        Assert.Contains("Import annulé", WebUtility.HtmlDecode(cancelled));
        Assert.Equal(40, (await factory.Engine.Sessions.LoadSessionAsync(code))!.Candidates.Count);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, "Remplacer", (SessionsModel.TokenField, token))).StatusCode);
    }

    [Fact]
    public async Task CommandLine_ClosesArchivesAndPurges_WithItsRefusals()
    {
        var code = await ImportAsync("CFG-CYCLE-CLI");

        Assert.Equal(Host.Cli.ExitCodes.RefusedByGate, (await Cli("sessions", "archive", code)).Code);
        Assert.Equal(Host.Cli.ExitCodes.RefusedByGate, (await Cli("sessions", "purge", code, "--confirm", code)).Code);
        Assert.Equal(0, (await Cli("sessions", "close", code)).Code);
        var publish = await Cli("run", "publication-releves", "--as", "gestionnaire", "--session", code, "--set", "disponible_le=01/07/2026 08:00");
        Assert.Equal(Host.Cli.ExitCodes.InvalidInput, publish.Code);
        Assert.Contains("CFG062", publish.Err);
        Assert.Equal(0, (await Cli("sessions", "archive", code)).Code);
        var list = await Cli("sessions", "list");
        Assert.DoesNotContain(code, list.Out);
        Assert.Contains($"{code}\t", (await Cli("sessions", "list", "--archivees")).Out);
        var mistyped = await Cli("sessions", "purge", code);
        Assert.Equal(Host.Cli.ExitCodes.InvalidInput, mistyped.Code);
        Assert.Contains($"saisissez exactement son code « {code} »", mistyped.Err);
        var purged = await Cli("sessions", "purge", code, "--confirm", code);
        Assert.Equal(0, purged.Code);
        Assert.Contains($"Session {code} purgée : 40 candidat(s)", purged.Out);
        Assert.Contains($"{code}\t", (await Cli("sessions", "list")).Out); // the record of the purge
        Assert.Equal(Host.Cli.ExitCodes.InvalidInput, (await Cli("sessions", "close", code)).Code);
    }

    [Fact]
    public async Task CommandLine_Import_ReplacesAnExistingCode_OnlyWithReplace()
    {
        var code = await ImportAsync("CFG-REMPLACE-CLI");
        var data = (await factory.Engine.Sessions.LoadSessionAsync(code))!;
        var folder = Directory.CreateTempSubdirectory("cfgresults-replace-").FullName;
        Engine.Import.SessionFolderWriter.Write(data with { Candidates = data.Candidates.Skip(1).ToList(),
            Grades = data.Grades.Where(g => g.CandidateNumber != data.Candidates[0].Number).ToList() }, folder);

        var refused = await Cli("import", folder);
        Assert.Equal(Host.Cli.ExitCodes.InvalidInput, refused.Code);
        Assert.Contains($"La session {code} (", refused.Err);
        Assert.Contains("Sont conservés", refused.Err);
        Assert.Contains("--replace", refused.Err);
        Assert.Equal(40, (await factory.Engine.Sessions.LoadSessionAsync(code))!.Candidates.Count);
        var replaced = await Cli("import", folder, "--replace");
        Assert.Equal(0, replaced.Code);
        Assert.Equal(39, (await factory.Engine.Sessions.LoadSessionAsync(code))!.Candidates.Count);
        Directory.Delete(folder, true);
    }
}

/// <summary>The candidate's space and the school's list mark a version that a later one replaced.</summary>
public sealed class ReplacedVersionTests
{
    [Fact]
    public void AVersion_ThatALaterOneReplaced_SaysWhichAndWhen_TheLatestSaysNothing()
    {
        static Engine.Publishing.DocumentEntry Entry(long id, int version, DateTimeOffset generated) => new(new Engine.Publishing.DocumentVersion(id, "CFG-2026-06",
            "07826000001", Engine.Publishing.DocumentVersionStore.TranscriptKind, version, "h", "s", "p", 1, generated, generated, "Service Examens et Concours", "r"), true);
        var first = Entry(1, 1, new DateTimeOffset(2026, 6, 19, 8, 0, 0, TimeSpan.FromHours(2)));
        var second = Entry(2, 2, new DateTimeOffset(2026, 7, 2, 23, 30, 0, TimeSpan.FromHours(2)));
        var list = new Host.Pages.Releves.DocumentList([first, second], false);

        Assert.Equal("remplacée par la version n°2 du 02/07/2026", list.ReplacedBy(first));
        Assert.Null(list.ReplacedBy(second));
        Assert.Equal([2, 1], list.Ordered.Select(e => e.Version.Version));
    }
}
