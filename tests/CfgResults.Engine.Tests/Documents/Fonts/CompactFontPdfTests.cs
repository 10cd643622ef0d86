using System.Text;
using System.Text.RegularExpressions;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Documents.Fonts;
using PdfSharp.Drawing;
using UglyToad.PdfPig;

namespace CfgResults.Engine.Tests.Documents.Fonts;

/// <summary>The compact faces as PDFsharp and the produced PDFs see them.</summary>
public sealed partial class CompactFontPdfTests
{
    const string Accents = "é è ê à ç É È Ç œ Œ « » – ’ €";

    [Theory]
    [InlineData(XFontStyleEx.Regular)]
    [InlineData(XFontStyleEx.Bold)]
    [InlineData(XFontStyleEx.Italic)]
    [InlineData(XFontStyleEx.BoldItalic)]
    public void CompactFaces_MeasureEveryKeptCharacter_LikeTheFullFaces(XFontStyleEx style)
    {
        DocumentFonts.EnsureInstalled();
        Assert.True(DocumentFonts.UseCompactFonts);
        var gfx = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
        var compact = new XFont(DocumentFonts.Family, 1000, style);
        var full = new XFont(DocumentFonts.FullFamily, 1000, style);

        foreach (int cp in CompactFontSet.CodePoints)
        {
            var text = char.ConvertFromUtf32(cp);
            Assert.Equal(gfx.MeasureString(text, full).Width, gfx.MeasureString(text, compact).Width, 3);
        }
        Assert.Equal(compact.GetHeight(), full.GetHeight(), 6);
        Assert.Equal(compact.Metrics.Ascent, full.Metrics.Ascent);
    }

    [Fact]
    public void Pdf_ReadsBackFrenchAccents_InEveryFace()
    {
        var markup = $"""
            <document title="Accents">
              <p>{Accents}</p>
              <p bold="true">{Accents}</p>
              <p><i>{Accents}</i></p>
              <p><b><i>{Accents}</i></b></p>
              <p>Espace fine\u202Finsécable ; insécable\u00A0: trait‑d’union insécable</p>
            </document>
            """;

        var text = Samples.PageTexts(Samples.Pdf(markup)).Single();

        Assert.Equal(4, Regex.Matches(text, Regex.Escape(Accents)).Count);
        Assert.Contains("trait‑d’union", text);
    }

    [Fact]
    public void Pdf_EmbedsCompactSubsets_OfEachFaceUsed()
    {
        var pdf = Samples.Pdf(TranscriptSample.Markup());
        var raw = Encoding.Latin1.GetString(pdf);

        var baseFonts = BaseFontPattern().Matches(raw).Select(m => m.Groups[1].Value).Distinct().Order().ToList();
        Assert.Equal(["DejaVu#20Sans#20Compact", "DejaVu#20Sans#20Compact,Bold"], baseFonts);
        Assert.Equal(2, Regex.Matches(raw, "/FontFile2 ").Count);
        using var document = PdfDocument.Open(pdf);
        var letters = document.GetPage(1).Letters;
        Assert.Contains(letters, l => l.Value == "Œ");
        Assert.All(letters, l => Assert.Contains("DejaVu Sans Compact", l.FontName));
    }

    [Fact]
    public void Pdf_OfAOnePageTranscript_StaysUnder20KB()
    {
        var pdf = Samples.Pdf(TranscriptSample.Markup());

        Assert.Single(Samples.PageTexts(pdf));
        // ~16 KB with the compact faces; the full DejaVu faces gave ~55 KB.
        Assert.InRange(pdf.Length, 5_000, 20 * 1024);
    }

    [Fact]
    public void Pdf_ReadsBackTheTypicalTranscript()
    {
        var text = Samples.PageTexts(Samples.Pdf(TranscriptSample.Markup())).Single();

        Assert.Contains("Nom DUPONT-ŒLGAARD Prénoms Françoise Élise Noëlle", text);
        Assert.Contains("Langue vivante étrangère : anglais Présent 15,00 20", text);
        Assert.Contains("coefficient œuvre : 1 € – mention très bien à 16° près… l’élève • Œ.", text);
        Assert.EndsWith("Page 1 / 1", text);
    }

    [Fact]
    public void CompactMetrics_MeasureACharacterOutsideTheSet_OneEmWide_LikeTheBoxTheCompactFaceDraws()
    {
        // Such a document is laid out with the full faces (FontFallbackTests); the compact metrics still
        // agree with what the compact face would draw.
        var gfx = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);

        Assert.Equal(20, FontMetrics.For(DocumentFonts.Family).Width("Ω", FontFace.Regular, 20), 3);
        Assert.Equal(gfx.MeasureString("Ω", new XFont(DocumentFonts.Family, 20)).Width, FontMetrics.Shared.Width("Ω", FontFace.Regular, 20), 3);
    }

    [Fact]
    public void UseCompactFonts_CannotChange_OnceTheFontsAreInstalled()
    {
        DocumentFonts.EnsureInstalled();

        DocumentFonts.UseCompactFonts = true; // same value: accepted
        Assert.Throws<InvalidOperationException>(() => DocumentFonts.UseCompactFonts = false);
        Assert.True(DocumentFonts.UseCompactFonts);
    }

    [GeneratedRegex(@"/BaseFont/[A-Z]{6}\+([^/>\s]+)")]
    private static partial Regex BaseFontPattern();
}
