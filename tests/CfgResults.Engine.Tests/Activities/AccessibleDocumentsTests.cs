using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Documents;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>
/// The shipped templates, run by the shipped workflows: every kind of document (transcript, bulk transcripts,
/// display list, results list) is a tagged PDF with a title and a heading, and passes qpdf --check without warning.
/// </summary>
public sealed class AccessibleDocumentsTests
{
    [Fact]
    public async Task EveryShippedDocument_IsTagged_WithAHeading_AndPassesQpdfCheck()
    {
        var s = new TinySession();
        string buc = TinySession.Buc.Uai;
        var martin = s.Add("MARTIN", "Léo", rows: n =>
        [
            new(n, "ECRIT-FR", ExamPosition.Registered, buc, GradeValue.Of(80)), new(n, "ORAL", ExamPosition.Registered, buc, GradeValue.Of(100)),
            new(n, "ECRIT-MATH", ExamPosition.Registered, buc, GradeValue.Of(60)), new(n, "TOTAL", ExamPosition.Registered, null, GradeValue.Of(240)),
        ]);
        s.Add("Bénard", "Chloé Anaïs");
        await using var f = await EngineFixture.OpenAsync(s.Build());
        var publication = await f.RunAsync("publication-releves", EngineFixture.Manager(), new Dictionary<string, string> { ["disponible_le"] = "20/06/2026 08:00" });
        Assert.Equal(RunState.Succeeded, publication.State);

        var version = (await f.Engine.Documents.ListForCandidateAsync(f.SessionCode, martin.Number)).Single();
        var (_, stream) = await f.DocumentAccess().OpenAsync(EngineFixture.Manager(), version.Id);
        byte[] transcript;
        await using (stream)
        {
            using var ms = new MemoryStream();
            await stream.CopyToAsync(ms);
            transcript = ms.ToArray();
        }
        var documents = new Dictionary<string, byte[]>
        {
            ["relevé"] = transcript,
            ["relevés en masse"] = f.OutputBytes(await f.RunOkAsync("releves-notes-masse", EngineFixture.School())),
            ["liste d'affichage"] = f.OutputBytes(await f.RunOkAsync("liste-affichage", EngineFixture.School())),
            ["liste des résultats"] = f.OutputBytes(await f.RunOkAsync("liste-resultats", EngineFixture.School())),
        };
        foreach (var (kind, pdf) in documents)
        {
            var info = PdfTools.Info(pdf);
            Assert.True(info["Tagged"] == "yes", kind);
            Assert.False(string.IsNullOrWhiteSpace(info["Title"]), kind);
            Assert.Contains(PdfTools.StructureOutline(pdf), l => l.Trim() == "H1");
            PdfTools.AssertQpdfClean(pdf);
        }
        Assert.InRange(transcript.Length, 5_000, 20 * 1024);
        Assert.Contains("Relevé de notes", PdfTools.StructureTexts(transcript));
    }
}
