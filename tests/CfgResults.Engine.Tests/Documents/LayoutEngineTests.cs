using CfgResults.Engine.Documents;

namespace CfgResults.Engine.Tests.Documents;

public sealed class LayoutEngineTests
{
    static readonly LayoutOptions A4 = LayoutOptions.A4;
    const double Tolerance = 0.01;

    static LayoutDocument Layout(string markup) => DocumentPipeline.Layout(markup);

    [Fact]
    public void Layout_PutsHeaderAtTopMargin_FooterAgainstBottomMargin_BodyBetween()
    {
        var page = Layout(Samples.Transcript).Pages.Single();

        var header = Assert.Single(page.TextsIn(BoxRegion.Header));
        var footer = Assert.Single(page.TextsIn(BoxRegion.Footer));
        Assert.Equal(A4.MarginTop, header.Y, Tolerance);
        Assert.Equal(A4.PageHeight - A4.MarginBottom, footer.Bottom, Tolerance);
        Assert.Equal("Page 1 / 1", footer.Text);
        Assert.Equal(A4.PageWidth / 2, footer.X + footer.Width / 2, Tolerance); // centred
        Assert.Equal(A4.PageWidth - A4.MarginRight, header.Right, Tolerance);   // right aligned
        Assert.All(page.TextsIn(BoxRegion.Body), b =>
        {
            Assert.True(b.Y >= header.Bottom + A4.HeaderFooterGap - Tolerance, $"{b.Text} overlaps the header");
            Assert.True(b.Bottom <= footer.Y - A4.HeaderFooterGap + Tolerance, $"{b.Text} overlaps the footer");
        });
    }

    [Fact]
    public void Layout_GivesTableColumnsTheirRelativeWidths()
    {
        var page = Layout("<document><table widths=\"1,3\"><tr><td>gauche</td><td align=\"right\">droite</td></tr></table></document>").Pages.Single();

        var verticals = page.Lines.Where(l => l.X1 == l.X2).Select(l => l.X1).Order().ToList();
        Assert.Equal(3, verticals.Count);
        Assert.Equal(A4.MarginLeft, verticals[0], Tolerance);
        Assert.Equal(A4.MarginLeft + A4.ContentWidth / 4, verticals[1], Tolerance);
        Assert.Equal(A4.PageWidth - A4.MarginRight, verticals[2], Tolerance);
        var left = page.Texts.Single(t => t.Text == "gauche");
        var right = page.Texts.Single(t => t.Text == "droite");
        Assert.Equal(verticals[0] + A4.CellPaddingX, left.X, Tolerance);
        Assert.Equal(verticals[2] - A4.CellPaddingX, right.Right, Tolerance);
    }

    [Fact]
    public void Layout_WrapsCellTextWithinItsColumn()
    {
        var words = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"mot{i}"));
        var page = Layout($"<document><table widths=\"30,70\"><tr><td>{words}</td><td>court</td></tr></table></document>").Pages.Single();

        double columnRight = A4.MarginLeft + A4.ContentWidth * 0.3;
        var cellBoxes = page.Texts.Where(t => t.Text.Contains("mot")).ToList();
        Assert.True(cellBoxes.Count > 3, "the long cell should wrap on several lines");
        Assert.All(cellBoxes, b => Assert.True(b.Right <= columnRight - A4.CellPaddingX + Tolerance, $"'{b.Text}' overflows its column"));
        Assert.Equal(words, string.Join(' ', cellBoxes.Select(b => b.Text)));
        Assert.Equal(cellBoxes.Count, cellBoxes.Select(b => b.Y).Distinct().Count()); // one box per line
        // The row's bottom rule is under the last wrapped line.
        double rowBottom = page.Lines.Where(l => l.Y1 == l.Y2).Max(l => l.Y1);
        Assert.True(rowBottom >= cellBoxes[^1].Bottom);
    }

    [Fact]
    public void Layout_BreaksAWordLongerThanTheLine_BetweenCharacters()
    {
        var word = new string('W', 300);
        var page = Layout($"<document><p>{word}</p></document>").Pages.Single();

        var boxes = page.TextsIn(BoxRegion.Body).ToList();
        Assert.True(boxes.Count >= 3);
        Assert.Equal(word, string.Concat(boxes.Select(b => b.Text)));
        Assert.All(boxes, b => Assert.True(b.Right <= A4.PageWidth - A4.MarginRight + Tolerance));
    }

    [Fact]
    public void Layout_StartsANewPage_AtPageBreak_WithoutBlankPages()
    {
        var layout = Layout("<document><page-break/><p>un</p><page-break/><page-break/><p>deux</p></document>");

        Assert.Equal(2, layout.PageCount);
        Assert.Equal("un", layout.Pages.First().Texts.Single().Text);
        Assert.Equal("deux", layout.Pages.Last().Texts.Single().Text);
    }

    [Fact]
    public void Layout_SplitsA2000RowTableAcrossPages_RepeatingTheHeaderRowOnEachPage()
    {
        var layout = Layout(Samples.BigTable(2000));

        Assert.True(layout.PageCount > 30, $"only {layout.PageCount} pages");
        var pages = layout.Pages.ToList();
        foreach (var page in pages)
        {
            var header = page.TextsIn(BoxRegion.TableHeader).ToList();
            Assert.Equal(["Colonne 1", "Colonne 2", "Colonne 3"], header.Select(h => h.Text));
            double firstBody = page.TextsIn(BoxRegion.Body).Min(b => b.Y);
            Assert.All(header, h => Assert.True(h.Bottom <= firstBody));
            Assert.All(page.Texts, b => Assert.True(b.Bottom <= A4.PageHeight - A4.MarginBottom + Tolerance));
            Assert.Equal($"Page {page.NumberInSection} / {pages.Count}", page.TextsIn(BoxRegion.Footer).Single().Text);
        }
        // Every row exactly once, in order.
        var firstColumn = pages.SelectMany(p => p.TextsIn(BoxRegion.Body)).Where(b => b.Text.EndsWith("-C1")).Select(b => b.Text).ToList();
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => $"L{i}-C1"), firstColumn);
    }

    [Fact]
    public void Layout_SplitsARowTallerThanAPage_AndTerminates()
    {
        var tall = string.Join("<br/>", Enumerable.Range(1, 200).Select(i => $"ligne {i}"));
        var layout = Layout($"<document><table><thead><tr><th>Titre</th><th>B</th></tr></thead><tr><td>{tall}</td><td>x</td></tr><tr><td>après</td><td>y</td></tr></table></document>");

        Assert.True(layout.PageCount >= 3);
        var lines = layout.Pages.SelectMany(p => p.TextsIn(BoxRegion.Body)).Where(b => b.Text.StartsWith("ligne ")).Select(b => b.Text).ToList();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"ligne {i}"), lines);
        Assert.All(layout.Pages, p => Assert.Single(p.TextsIn(BoxRegion.TableHeader), h => h.Text == "Titre"));
        Assert.All(layout.Pages.SelectMany(p => p.Texts), b => Assert.True(b.Bottom <= A4.PageHeight - A4.MarginBottom + Tolerance));
    }

    [Fact]
    public void Layout_SurvivesALineThatCannotFitAnyPage()
    {
        // A 72 pt paragraph in a document whose header leaves a tiny body: must place it (clipped) and stop.
        var options = new LayoutOptions { PageHeight = 120, MarginTop = 10, MarginBottom = 10 };
        var layout = LayoutEngine.Layout(MarkupParser.Parse("<document><p size=\"72\">A B C</p></document>"), options);

        Assert.InRange(layout.PageCount, 1, 3);
    }

    [Fact]
    public void Layout_KeepsTheSignatureBlockTogether_OnTheNextPageWhenItDoesNotFit()
    {
        // Fill the page so that only one or two lines remain, then a three-line signature.
        var fill = string.Concat(Enumerable.Range(1, 200).Select(i => $"<p>ligne {i}</p>"));
        var probe = Layout($"<document>{fill}</document>");
        int linesOnFirstPage = probe.Pages.First().Texts.Count;
        var filler = string.Concat(Enumerable.Range(1, linesOnFirstPage - 1).Select(i => $"<p>ligne {i}</p>"));
        var layout = Layout($"<document>{filler}<signature><p>Fait à BUC, le 05/06/2018</p><p>Le recteur</p><p>Signé</p></signature></document>");

        Assert.Equal(2, layout.PageCount);
        var second = layout.Pages.Last().Texts.Select(t => t.Text).ToList();
        Assert.Equal(["Fait à BUC, le 05/06/2018", "Le recteur", "Signé"], second);
        Assert.All(layout.Pages.Last().Texts, t => Assert.Equal(A4.PageWidth - A4.MarginRight, t.Right, Tolerance));
    }

    [Fact]
    public void Layout_NumbersPagesPerSection_AndEachSectionStartsOnANewPage()
    {
        var body = string.Concat(Enumerable.Range(1, 120).Select(i => $"<p>ligne {i}</p>"));
        var layout = Layout($"""
            <document><footer><p>Page <page-number/> / <page-count/></p></footer>
              <section><p>Premier</p></section>
              <section><p>Second</p>{body}</section>
              <section><header><p>En-tête propre</p></header><p>Troisième</p></section>
            </document>
            """);

        Assert.Equal(3, layout.Sections.Count);
        Assert.Single(layout.Sections[0].Pages);
        Assert.True(layout.Sections[1].Pages.Count >= 2);
        var footers = layout.Sections.Select(s => s.Pages.Select(p => p.TextsIn(BoxRegion.Footer).Single().Text).ToList()).ToList();
        Assert.Equal(["Page 1 / 1"], footers[0]);
        int m = layout.Sections[1].Pages.Count;
        Assert.Equal(Enumerable.Range(1, m).Select(n => $"Page {n} / {m}"), footers[1]);
        Assert.Equal(["Page 1 / 1"], footers[2]);
        Assert.Equal("Troisième", layout.Sections[2].Pages[0].TextsIn(BoxRegion.Body).Single().Text);
        Assert.Equal("En-tête propre", layout.Sections[2].Pages[0].TextsIn(BoxRegion.Header).Single().Text);
    }

    [Fact]
    public void Layout_KeepsAHeadingWithTheFollowingLines()
    {
        var probe = Layout("<document>" + string.Concat(Enumerable.Range(1, 200).Select(i => $"<p>ligne {i}</p>")) + "</document>");
        int perPage = probe.Pages.First().Texts.Count;
        var filler = string.Concat(Enumerable.Range(1, perPage - 1).Select(i => $"<p>ligne {i}</p>"));
        var layout = Layout($"<document>{filler}<h2>Résultats</h2><p>suite</p></document>");

        Assert.Equal("Résultats", layout.Pages.Last().Texts.First().Text);
    }
}
