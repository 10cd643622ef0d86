using System.Text;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Tests.Documents.Fonts;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Documents;

/// <summary>
/// Every document is a tagged PDF (ISO 32000-1 §14.8, written by PdfRenderer), read back with poppler's pdfinfo
/// (Tagged, structure tree), pdftotext, and qpdf --check.
/// </summary>
public sealed class AccessiblePdfTests
{
    /// <summary>Shaped like templates/liste-affichage: header, footer, h1, h2, a two-column table.</summary>
    static string DisplayList(int rows)
    {
        var sb = new StringBuilder("""
            <document title="Liste d'affichage - Certificat de formation générale - Juin 2026" subject="Résultats - Collège Pasteur" lang="fr">
            <header><p size="9">Juin 2026</p><p size="9">0783546F - Collège Pasteur</p></header>
            <footer><p align="right" size="8">Page <page-number/> / <page-count/></p></footer>
            <h1>Certificat de formation générale - Juin 2026</h1>
            <h2>Résultats</h2>
            <p bold="true">Collège Pasteur</p>
            <table widths="70,30">
            <thead><tr><th>Nom Prénom</th><th>Résultat</th></tr></thead>
            <tbody>

            """);
        for (int i = 1; i <= rows; i++) sb.Append($"<tr><td>CANDIDAT{i:000} ÉLODIE</td><td>{(i % 3 == 0 ? "Refusé" : "Admis")}</td></tr>\n");
        sb.Append("</tbody></table></document>");
        return sb.ToString();
    }

    /// <summary>Shaped like templates/liste-resultats: one h2 and one table per decision group.</summary>
    static string ResultsList() => """
        <document title="Liste des résultats - Collège Pasteur - Juin 2026" lang="fr">
        <header><p size="9">Certificat de formation générale - Juin 2026</p></header>
        <footer><p align="right" size="8">Page <page-number/> / <page-count/></p></footer>
        <h1>Liste des résultats de mes élèves</h1>
        <p>3 élèves</p>
        <h2>Groupe de décision 01</h2>
        <table widths="46,20,14,20">
        <thead><tr><th>Nom Prénoms</th><th>Numéro candidat</th><th>Total</th><th>Résultat</th></tr></thead>
        <tbody><tr><td>ARGENT CARINE</td><td>0001</td><td align="right">250,00</td><td>Admis</td></tr>
        <tr><td>BLANC HUGO</td><td>0002</td><td align="right">—</td><td>Non délibéré</td></tr></tbody>
        </table>
        <h2>Groupe de décision 02</h2>
        <table widths="46,20,14,20">
        <thead><tr><th>Nom Prénoms</th><th>Numéro candidat</th><th>Total</th><th>Résultat</th></tr></thead>
        <tbody><tr><td>CUIVRE ZOÉ</td><td>0003</td><td align="right">180,00</td><td>Refusé</td></tr></tbody>
        </table>
        </document>
        """;

    /// <summary>Several sub-documents in one file (one per candidate, as a bulk PDF of sections would be).</summary>
    static string Sections() => $"""
        <document title="Relevés de notes" lang="fr">
        <section><footer><p size="8">Page <page-number/> / <page-count/></p></footer><h1>Relevé de notes</h1><p>ARGENT CARINE</p></section>
        <section><footer><p size="8">Page <page-number/> / <page-count/></p></footer><h1>Relevé de notes</h1><p>BLANC HUGO</p></section>
        </document>
        """;

    public static TheoryData<string> Kinds => new() { "releve", "liste-affichage", "liste-resultats", "sections", "grand-tableau" };

    static byte[] Render(string kind) => Samples.Pdf(kind switch
    {
        "releve" => TranscriptSample.Markup(),
        "liste-affichage" => DisplayList(60),
        "liste-resultats" => ResultsList(),
        "sections" => Sections(),
        _ => Samples.BigTable(300),
    });

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_IsTagged_French_Titled_AndPassesQpdfCheckWithoutWarning(string kind)
    {
        var pdf = Render(kind);

        var info = PdfTools.Info(pdf);
        Assert.Equal("yes", info["Tagged"]);
        Assert.False(string.IsNullOrWhiteSpace(info["Title"]));
        var raw = Encoding.Latin1.GetString(pdf);
        Assert.Contains("/Lang(fr-FR)", raw);
        Assert.Contains("/MarkInfo", raw);
        PdfTools.AssertQpdfClean(pdf);
        Assert.Equal(pdf, Render(kind)); // still deterministic
    }

    [Fact]
    public void Transcript_StructureTree_HasTheHeading_TheTwoTables_WithColumnHeaderCells_AndTheParagraphs()
    {
        var pdf = Samples.Pdf(TranscriptSample.Markup());

        var outline = PdfTools.StructureOutline(pdf);
        var expected = new List<string> { "Document", "  H1", "  P", "  Table", "    TBody" };
        for (int r = 0; r < 6; r++) expected.AddRange(["      TR", "        TD", "        TD"]);
        expected.AddRange(["  Table", "    THead", "      TR", "        TH", "        TH", "        TH", "        TH", "    TBody"]);
        for (int r = 0; r < 10; r++) expected.AddRange(["      TR", "        TD", "        TD", "        TD", "        TD"]);
        expected.AddRange(["  P", "  P", "  P", "  P"]);
        Assert.Equal(expected, outline);
        Assert.Equal(4, PdfTools.CountAttribute(pdf, "/Scope /Column"));

        var texts = PdfTools.StructureTexts(pdf);
        Assert.Equal("Relevé de notes", texts[0]);
        Assert.Equal(["Épreuve", "Position", "Note", "Barème"], texts.SkipWhile(t => t != "Épreuve").Take(4));
        // Page header and footer are artifacts: not read as content.
        Assert.DoesNotContain(texts, t => t.StartsWith("Académie de Versailles") || t.Contains("Page 1 / 1"));
        // A wrapped paragraph keeps the space between its lines.
        Assert.Contains(texts, t => t.StartsWith("Version n°2 générée le 05/06/2018, disponible à partir du 06/06/2018 à 09:00 (publié par", StringComparison.Ordinal) && !t.Contains("parle"));
    }

    [Fact]
    public void Transcript_ReadingOrder_IsTheVisualOrder()
    {
        var pdf = Samples.Pdf(TranscriptSample.Markup());

        var page = Pdf.Lines(pdf).Single();
        // Visual order (top to bottom, left to right) without the two header lines and the footer line.
        var visual = Words(page.Skip(2).SkipLast(1));
        var read = Words(PdfTools.StructureTexts(pdf));
        Assert.Equal(visual, read);
        // pdftotext, a third reader, sees the same order.
        var extracted = Words(PdfTools.Run("pdftotext", pdf, "-enc", "UTF-8").Output.Split('\n').Skip(2).SkipLast(2));
        Assert.Equal(visual.Take(5), extracted.Take(5));
    }

    [Fact]
    public void TwoPageDisplayList_HasOneTable_ItsHeaderCellsTaggedOnce_AndRepeatedOnPageTwoAsAnArtifact_RowsInVisualOrder()
    {
        var pdf = Samples.Pdf(DisplayList(60));

        Assert.Equal("2", PdfTools.Info(pdf)["Pages"]);
        var outline = PdfTools.StructureOutline(pdf);
        var expected = new List<string> { "Document", "  H1", "  H2", "  P", "  Table", "    THead", "      TR", "        TH", "        TH", "    TBody" };
        for (int r = 0; r < 60; r++) expected.AddRange(["      TR", "        TD", "        TD"]);
        Assert.Equal(expected, outline);
        Assert.Equal(2, PdfTools.CountAttribute(pdf, "/Scope /Column"));

        // The header row is drawn again at the top of the table on page 2…
        var pages = Pdf.Lines(pdf);
        Assert.All(pages, p => Assert.Single(p, l => l == "Nom Prénom Résultat"));
        // …but read once: the structure holds the header cells, then the 60 rows in the order they are seen.
        var visualRows = pages.SelectMany(p => p.SkipWhile(l => l != "Nom Prénom Résultat").Skip(1).TakeWhile(l => !l.StartsWith("Page ", StringComparison.Ordinal))).ToList();
        Assert.Equal(60, visualRows.Count);
        var texts = PdfTools.StructureTexts(pdf);
        Assert.Equal(["Certificat de formation générale - Juin 2026", "Résultats", "Collège Pasteur", "Nom Prénom", "Résultat"], texts.Take(5));
        var readRows = texts.Skip(5).Chunk(2).Select(c => string.Join(' ', c)).ToList();
        Assert.Equal(visualRows, readRows);
    }

    [Fact]
    public void Sections_AreSectElements_InOrder()
    {
        var pdf = Samples.Pdf(Sections());

        Assert.Equal(["Document", "  Sect", "    H1", "    P", "  Sect", "    H1", "    P"], PdfTools.StructureOutline(pdf));
        Assert.Equal(["Relevé de notes", "ARGENT CARINE", "Relevé de notes", "BLANC HUGO"], PdfTools.StructureTexts(pdf));
    }

    [Fact]
    public void BulkMerge_KeepsEachTranscriptsStructure_AsASectElement_OnTheCopiedPages()
    {
        var first = Samples.Pdf(TranscriptSample.Markup());
        var second = Samples.Pdf(DisplayList(60), Samples.Options with { DocumentId = "tests/liste" });

        using var merger = new TaggedPdfMerger();
        merger.Append(new MemoryStream(first));
        merger.Append(new MemoryStream(second));
        using var output = new MemoryStream();
        merger.Save(output, "Relevés de notes", new DateTime(2026, 6, 20, 8, 0, 0, DateTimeKind.Utc));
        var bulk = output.ToArray();

        var info = PdfTools.Info(bulk);
        Assert.Equal("yes", info["Tagged"]);
        Assert.Equal("3", info["Pages"]);
        Assert.Equal("Relevés de notes", info["Title"]);
        Assert.Contains("/Lang(fr-FR)", Encoding.Latin1.GetString(bulk));
        PdfTools.AssertQpdfClean(bulk);
        var indented = (List<string> outline) => outline.Skip(1).Select(l => "  " + l).ToList();
        Assert.Equal(["Document", "  Sect", .. indented(PdfTools.StructureOutline(first)), "  Sect", .. indented(PdfTools.StructureOutline(second))], PdfTools.StructureOutline(bulk));
        Assert.Equal([.. PdfTools.StructureTexts(first), .. PdfTools.StructureTexts(second)], PdfTools.StructureTexts(bulk));
        // The pages are the published ones, unchanged.
        Assert.Equal([.. Pdf.Lines(first), .. Pdf.Lines(second)], Pdf.Lines(bulk));
    }

    [Fact]
    public void QrCode_IsAFigure_WithItsAlternativeText_InReadingOrder()
    {
        var markup = TranscriptSample.Markup().Replace("</document>", """
            <p size="9">Code de vérification : 7K2M-QX9D-4HTR</p>
            <qr value="https://resultats.example.fr/verification/7K2M-QX9D-4HTR" size="60" alt="Code QR de vérification du relevé"/>
            <p size="8">Après le code</p>
            </document>
            """);
        var pdf = Samples.Pdf(markup);

        var outline = PdfTools.StructureOutline(pdf);
        Assert.Equal(["  P", "  Figure", "  P"], outline.TakeLast(3));
        Assert.Contains("\"/Alt\": \"u:Code QR de vérification du relevé\"", PdfTools.Run("qpdf", pdf, "--json=2", "--json-key=qpdf").Output);
        var images = PdfTools.Run("pdfimages", pdf, "-list").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.Single(images);
        Assert.Contains(" no ", Assert.Single(images)); // not interpolated: sharp modules
        PdfTools.AssertQpdfClean(pdf);
        Assert.Equal(pdf, Samples.Pdf(markup));
        Assert.InRange(pdf.Length, 5_000, 20 * 1024);
    }

    [Fact]
    public void Rules_AndPageHeadersAndFooters_AreArtifacts_InTheContentStream()
    {
        var pdf = Samples.Pdf(TranscriptSample.Markup());

        // qpdf writes the file back with uncompressed content streams.
        var qdf = Path.Combine(Path.GetTempPath(), $"cfg-{Guid.NewGuid():N}.qdf");
        try
        {
            var (code, output) = PdfTools.Run("qpdf", pdf, "--qdf", "--object-streams=disable", "{}", qdf);
            Assert.True(code == 0, output);
            var content = Encoding.Latin1.GetString(File.ReadAllBytes(qdf));
            int artifacts = content.Split("/Artifact BMC").Length - 1;
            Assert.Equal(1 + 2 + 1, artifacts); // the rules, the two header lines, the footer line
            Assert.Contains("/H1<</MCID 0>>BDC", content);
        }
        finally
        {
            File.Delete(qdf);
        }
    }

    [Fact]
    public void Layout_SplitsARowTallerThanAPage_IntoOneRowElementPerPage()
    {
        var tall = string.Join("<br/>", Enumerable.Range(1, 90).Select(i => $"ligne {i}"));
        var layout = DocumentPipeline.Layout($"<document><table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>{tall}</td><td>b</td></tr></tbody></table></document>");

        Assert.True(layout.PageCount >= 2);
        var roles = layout.Structure.Select(n => n.Role).ToList();
        Assert.Equal(layout.PageCount, roles.Count(r => r == StructureRole.TR) - 1); // one header row, one row per page
        // Every drawn body text points at a cell; the repeated header rows are artifacts.
        var page2 = layout.Pages.Skip(1).First();
        Assert.All(page2.TextsIn(BoxRegion.TableHeader), t => Assert.True(t.IsArtifact));
        Assert.All(page2.TextsIn(BoxRegion.Body), t => Assert.Equal(StructureRole.TD, layout.Structure[t.Node].Role));
        PdfTools.AssertQpdfClean(Samples.Pdf($"<document><table><tbody><tr><td>{tall}</td><td>b</td></tr></tbody></table></document>"));
    }

    static List<string> Words(IEnumerable<string> lines) =>
        lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
}
