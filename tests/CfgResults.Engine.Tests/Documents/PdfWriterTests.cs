using System.Text;
using CfgResults.Engine.Documents;

namespace CfgResults.Engine.Tests.Documents;

/// <summary>
/// What <see cref="PdfRenderer"/> writes itself since it no longer draws through PDFsharp (issue 9, item 6): character
/// codes and their glyphs, the subsets kept per character set, elements continued on a later page, and the QR code's
/// bits. Read back with poppler and qpdf.
/// </summary>
public sealed class PdfWriterTests
{
    static string Text(byte[] pdf) => PdfTools.Run("pdftotext", pdf, "-enc", "UTF-8").Output;

    [Fact]
    public void CharactersWithoutAGlyphOfTheirOwn_GetAGlyphMap_AndStillReadBackExactly()
    {
        // U+1D11E (musical G clef) is beyond the BMP and not in DejaVu Sans: drawn as .notdef, so the character codes are
        // no longer the subset's glyph ids and the font needs a CIDToGIDMap stream; the text still reads back whole.
        var markup = "<document title=\"Codes\"><p>Clef 𝄞 et espace insécable\u00A0: fin</p></document>";

        var pdf = Samples.Pdf(markup);

        PdfTools.AssertQpdfClean(pdf);
        Assert.Contains("Clef 𝄞 et espace insécable : fin", Text(pdf)); // poppler gives the no-break space as a space
        using var json = System.Text.Json.JsonDocument.Parse(PdfTools.Run("qpdf", pdf, "--json=2", "--json-key=qpdf").Output);
        var cidFonts = json.RootElement.GetProperty("qpdf")[1].EnumerateObject()
            .Select(o => o.Value.TryGetProperty("value", out var v) ? v : default)
            .Where(v => v.ValueKind == System.Text.Json.JsonValueKind.Object && v.TryGetProperty("/Subtype", out var s) && s.GetString() == "/CIDFontType2")
            .ToList();
        var map = Assert.Single(cidFonts).GetProperty("/CIDToGIDMap").GetString();
        Assert.Matches(@"^\d+ 0 R$", map);
    }

    [Fact]
    public void FrenchText_UsesTheIdentityGlyphMap()
    {
        var pdf = Samples.Pdf(Samples.Transcript);

        Assert.Contains("/CIDToGIDMap/Identity", Encoding.Latin1.GetString(pdf));
        Assert.DoesNotContain("/CIDToGIDMap ", Encoding.Latin1.GetString(pdf));
    }

    [Fact]
    public void DocumentsWithDifferentCharacters_RenderedInTurns_EachReadsBackItsOwnText()
    {
        // Subsets are kept per face and character set: a document must never get another's.
        string Doc(string name) => $"<document title=\"Relevé\"><p>Candidat : <b>{name}</b></p></document>";
        string[] names = ["ZOÉ QUÉRÉ", "JULES VÉRY", "ZOÉ QUÉRÉ", "ÅSA ØRSTED", "JULES VÉRY", "KÜBRA XAVIER"];

        var texts = names.Select(n => Text(Samples.Pdf(Doc(n)))).ToList();

        for (int i = 0; i < names.Length; i++) Assert.Contains($"Candidat : {names[i]}", texts[i]);
        Assert.Equal(Samples.Pdf(Doc(names[0])), Samples.Pdf(Doc(names[2])));
    }

    [Fact]
    public void AParagraphLongerThanAPage_IsOneElement_WhoseTextContinuesOnTheNextPage()
    {
        var lines = string.Join("<br/>", Enumerable.Range(1, 110).Select(i => $"ligne {i}"));
        var pdf = Samples.Pdf($"<document title=\"Long\"><h1>Titre</h1><p>{lines}</p></document>");

        Assert.Equal("2", PdfTools.Info(pdf)["Pages"]);
        PdfTools.AssertQpdfClean(pdf);
        Assert.Equal(["Document", "  H1", "  P"], PdfTools.StructureOutline(pdf));
        var read = string.Join(" ", PdfTools.StructureTexts(pdf));
        Assert.Contains("ligne 1 ", read);
        Assert.EndsWith("ligne 110", read);
        // The marked content on page 2 is reached through a marked-content reference to its page.
        Assert.Contains("/Type/MCR", PdfTools.Run("qpdf", pdf, "--qdf", "--object-streams=disable", "{}", "-").Output.Replace(" ", "").Replace("\n", ""));
    }

    [Fact]
    public void QrCode_IsDrawnFromItsModules_DarkWhereTheCodeIsDark()
    {
        const string value = "https://resultats.example.fr/verification/7K2M-QX9D-4HTR";
        var code = QrCode.Encode(value);
        var pdf = Samples.Pdf($"<document title=\"QR\"><qr value=\"{value}\" size=\"60\" alt=\"Code QR\"/></document>");

        // pdfimages writes a 1-bit image as a PBM: P4, width, height, then rows of bits, 1 for black.
        var folder = Directory.CreateTempSubdirectory("cfg-qr-");
        try
        {
            var (exit, output) = PdfTools.Run("pdfimages", pdf, "{}", Path.Combine(folder.FullName, "img"));
            Assert.True(exit == 0, output);
            var pbm = File.ReadAllBytes(Assert.Single(Directory.GetFiles(folder.FullName)));
            var header = Encoding.ASCII.GetString(pbm, 0, 16).Split('\n');
            Assert.Equal("P4", header[0]);
            Assert.Equal($"{code.Size} {code.Size}", header[1]);
            var bits = pbm.AsSpan(pbm.Length - code.Bits.Length);
            int stride = (code.Size + 7) / 8;
            for (int y = 0; y < code.Size; y++)
                for (int x = 0; x < code.Size; x++)
                    Assert.Equal(code.IsDark(x, y), (bits[y * stride + x / 8] & (0x80 >> (x % 8))) != 0);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
