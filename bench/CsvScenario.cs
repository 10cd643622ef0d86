using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Steps;
using CfgResults.Engine.Templates;
using CsvHelper;

namespace CfgResults.Bench;

/// <summary>
/// Scenario 1: the extraction's render.csv step (RunModel.Build + TemplateEngine.RenderCsv of
/// extraction-notes/colonnes.sbn, every optional column on) over N candidates already selected, against a
/// hand-written CsvHelper 34 loop writing the same cells from the same records. Both write to a file; the
/// two files are compared byte for byte after the measure.
/// </summary>
public static class CsvScenario
{
    const string Template = "extraction-notes/colonnes.sbn";

    public static async Task<ResultRow> RunAsync(int candidates, int warmups, int reps)
    {
        try
        {
            return await RunAsync(candidates, warmups, reps, null);
        }
        catch (TemplateRenderException e) when (e.Error.Code == TemplateErrorCodes.LoopLimit)
        {
            // The shipped limit stops this size: measure the path anyway, and say so in the row.
            var raised = TemplateLimits.Default with { CsvLoopLimit = int.MaxValue };
            var row = await RunAsync(candidates, warmups, reps, raised);
            return row with { Notes = $"**default limits FAIL at this size ({e.Error.Code}: {e.Error.Message}); measured with CsvLoopLimit raised**; " + row.Notes };
        }
    }

    static async Task<ResultRow> RunAsync(int candidates, int warmups, int reps, TemplateLimits? limits)
    {
        var now = DateTimeOffset.UtcNow;
        await using var store = await BenchStore.OpenAsync("csv", limits: limits);
        var data = DemoSessionGenerator.Generate(new DemoOptions(candidates, 1, now));
        var (context, records, columns) = ExtractionContext(store, data, now, "bench-csv");
        IStepKind step = new RenderCsv();
        var options = new RenderCsv.Options(Template);
        string? engineFile = null;

        var engine = await Harness.MeasureAsync(warmups, reps, async () =>
        {
            if (engineFile is not null) File.Delete(engineFile);
            await step.ExecuteAsync(options, context, CancellationToken.None);
            engineFile = context.Rendered!.TempPath;
        });

        var baselineFile = Path.Combine(store.DataDir, "baseline.csv");
        var baseline = await Harness.MeasureAsync(warmups, reps, () => WriteByHand(baselineFile, records, columns));

        var same = File.ReadAllBytes(engineFile!).AsSpan().SequenceEqual(File.ReadAllBytes(baselineFile));
        var bytes = new FileInfo(engineFile!).Length;
        var rows = context.RowCount ?? 0;
        return new ResultRow("1. CSV extraction (render.csv)", $"{Format.Count(candidates)} rows × {columns.Count + 6} cols", engine, baseline,
            $"{Format.Count((long)(rows / engine.Seconds))} rows/s; {Format.Bytes(bytes)}; output {(same ? "byte-identical to baseline" : "DIFFERS from baseline")}");
    }

    /// <summary>The extraction's render step context over <paramref name="data"/>, every optional column on (shared with the XLSX row).</summary>
    internal static (RunContext Context, List<CandidateRecord> Records, List<Exam> Columns) ExtractionContext(BenchStore store, SessionData data, DateTimeOffset now, string runId)
    {
        var records = BenchContexts.Records(data);
        var columns = data.Exams.OrderBy(e => e.Order).ThenBy(e => e.Code, StringComparer.Ordinal).ToList();
        var context = new RunContext
        {
            RunId = runId,
            Definition = store.Engine.Definitions.Get("extraction-notes")!.Definition,
            Caller = Engine.Accounts.Caller.School(DemoSessionGenerator.MemoSchool.Uai, "bench"),
            Session = BenchContexts.SessionContextOf(data, now),
            Parameters = new Dictionary<string, object?>
            {
                ["groupe_decision"] = "CFG-78", ["inclure_nom"] = true, ["inclure_identifiant"] = true,
                ["inclure_ine"] = true, ["inclure_date_naissance"] = true,
            },
            Criteria = [],
            Now = now,
            Services = store.Engine.Services,
            Data = new Dataset { Candidates = records, Columns = columns },
            Pivoted = true,
        };
        return (context, records, columns);
    }

    static readonly CsvWriterOptions Options = new()
    {
        Separator = ';',
        NewLine = "\r\n",
        WriteByteOrderMark = true,
        Quoting = CsvQuoting.WhenNeeded,
        Injection = CsvInjection.Escape,
        InjectionEscape = '\'',
        FormatProvider = French.Culture,
    };

    /// <summary>What a developer would write without the engine: the same cells, straight from the records.</summary>
    static void WriteByHand(string path, List<CandidateRecord> records, List<Exam> columns)
    {
        var culture = French.Culture;
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using (var csv = CsvWriter.Create(fs, Options, leaveOpen: true))
        {
            foreach (var h in new[] { "Nom", "Prénoms", "Numéro candidat", "INE", "Date de naissance" }) csv.WriteField(h);
            foreach (var e in columns) csv.WriteField(e.Label);
            csv.WriteField("Résultat");
            csv.EndRecord();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++) index[columns[i].Code] = i;
            var cells = new GradeValue?[columns.Count];
            foreach (var r in records)
            {
                var c = r.Candidate;
                csv.WriteField(c.LastName);
                csv.WriteField(c.FirstNames);
                csv.WriteField(c.Number);
                csv.WriteField(c.Ine ?? "");
                csv.WriteField(c.BirthDate.ToString("dd/MM/yyyy", culture));
                Array.Clear(cells);
                foreach (var g in r.Grades)
                    if (index.TryGetValue(g.ExamCode, out var k)) cells[k] = g.Value;
                foreach (var v in cells)
                {
                    switch (v)
                    {
                        case { Kind: GradeKind.Points, Points: { } p }: csv.WriteField(p / 1.0000000000000000000000000000m, default, culture); break;
                        case { Kind: GradeKind.Absent }: csv.WriteField("AB"); break;
                        case { Kind: GradeKind.Exempted }: csv.WriteField("DI"); break;
                        default: csv.WriteField(""); break;
                    }
                }
                csv.WriteField(c.FraudSuspected ? "Résultat réservé" : c.Result is { } res ? French.Name(res) : "");
                csv.EndRecord();
            }
        }
    }
}
