using System.Text;
using CfgResults.Engine.Documents;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CfgResults.Bench;

/// <summary>
/// Scenario 2: one table of R rows × 3 columns spanning thousands of pages. Engine: DocumentPipeline.RenderPdf
/// of the markup (parse, layout with repeated header rows and rules, PDFsharp drawing, determinism pass).
/// Baseline: PDFsharp by hand, the same rows on the same number of pages: per page a bold header row and
/// the table's vertical rules, per row three DrawString and one horizontal rule. The markup text is made
/// before the clock starts (a template would produce it in the real path).
/// </summary>
public static class PdfScenario
{
    static readonly string[] Results = ["Admis", "Refusé", "Absent", "Non délibéré"];

    public static async Task<ResultRow> RunAsync(int rows, int warmups, int reps)
    {
        var now = DateTimeOffset.UtcNow;
        var dir = Path.Combine(Path.GetTempPath(), $"cfgresults-bench-pdf-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var cells = Enumerable.Range(0, rows).Select(Row).ToArray();
            var markup = Markup(cells);
            var enginePath = Path.Combine(dir, "engine.pdf");
            DocumentStats? stats = null;
            var engine = await Harness.MeasureAsync(warmups, reps, () =>
            {
                using var fs = new FileStream(enginePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                stats = DocumentPipeline.RenderPdf(markup, new PdfRenderOptions(now, "bench-pdf"), fs);
            });
            var pages = stats!.Pages;
            var perPage = (int)Math.Ceiling(rows / (double)pages);
            var baselinePath = Path.Combine(dir, "baseline.pdf");
            var baselinePages = 0;
            var baseline = await Harness.MeasureAsync(warmups, reps, () => baselinePages = DrawByHand(baselinePath, cells, perPage, now));
            return new ResultRow("2. PDF long table (DocumentPipeline)", $"{Format.Count(rows)} rows × 3 cols, {Format.Count(pages)} pages", engine, baseline,
                $"{Format.Count((long)(pages / engine.Seconds))} pages/s; engine {Format.Bytes(new FileInfo(enginePath).Length)}, " +
                $"baseline {Format.Bytes(new FileInfo(baselinePath).Length)} ({Format.Count(baselinePages)} pages); markup {Format.Count(markup.Length)} chars");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static (string Number, string Name, string Result) Row(int i) =>
        ($"0781{i:0000000}", $"NOM{i % 9973} Prénom{i % 997}", Results[i % Results.Length]);

    static string Markup((string Number, string Name, string Result)[] cells)
    {
        var sb = new StringBuilder(cells.Length * 80);
        sb.Append("<document title=\"Banc d'essai\" lang=\"fr\">\n<table widths=\"25,50,25\">\n<thead><tr><th>Numéro</th><th>Nom Prénom</th><th>Résultat</th></tr></thead>\n<tbody>\n");
        foreach (var (n, name, r) in cells)
            sb.Append("<tr><td>").Append(n).Append("</td><td>").Append(name).Append("</td><td>").Append(r).Append("</td></tr>\n");
        sb.Append("</tbody>\n</table>\n</document>\n");
        return sb.ToString();
    }

    /// <summary>The same table drawn with PDFsharp directly, on the page geometry the engine uses (A4, 20/15 mm margins).</summary>
    static int DrawByHand(string path, (string Number, string Name, string Result)[] cells, int perPage, DateTimeOffset now)
    {
        var o = LayoutOptions.A4;
        var metrics = FontMetrics.Shared;
        var regular = new XFont(DocumentFonts.Family, 10, XFontStyleEx.Regular);
        var bold = new XFont(DocumentFonts.Family, 10, XFontStyleEx.Bold);
        var ascent = metrics.Ascent(FontFace.Regular, 10);
        var rowHeight = metrics.LineHeight(FontFace.Regular, 10) + 2 * o.CellPaddingY;
        double[] x = [o.MarginLeft, o.MarginLeft + o.ContentWidth * 0.25, o.MarginLeft + o.ContentWidth * 0.75, o.MarginLeft + o.ContentWidth];
        var pen = new XPen(XColors.Black, o.RuleWidth);
        using var document = new PdfDocument();
        document.Info.Title = "Banc d'essai";
        document.Info.CreationDate = now.UtcDateTime;
        for (var start = 0; start < cells.Length; start += perPage)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(o.PageWidth);
            page.Height = XUnit.FromPoint(o.PageHeight);
            using var gfx = XGraphics.FromPdfPage(page);
            var y = o.MarginTop;
            gfx.DrawLine(pen, x[0], y, x[3], y);
            gfx.DrawString("Numéro", bold, XBrushes.Black, x[0] + o.CellPaddingX, y + o.CellPaddingY + ascent);
            gfx.DrawString("Nom Prénom", bold, XBrushes.Black, x[1] + o.CellPaddingX, y + o.CellPaddingY + ascent);
            gfx.DrawString("Résultat", bold, XBrushes.Black, x[2] + o.CellPaddingX, y + o.CellPaddingY + ascent);
            y += rowHeight;
            gfx.DrawLine(pen, x[0], y, x[3], y);
            var end = Math.Min(cells.Length, start + perPage);
            for (var i = start; i < end; i++)
            {
                var (n, name, r) = cells[i];
                var baseLine = y + o.CellPaddingY + ascent;
                gfx.DrawString(n, regular, XBrushes.Black, x[0] + o.CellPaddingX, baseLine);
                gfx.DrawString(name, regular, XBrushes.Black, x[1] + o.CellPaddingX, baseLine);
                gfx.DrawString(r, regular, XBrushes.Black, x[2] + o.CellPaddingX, baseLine);
                y += rowHeight;
                gfx.DrawLine(pen, x[0], y, x[3], y);
            }
            foreach (var edge in x) gfx.DrawLine(pen, edge, o.MarginTop, edge, y);
        }
        var count = document.PageCount;
        document.Save(path);
        return count;
    }
}
