using System.Text;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Sessions;

namespace CfgResults.Engine.Tests.Sessions;

/// <summary>
/// Issue 10, « Sessions are independent »: a session's every output is the same whether or not another session is in
/// the store, and importing, re-importing or purging one session never changes another's rows, runs or documents.
/// </summary>
public sealed class SessionIndependenceTests
{
    static readonly Dictionary<string, string> Flags = new()
    {
        ["inclure_nom"] = "O", ["inclure_identifiant"] = "O", ["inclure_ine"] = "O", ["inclure_date_naissance"] = "O",
    };

    /// <summary>
    /// Every activity, search and document listing of one session, as files: name → bytes. A list rendered by a run
    /// (display list, results list, bulk transcripts) carries its run id as PDF file identifier, which no two runs
    /// share: those are kept as their length and the text read back; everything else (CSV, each transcript, the
    /// listing) as its bytes.
    /// </summary>
    static async Task<SortedDictionary<string, byte[]>> OutputsAsync(SessionsHarness h, string session)
    {
        var outputs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var school = SessionsHarness.School();
        var context = (await h.Engine.Sessions.LoadContextAsync(session, school.Uai))!;
        foreach (var group in context.DecisionGroups)
        {
            var run = await h.RunOkAsync("extraction-notes", school, session, new(Flags) { ["groupe_decision"] = group });
            outputs[$"extraction-{group}.csv"] = await h.BytesAsync(run.Output!.Sha256);
        }
        outputs["liste-resultats.pdf"] = RunPdf(await h.BytesAsync((await h.RunOkAsync("liste-resultats", school, session)).Output!.Sha256));
        outputs["liste-affichage.pdf"] = RunPdf(await h.BytesAsync((await h.RunOkAsync("liste-affichage", school, session, new() { ["date"] = "20/06/2026" })).Output!.Sha256));
        await h.RunOkAsync("publication-releves", SessionsHarness.Manager(), session, new() { ["disponible_le"] = "20/06/2026 08:00" });
        outputs["releves-masse.pdf"] = RunPdf(await h.BytesAsync((await h.RunOkAsync("releves-notes-masse", school, session)).Output!.Sha256));

        var search = await h.Engine.Search.SearchAsync(school, session, [], 1, 500);
        var listing = new StringBuilder(search.Caption).AppendLine();
        foreach (var c in search.Items)
        {
            listing.AppendLine($"{c.Number};{c.Registration};{c.LastName};{c.FirstNames};{c.BirthDate:dd/MM/yyyy}");
            foreach (var d in await h.Engine.DocumentAccess.ListAsync(school, session, c.Number))
            {
                listing.AppendLine($"  {d.Title};{d.AvailabilityText}");
                outputs[$"releve-{c.Number}-v{d.Version.Version}.pdf"] = await h.BytesAsync(d.Version.FileSha256);
            }
        }
        outputs["recherche-et-documents.txt"] = Encoding.UTF8.GetBytes(listing.ToString());
        return outputs;
    }

    static byte[] RunPdf(byte[] pdf) => Encoding.UTF8.GetBytes(
        $"{pdf.Length} octets\n" + string.Join("\n--- page ---\n", Support.Pdf.Lines(pdf).Select(page => string.Join("\n", page))));

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task EachSession_GivesByteIdenticalOutputs_WhetherTheOtherSessionIsInTheStoreOrNot(SqlDialect dialect)
    {
        var june2026 = SessionsHarness.June2026();
        var june2027 = SessionsHarness.June2027();
        await using var alone2026 = await SessionsHarness.OpenAsync(dialect);
        await using var alone2027 = await SessionsHarness.OpenAsync(dialect);
        await using var both = await SessionsHarness.OpenAsync(dialect);
        await alone2026.ImportAsync(june2026);
        await alone2027.ImportAsync(june2027);
        await both.ImportAsync(june2026);
        await both.ImportAsync(june2027); // imported one after the other

        foreach (var (alone, code) in new[] { (alone2026, june2026.Session.Code), (alone2027, june2027.Session.Code) })
        {
            var expected = await OutputsAsync(alone, code);
            var actual = await OutputsAsync(both, code);
            Assert.True(expected.Count > 5, $"{code} : {expected.Count} sorties seulement");
            Assert.Equal(expected.Keys, actual.Keys);
            foreach (var (name, bytes) in expected)
                Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{code} {name} : les octets diffèrent avec les deux sessions dans la base");
        }
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task ReimportingThenPurgingOneSession_LeavesTheOtherSessionsRowsRunsAndDocumentsUnchanged(SqlDialect dialect)
    {
        await using var h = await SessionsHarness.OpenAsync(dialect);
        var june2026 = SessionsHarness.June2026();
        var june2027 = SessionsHarness.June2027();
        await h.ImportAsync(june2026);
        await h.ImportAsync(june2027);
        var code2027 = june2027.Session.Code;
        var before = await OutputsAsync(h, code2027);
        var rows = await h.Engine.Sessions.LoadSessionAsync(code2027);
        var runs = (await h.Engine.Runs.ListAsync(1000)).Where(r => r.SessionCode == code2027).Select(r => (r.Id, r.State, r.Output?.Sha256)).ToList();
        var windows = await h.Engine.Sessions.ListWindowsAsync(code2027);
        var documents = await h.Engine.Documents.CountVersionsAsync(code2027);

        // Re-import 2026 with one candidate fewer and other windows, publish in it, then close and purge it.
        await h.ImportAsync(june2026 with { Candidates = june2026.Candidates.Skip(1).ToList(), Windows = [june2026.Windows[0]] }, replace: true);
        await h.RunOkAsync("publication-releves", SessionsHarness.Manager(), june2026.Session.Code, new() { ["disponible_le"] = "20/06/2026 08:00" });
        await h.Engine.Lifecycle.CloseAsync(june2026.Session.Code, "test");
        await h.Engine.Lifecycle.PurgeAsync(june2026.Session.Code, june2026.Session.Code, "test");

        var after = await h.Engine.Sessions.LoadSessionAsync(code2027);
        Assert.Equal(rows!.Session, after!.Session);
        Assert.Equal(rows.Schools, after.Schools);
        Assert.Equal(rows.Candidates, after.Candidates);
        Assert.Equal(rows.Grades, after.Grades);
        Assert.Equal(rows.Windows, after.Windows);
        Assert.Equal(windows, await h.Engine.Sessions.ListWindowsAsync(code2027));
        Assert.Equal(runs, (await h.Engine.Runs.ListAsync(1000)).Where(r => r.SessionCode == code2027).Select(r => (r.Id, r.State, r.Output?.Sha256)).ToList());
        Assert.Equal(documents, await h.Engine.Documents.CountVersionsAsync(code2027));
        foreach (var run in (await h.Engine.Runs.ListAsync(1000)).Where(r => r.Output is not null))
            Assert.True(await h.Engine.Blobs.ExistsAsync(run.Output!.Sha256), $"fichier de l'édition {run.Id} supprimé");
        Assert.Equal(SessionStatus.Open, await h.Engine.Catalog.StatusAsync(code2027));
    }
}
