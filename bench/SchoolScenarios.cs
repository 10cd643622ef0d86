using CfgResults.Engine.Tests.Support;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace CfgResults.Bench;

/// <summary>
/// Scenario 4: what a school waits for at the counter. A demo session tuned so that the memo's school
/// (0783546F) has <c>students</c> registered students (transcripts published beforehand, not timed) and is
/// the exam centre where <c>sitters</c> candidates sat. Engine: the runner, gate to download file.
/// Baselines, by hand with PDFsharp: releves-notes-masse = open the same stored transcript files and copy
/// their pages into one document; liste-affichage = draw the same names and results (2 columns).
/// </summary>
public static class SchoolScenarios
{
    public static async Task<List<ResultRow>> RunAsync(int students, int sitters, int warmups, int reps, string? postgres = null)
    {
        var uai = DemoSessionGenerator.MemoSchool.Uai;
        var now = DateTimeOffset.UtcNow;
        var (data, satIn) = Tune(DemoSessionGenerator.Generate(new DemoOptions(Math.Max(students, sitters) + 500, 1, now)), uai, students, sitters);
        await using var store = await BenchStore.OpenAsync("school", postgres);
        var on = postgres is null ? "" : " on PostgreSQL";
        var engine = store.Engine;
        await engine.Sessions.ReplaceSessionAsync(data);
        var school = Caller.School(uai, "bench");
        var rows = new List<ResultRow>();
        RunRecord? last = null;

        // liste-affichage
        var liste = await Harness.MeasureAsync(warmups, reps, async () =>
        {
            last = await engine.Runner.RunAsync(new RunRequest("liste-affichage", school, null, new Dictionary<string, string>(), []));
            if (last.State != RunState.Succeeded) throw new InvalidOperationException($"liste-affichage: {last.State} {last.Message}");
        });
        var listed = data.Candidates
            .Where(c => c.State == RegistrationState.Registered && c.Result is not null && !c.RedList && !c.FraudSuspected && !c.ReplacementSession)
            .Where(c => satIn.Contains(c.Number))
            .OrderBy(c => c.LastName, French.Collation).ThenBy(c => c.FirstNames, French.Collation).ThenBy(c => c.Number, French.Collation)
            .Select(c => new[] { $"{c.LastName.ToUpperInvariant()} {c.FirstNames.ToUpperInvariant()}", French.Name(c.Result!.Value) })
            .ToList();
        var listPath = Path.Combine(store.DataDir, "baseline-liste.pdf");
        var listeBaseline = await Harness.MeasureAsync(warmups, reps, () => DrawList(listPath, listed, now));
        rows.Add(new ResultRow($"4b. liste-affichage (runner){on}", $"centre of {Format.Count(sitters)} sitters", liste, listeBaseline,
            $"{Format.Count(last!.RowCount ?? 0)} listed (red list, fraud, replacement left out), {Format.Count(last.PageCount ?? 0)} pages; " +
            $"target < 1 s: **{(liste.Seconds < 1 ? "met" : "NOT met")}**"));
        try
        {
            await MasseAsync(engine, data, uai, school, now, on, store.DataDir, warmups, reps, students, rows);
        }
        catch (Exception e)
        {
            throw new PartialResultsException(rows, e);
        }
        return rows;
    }

    static async Task MasseAsync(TestEngine engine, SessionData data, string uai, Caller school, DateTimeOffset now, string on,
        string dataDir, int warmups, int reps, int students, List<ResultRow> rows)
    {
        RunRecord? last = null;
        var available = ParisTime.ToLocal(now.AddHours(-1)).ToString("dd/MM/yyyy HH:mm", French.Culture);
        var published = await engine.Runner.RunAsync(new RunRequest("publication-releves", Caller.Manager("bench"), null,
            new Dictionary<string, string> { ["disponible_le"] = available, ["etablissement"] = uai }, []));
        if (published.State != RunState.Succeeded) throw new InvalidOperationException($"publication: {published.State} {published.Message}");

        // releves-notes-masse
        var masse = await Harness.MeasureAsync(warmups, reps, async () =>
        {
            last = await engine.Runner.RunAsync(new RunRequest("releves-notes-masse", school, null, new Dictionary<string, string>(), []));
            if (last.State != RunState.Succeeded) throw new InvalidOperationException($"releves-notes-masse: {last.State} {last.Message}");
        });
        var numbers = data.Candidates.Where(c => c.RegistrationSchoolUai == uai && c.State == RegistrationState.Registered).Select(c => c.Number).ToList();
        var versions = await engine.Documents.LatestAvailableAsync(data.Session.Code, numbers, Engine.Publishing.DocumentVersionStore.TranscriptKind, DateTimeOffset.UtcNow);
        // Baseline: the same PDFs merged from plain local files (exported from the store once, outside the measure).
        var paths = new List<string>();
        foreach (var v in versions.OrderBy(v => v.CandidateNumber, StringComparer.Ordinal))
        {
            var path = Path.Combine(dataDir, "baseline-" + v.FileSha256 + ".pdf");
            await File.WriteAllBytesAsync(path, await engine.Blobs.ReadAllAsync(v.FileSha256));
            paths.Add(path);
        }
        var outPath = Path.Combine(dataDir, "baseline-masse.pdf");
        var masseBaseline = await Harness.MeasureAsync(warmups, reps, () => Merge(paths, outPath));
        rows.Add(new ResultRow($"4a. releves-notes-masse (runner){on}", $"school of {Format.Count(students)} students", masse, masseBaseline,
            $"{Format.Count(last!.RowCount ?? 0)} transcripts, {Format.Count(last.PageCount ?? 0)} pages, {Format.Bytes(last.Output?.Bytes ?? 0)}; " +
            $"target < 1 s: **{(masse.Seconds < 1 ? "met" : "NOT met")}**"));
    }

    /// <summary>The first <paramref name="students"/> candidates register at the school; the first <paramref name="sitters"/> sit there.</summary>
    static (SessionData, HashSet<string>) Tune(SessionData data, string uai, int students, int sitters)
    {
        var candidates = data.Candidates.Select((c, i) => i < students ? c with { RegistrationSchoolUai = uai } : c).ToList();
        var sitting = candidates.Take(sitters).Select(c => c.Number).ToHashSet(StringComparer.Ordinal);
        var grades = data.Grades.Select(g => sitting.Contains(g.CandidateNumber) && g.CentreUai is not null ? g with { CentreUai = uai } : g).ToList();
        var satIn = grades.Where(g => g.SatIn(uai)).Select(g => g.CandidateNumber).ToHashSet(StringComparer.Ordinal);
        return (data with { Candidates = candidates, Grades = grades }, satIn);
    }

    static void Merge(List<string> paths, string outPath)
    {
        using var output = new PdfDocument();
        foreach (var path in paths)
        {
            using var source = PdfReader.Open(path, PdfDocumentOpenMode.Import);
            foreach (var page in source.Pages) output.AddPage(page);
        }
        output.Save(outPath);
    }

    static void DrawList(string path, List<string[]> rows, DateTimeOffset now)
    {
        var o = Engine.Documents.LayoutOptions.A4;
        var metrics = Engine.Documents.FontMetrics.Shared;
        var regular = new XFont(Engine.Documents.DocumentFonts.Family, 10, XFontStyleEx.Regular);
        var bold = new XFont(Engine.Documents.DocumentFonts.Family, 10, XFontStyleEx.Bold);
        var ascent = metrics.Ascent(Engine.Documents.FontFace.Regular, 10);
        var rowHeight = metrics.LineHeight(Engine.Documents.FontFace.Regular, 10) + 2 * o.CellPaddingY;
        double[] x = [o.MarginLeft, o.MarginLeft + o.ContentWidth * 0.7, o.MarginLeft + o.ContentWidth];
        var perPage = (int)((o.PageHeight - o.MarginTop - o.MarginBottom - 80) / rowHeight);
        var pen = new XPen(XColors.Black, o.RuleWidth);
        using var document = new PdfDocument();
        document.Info.Title = "Liste d'affichage";
        document.Info.CreationDate = now.UtcDateTime;
        for (var start = 0; start == 0 || start < rows.Count; start += perPage)
        {
            var page = document.AddPage();
            using var gfx = XGraphics.FromPdfPage(page);
            var y = o.MarginTop;
            gfx.DrawString("Nom Prénom", bold, XBrushes.Black, x[0] + o.CellPaddingX, y + o.CellPaddingY + ascent);
            gfx.DrawString("Résultat", bold, XBrushes.Black, x[1] + o.CellPaddingX, y + o.CellPaddingY + ascent);
            y += rowHeight;
            for (var i = start; i < Math.Min(rows.Count, start + perPage); i++)
            {
                gfx.DrawString(rows[i][0], regular, XBrushes.Black, x[0] + o.CellPaddingX, y + o.CellPaddingY + ascent);
                gfx.DrawString(rows[i][1], regular, XBrushes.Black, x[1] + o.CellPaddingX, y + o.CellPaddingY + ascent);
                y += rowHeight;
                gfx.DrawLine(pen, x[0], y, x[2], y);
            }
            foreach (var edge in x) gfx.DrawLine(pen, edge, o.MarginTop, edge, y);
        }
        document.Save(path);
    }
}
