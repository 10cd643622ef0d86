using CfgResults.Engine.Demo;
using CfgResults.Engine.Running;
using CfgResults.Engine.Steps;
using CfgResults.Engine.Templates;

namespace CfgResults.Bench;

/// <summary>
/// Scenario 1b: the extraction as a workbook (render.xlsx: the same template through SpreadCheetah) against the
/// same extraction as a CSV (render.csv) over the same selected candidates, in the same run. Run at two sizes: the
/// workbook is streamed, so the heap it adds over the CSV stays the same from the smaller size to the larger one
/// (the candidates themselves are in memory for both, as in the CSV row).
/// </summary>
public static class XlsxScenario
{
    const string Template = "extraction-notes/colonnes.sbn";

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(IReadOnlyList<int> sizes, int warmups, int reps)
    {
        var rows = new List<ResultRow>();
        foreach (var size in sizes) rows.Add(await RunAsync(size, warmups, reps));
        return rows;
    }

    static async Task<ResultRow> RunAsync(int candidates, int warmups, int reps)
    {
        var now = DateTimeOffset.UtcNow;
        var limits = TemplateLimits.Default with { CsvLoopLimit = int.MaxValue };
        await using var store = await BenchStore.OpenAsync("xlsx", limits: limits);
        var data = DemoSessionGenerator.Generate(new DemoOptions(candidates, 1, now));
        var (context, _, columns) = CsvScenario.ExtractionContext(store, data, now, "bench-xlsx");

        async Task<(Measurement, long Bytes)> Measure(IStepKind step, object options)
        {
            string? file = null;
            var m = await Harness.MeasureAsync(warmups, reps, async () =>
            {
                if (file is not null) File.Delete(file);
                await step.ExecuteAsync(options, context, CancellationToken.None);
                file = context.Rendered!.TempPath;
            });
            var bytes = new FileInfo(file!).Length;
            File.Delete(file!);
            return (m, bytes);
        }

        var (xlsx, xlsxBytes) = await Measure(new RenderXlsx(), new RenderXlsx.Options(Template));
        var rows = context.RowCount ?? 0;
        var (csv, csvBytes) = await Measure(new RenderCsv(), new RenderCsv.Options(Template));
        return new ResultRow("1b. XLSX extraction (render.xlsx) vs render.csv", $"{Format.Count(candidates)} rows × {columns.Count + 6} cols", xlsx, csv,
            $"{Format.Count((long)(rows / xlsx.Seconds))} rows/s; {Format.Bytes(xlsxBytes)} (CSV {Format.Bytes(csvBytes)}); " +
            $"peak heap {Format.Bytes(xlsx.PeakHeapBytes)} vs CSV {Format.Bytes(csv.PeakHeapBytes)} (+{Format.Bytes(Math.Max(0, xlsx.PeakHeapBytes - csv.PeakHeapBytes))})");
    }
}
