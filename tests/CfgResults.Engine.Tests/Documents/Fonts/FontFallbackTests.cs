using System.Text;
using System.Text.RegularExpressions;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Documents.Fonts;
using PdfSharp.Drawing;
using UglyToad.PdfPig;

namespace CfgResults.Engine.Tests.Documents.Fonts;

/// <summary>A document with a character the compact faces lack is laid out and drawn with the full faces, whole.</summary>
public sealed partial class FontFallbackTests
{
    const string Romanian = "Ștefan Țepeș";

    static string WithBodyText(string name) => $"""
        <document title="Relevé de notes">
          <header><p align="right" size="8">Académie de Versailles — Certificat de formation générale</p></header>
          <footer><p align="center" size="8">Page <page-number/> / <page-count/></p></footer>
          <h1>Relevé de notes</h1>
          <p>Candidat : <b>{name}</b>, né le 12/03/2002 — « élève » de l’établissement.</p>
          <table widths="70,30">
            <thead><tr><th>Épreuve</th><th align="right">Note</th></tr></thead>
            <tbody><tr><td>Français</td><td align="right">12,5</td></tr></tbody>
          </table>
          <signature><p>Fait à BUC, le 05/06/2018</p></signature>
        </document>
        """;

    static List<string> FontNames(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName ?? "").Distinct().Order().ToList();
    }

    [Fact]
    public void FrenchOnlyDocument_KeepsTheCompactFaces_AndStaysSmall()
    {
        var markup = WithBodyText("Françoise Œlgaard-Éloïse");

        Assert.Equal(DocumentFonts.Family, DocumentPipeline.Layout(markup).FontFamily);
        var pdf = Samples.Pdf(markup);
        var names = FontNames(pdf);
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Contains("DejaVu Sans Compact", n));
        Assert.InRange(pdf.Length, 5_000, 20 * 1024);
    }

    [Fact]
    public void RomanianName_SwitchesTheWholeDocumentToTheFullFaces_AndReadsBackExactly()
    {
        var markup = WithBodyText(Romanian);

        Assert.Equal(DocumentFonts.FullFamily, DocumentPipeline.Layout(markup).FontFamily);
        var pdf = Samples.Pdf(markup);
        var text = Samples.PageTexts(pdf).Single();
        Assert.Contains($"Candidat : {Romanian},", text);
        Assert.Contains("Académie de Versailles — Certificat", text); // the French header is drawn with the full faces too
        var names = FontNames(pdf);
        Assert.Equal(2, names.Count); // regular and bold
        Assert.All(names, n =>
        {
            Assert.Contains("DejaVu Sans", n);
            Assert.DoesNotContain("Compact", n);
        });
        var raw = Encoding.Latin1.GetString(pdf);
        Assert.Equal(["DejaVu#20Sans", "DejaVu#20Sans,Bold"], BaseFontPattern().Matches(raw).Select(m => m.Groups[1].Value).Distinct().Order().ToList());
    }

    [Theory]
    [InlineData("<header><p>Ωmega</p></header><p>Corps</p>")]
    [InlineData("<footer><p>Ωmega <page-number/></p></footer><p>Corps</p>")]
    [InlineData("<p>Corps <i>Ωmega</i></p>")]
    [InlineData("<h2>Ωmega</h2>")]
    [InlineData("<table><thead><tr><th>Ωmega</th></tr></thead><tbody><tr><td>Corps</td></tr></tbody></table>")]
    [InlineData("<table><tr><td>Corps</td><td><b>Ωmega</b></td></tr></table>")]
    [InlineData("<signature><p>Corps</p><p>Ωmega</p></signature>")]
    [InlineData("<section><p>Corps</p></section><section><header><p>Ωmega</p></header><p>Corps</p></section>")]
    public void CharacterOutsideTheCompactSet_AnywhereDrawn_SelectsTheFullFaces_AndReadsBack(string content)
    {
        var markup = $"<document>{content}</document>";

        Assert.Equal(DocumentFonts.FullFamily, DocumentPipeline.Layout(markup).FontFamily);
        var text = string.Join(" ", Samples.PageTexts(Samples.Pdf(markup)));
        Assert.Contains("Ωmega", text);
        Assert.All(FontNames(Samples.Pdf(markup)), n => Assert.DoesNotContain("Compact", n));
    }

    [Theory]
    [InlineData("Françoise Œlgaard ſ € – ’ « »\u202F", true)]
    [InlineData("retour\tà la\r\nligne", true)]
    [InlineData("~", true)]
    [InlineData("\u00A0", true)]
    [InlineData("abc\u007F", false)]
    [InlineData("\u0080", false)]
    [InlineData("\u009F", false)]
    [InlineData("\u001F", false)]
    [InlineData("ſƀ", false)] // U+0180, just past Latin Extended-A
    [InlineData("é Ș", false)]
    [InlineData("€ →", false)]
    [InlineData("a\U0001F600", false)]
    public void CompactSetCovers_TellsWhetherEveryCharacterIsKept(string text, bool covered)
    {
        Assert.Equal(covered, CompactFontSet.Covers(text));
    }

    [Fact]
    public void TitleAuthorAndSubject_AreNotDrawn_SoTheyKeepTheCompactFaces()
    {
        var markup = $"<document title=\"{Romanian}\" author=\"Ωmega\" subject=\"→\"><p>Corps</p></document>";

        Assert.Equal(DocumentFonts.Family, DocumentPipeline.Layout(markup).FontFamily);
        using var document = PdfDocument.Open(Samples.Pdf(markup));
        Assert.Equal(Romanian, document.Information.Title);
        Assert.Equal("Ωmega", document.Information.Author);
    }

    [Theory]
    [InlineData(XFontStyleEx.Regular, FontFace.Regular)]
    [InlineData(XFontStyleEx.Bold, FontFace.Bold)]
    [InlineData(XFontStyleEx.Italic, FontFace.Italic)]
    [InlineData(XFontStyleEx.BoldItalic, FontFace.BoldItalic)]
    public void FullFamilyMetrics_EqualPdfSharpMeasurement(XFontStyleEx style, FontFace face)
    {
        var metrics = FontMetrics.For(DocumentFonts.FullFamily);
        var gfx = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
        var font = new XFont(DocumentFonts.FullFamily, 11, style);

        foreach (var text in new[] { Romanian, "Ωmega", "Юрий → Ђорђе", "Françoise Œlgaard", "ĂăÂâÎîȘșȚț" })
            Assert.Equal(gfx.MeasureString(text, font).Width, metrics.Width(text, face, 11), 3);
        Assert.Equal(font.GetHeight(), metrics.LineHeight(face, 11), 6);
        Assert.Equal(DocumentFonts.FullFamily, metrics.Family);
        Assert.Same(metrics, FontMetrics.For(DocumentFonts.FullFamily));
    }

    [Fact]
    public void FullFamilyLayout_GivesBoxesThePdfSharpWidth_WhereTheCompactFacesWouldDrawBoxes()
    {
        var layout = DocumentPipeline.Layout($"<document><p size=\"20\">Ωmega {Romanian}</p></document>");
        var gfx = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);

        var box = Assert.Single(layout.Pages.Single().Texts);
        Assert.Equal(gfx.MeasureString(box.Text, new XFont(DocumentFonts.FullFamily, 20)).Width, box.Width, 3);
        // The compact faces measure each of the 4 missing characters one em wide: a visibly different layout.
        Assert.NotEqual(FontMetrics.For(DocumentFonts.Family).Width(box.Text, FontFace.Regular, 20), box.Width, 1);
    }

    [Fact]
    public void FullFamilyPdf_PlacesARunAfterTheLastDrawnGlyph()
    {
        using var document = PdfDocument.Open(Samples.Pdf("<document><p size=\"20\">aΩ→b<i>suite</i></p></document>"));

        var letters = document.GetPage(1).Letters.OrderBy(l => l.StartBaseLine.X).ToList();
        Assert.Equal("aΩ→bsuite", string.Concat(letters.Select(l => l.Value)));
        var b = letters.Single(l => l.Value == "b");
        var s = letters.First(l => l.Value == "s");
        Assert.True(s.StartBaseLine.X >= b.EndBaseLine.X - 0.01, $"italic run starts at {s.StartBaseLine.X}, regular run ends at {b.EndBaseLine.X}");
    }

    [Fact]
    public void ExplicitMetrics_ForceTheirFamily()
    {
        var markup = MarkupParser.Parse("<document><p>Ωmega</p></document>");

        var layout = new LayoutEngine(metrics: FontMetrics.For(DocumentFonts.Family)).Run(markup);

        Assert.Equal(DocumentFonts.Family, layout.FontFamily);
        Assert.Equal(DocumentFonts.FullFamily, LayoutEngine.FontFamilyFor(markup));
    }

    [Fact]
    public void FontMetricsFor_RejectsAFamilyWeDoNotServe()
    {
        Assert.Throws<ArgumentException>(() => FontMetrics.For("DejaVu Sans"));
    }

    [Fact]
    public void MixedDocuments_RenderedInParallel_GiveTheSameBytesAsOneByOne()
    {
        string[] markups = [WithBodyText(Romanian), WithBodyText("Françoise Œlgaard-Éloïse"), WithBodyText("Ωmega Юрий")];
        var expected = markups.Select(m => Samples.Pdf(m)).ToArray();

        var results = new byte[12][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Samples.Pdf(markups[i % 3]));

        for (int i = 0; i < results.Length; i++) Assert.Equal(expected[i % 3], results[i]);
        Assert.NotEqual(expected[0].Length, expected[1].Length);
    }

    [GeneratedRegex(@"/BaseFont/[A-Z]{6}\+([^/>\s]+)")]
    private static partial Regex BaseFontPattern();
}
