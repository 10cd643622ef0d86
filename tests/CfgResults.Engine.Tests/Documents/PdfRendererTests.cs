using System.Text;
using CfgResults.Engine.Documents;
using UglyToad.PdfPig;

namespace CfgResults.Engine.Tests.Documents;

public sealed class PdfRendererTests
{
    [Fact]
    public void Render_WritesFrenchAccentsThatReadBackIntact()
    {
        var text = Samples.PageTexts(Samples.Pdf(Samples.Transcript)).Single();

        Assert.Contains("Françoise Œlgaard-Éloïse", text);
        Assert.Contains("« élève » de l’établissement", text);
        Assert.Contains("(ç, è, É, œ, –, ’)", text);
        Assert.Contains("Fait à BUC, le 05/06/2018", text);
        Assert.Contains("Page 1 / 1", text);
    }

    [Fact]
    public void Render_SetsInformationDatesFromTheRun_AndFrenchLanguage()
    {
        var pdf = Samples.Pdf(Samples.Transcript);
        using var document = PdfDocument.Open(pdf);

        Assert.Equal("Relevé de notes", document.Information.Title);
        Assert.Equal("Rectorat de Versailles", document.Information.Author);
        Assert.Equal("CFG session 2018", document.Information.Subject);
        // 14:30 at +02:00 is 12:30 UTC, written in UTC so the bytes do not depend on the machine's zone.
        Assert.Equal(new DateTimeOffset(2018, 6, 5, 12, 30, 0, TimeSpan.Zero), document.Information.GetCreatedDateTimeOffset());
        Assert.Contains("/Lang(fr-FR)", Encoding.Latin1.GetString(pdf));
    }

    [Fact]
    public void Render_GivesIdenticalBytes_ForTheSameInputAndOptions()
    {
        var first = Samples.Pdf(Samples.Transcript);
        var second = Samples.Pdf(Samples.Transcript);

        Assert.Equal(first, second);
        var third = Samples.Pdf(Samples.Transcript, Samples.Options with { DocumentId = "tests/releve-2" });
        Assert.NotEqual(first, third);
        Assert.Equal(first.Length, third.Length); // only identifiers differ
    }

    [Fact]
    public void Render_GivesTheSameBytes_WhenDocumentsRenderInParallel()
    {
        var expected = Samples.Pdf(Samples.Transcript);

        var results = new byte[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Samples.Pdf(Samples.Transcript));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Render_A2000RowTable_RepeatsTheHeaderOnEveryPage_InTheReadBackText()
    {
        var markup = Samples.BigTable(2000);
        var layout = DocumentPipeline.Layout(markup);
        using var ms = new MemoryStream();
        var stats = DocumentPipeline.RenderPdf(markup, Samples.Options, ms);

        var pages = Samples.PageTexts(ms.ToArray());
        Assert.Equal(layout.PageCount, stats.Pages);
        Assert.Equal(stats.Pages, pages.Count);
        for (int i = 0; i < pages.Count; i++)
        {
            Assert.StartsWith("Colonne 1 Colonne 2 Colonne 3 ", pages[i]);
            Assert.EndsWith($"Page {i + 1} / {pages.Count}", pages[i]);
        }
        Assert.Contains("L1-C1 L1-C2 L1-C3", pages[0]);
        Assert.Contains("L2000-C1 L2000-C2 L2000-C3", pages[^1]);
    }

    [Fact]
    public void Render_NumbersPagesPerSection_InTheReadBackText()
    {
        var body = string.Concat(Enumerable.Range(1, 90).Select(i => $"<p>ligne {i}</p>"));
        var markup = $"<document><footer><p>Page <page-number/> / <page-count/></p></footer><section><p>A</p></section><section>{body}</section></document>";
        using var ms = new MemoryStream();

        var stats = DocumentPipeline.RenderPdf(markup, Samples.Options, ms);

        var pages = Samples.PageTexts(ms.ToArray());
        Assert.Equal(2, stats.Sections);
        Assert.Equal(3, stats.Pages);
        Assert.EndsWith("Page 1 / 1", pages[0]);
        Assert.EndsWith("Page 1 / 2", pages[1]);
        Assert.EndsWith("Page 2 / 2", pages[2]);
    }

    [Fact]
    public void Render_KeepsAOnePageTranscriptSmall()
    {
        var pdf = Samples.Pdf(Samples.Transcript);

        // Two DejaVu subsets dominate (see the size notes in the report); guard against regressions.
        Assert.InRange(pdf.Length, 1_000, 60_000);
    }

    [Fact]
    public void RenderPdf_RefusesBadMarkup_BeforeWritingAnything()
    {
        using var ms = new MemoryStream();

        Assert.Throws<MarkupException>(() => DocumentPipeline.RenderPdf("<document><p>oups</document>", Samples.Options, ms));

        Assert.Equal(0, ms.Length);
    }
}
