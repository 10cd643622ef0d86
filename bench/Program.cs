using System.Diagnostics;
using System.Runtime;
using CfgResults.Bench;
using CfgResults.Engine.Documents;

// dotnet run -c Release --project bench -- [--quick] [--only csv|xlsx|pdf|publication|school|import|profile] [--reps N] [--publication-sizes 20000,100000] [--no-publication-baseline]
var quick = args.Contains("--quick");
string? only = null;
int? repsOverride = null;
int[]? publicationSizes = null;
var publicationBaseline = !args.Contains("--no-publication-baseline");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--only" when i + 1 < args.Length: only = args[++i]; break;
        case "--reps" when i + 1 < args.Length: repsOverride = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--publication-sizes" when i + 1 < args.Length:
            publicationSizes = args[++i].Split(',').Select(x => int.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray(); break;
        case "--quick" or "--no-publication-baseline": break;
        case "--only" or "--reps": Console.Error.WriteLine($"{args[i]} demande une valeur"); return 2;
        default: Console.Error.WriteLine($"argument inconnu : {args[i]}"); return 2;
    }
}
string[] names = ["csv", "xlsx", "pdf", "publication", "school", "import", "profile"];
if (only is not null && !names.Contains(only))
{
    Console.Error.WriteLine($"scénario inconnu « {only} » (connus : {string.Join(", ", names)})");
    return 2;
}
bool Runs(string name) => only is null ? name != "profile" : only == name;

var reps = repsOverride ?? (quick ? 1 : 3);
var warmups = 1;
var postgres = Environment.GetEnvironmentVariable("CFGRESULTS_BENCH_PG");
DocumentFonts.Configure(DocumentFonts.DefaultFolder);

Console.WriteLine($"# CfgResults benchmark{(quick ? " (--quick: tiny sizes)" : "")}");
Console.WriteLine();
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC" +
                  $"{(GCSettings.LatencyMode == GCLatencyMode.SustainedLowLatency ? "" : $" ({GCSettings.LatencyMode})")}, " +
                  $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; median of n repetitions after {warmups} warm-up.");
Console.WriteLine();

var rows = new List<ResultRow>();
var failures = new List<string>();
var total = Stopwatch.StartNew();
async Task Scenario(string name, Func<Task<IEnumerable<ResultRow>>> run)
{
    if (!Runs(name)) return;
    var sw = Stopwatch.StartNew();
    Console.Error.WriteLine($"[bench] {name}…");
    List<ResultRow> produced;
    try
    {
        produced = (await run()).ToList();
    }
    catch (Exception e)
    {
        if (e is PartialResultsException partial) rows.AddRange(partial.Rows);
        // A scenario that breaks is a finding: it goes in the table and the exit code, the others still run.
        Console.Error.WriteLine($"[bench] {name} FAILED: {e}");
        var cause = e is PartialResultsException { InnerException: { } inner } ? inner : e;
        failures.Add($"{name}: {cause.GetType().Name}: {cause.Message.ReplaceLineEndings(" ")}");
        return;
    }
    rows.AddRange(produced);
    foreach (var r in produced) Console.Error.WriteLine($"[bench]   {r.Scenario} {r.Size}: engine {Format.Time(r.Engine.Median)}, baseline {(r.Baseline is null ? "—" : Format.Time(r.Baseline.Median))}; {r.Notes}");
    Console.Error.WriteLine($"[bench] {name} done in {sw.Elapsed.TotalSeconds:0.0} s");
}

if (Runs("profile")) await ProfileScenario.RunAsync(quick ? 300 : 3_000);
await Scenario("csv", async () => [await CsvScenario.RunAsync(quick ? 2_000 : 100_000, warmups, reps)]);
await Scenario("xlsx", async () => await XlsxScenario.RunAsync(quick ? [2_000] : [20_000, 100_000], warmups, reps));
await Scenario("pdf", async () => [await PdfScenario.RunAsync(quick ? 4_000 : 470_000, warmups, reps)]);
await Scenario("publication", async () => await PublicationScenario.RunAsync(publicationSizes ?? (quick ? [200, 1_000] : [20_000, 100_000]), repsOverride ?? 1, publicationBaseline, postgres));
await Scenario("school", async () => await SchoolScenarios.RunAsync(quick ? 60 : 300, quick ? 200 : 2_000, warmups, reps));
if (!string.IsNullOrWhiteSpace(postgres))
    await Scenario("school", async () => await SchoolScenarios.RunAsync(quick ? 60 : 300, quick ? 200 : 2_000, warmups, reps, postgres));
await Scenario("import", async () => [await ImportScenario.RunAsync(quick ? 2_000 : 100_000, quick ? 0 : warmups, reps, null)]);
if (!string.IsNullOrWhiteSpace(postgres))
    await Scenario("import", async () => [await ImportScenario.RunAsync(quick ? 2_000 : 100_000, quick ? 0 : warmups, reps, postgres)]);
else if (Runs("import") || Runs("school"))
    Console.Error.WriteLine("[bench] PostgreSQL rows skipped: CFGRESULTS_BENCH_PG is not set");

Console.WriteLine(Format.Table(rows));
foreach (var f in failures) Console.WriteLine($"**FAILED** {f}");
Console.WriteLine($"Process peak working set: {Format.Bytes(Process.GetCurrentProcess().PeakWorkingSet64)}; total {total.Elapsed.TotalSeconds:0} s.");
foreach (var store in new[] { "SQLite", "PostgreSQL" })
{
    // Memory flat from the smallest to the largest size (issue 9, item 6), per store.
    var pub = rows.Where(r => r.Scenario.StartsWith($"3. publication-releves (runner, {store}", StringComparison.Ordinal)).ToList();
    if (pub.Count < 2) continue;
    Console.WriteLine($"Publication memory ({store}), {pub[0].Size} vs {pub[^1].Size}: peak heap {Format.Bytes(pub[0].Engine.PeakHeapBytes)} vs {Format.Bytes(pub[^1].Engine.PeakHeapBytes)} " +
                      $"(×{pub[^1].Engine.PeakHeapBytes / (double)Math.Max(1, pub[0].Engine.PeakHeapBytes):0.00}); peak heap after a collection (live) " +
                      $"{Format.Bytes(pub[0].Engine.PeakLiveHeapBytes)} vs {Format.Bytes(pub[^1].Engine.PeakLiveHeapBytes)} " +
                      $"(×{pub[^1].Engine.PeakLiveHeapBytes / (double)Math.Max(1, pub[0].Engine.PeakLiveHeapBytes):0.00}); " +
                      $"survivors of the full (gen 2) collections, peak {Format.Bytes(pub[0].Engine.PeakRetainedBytes)} vs {Format.Bytes(pub[^1].Engine.PeakRetainedBytes)} " +
                      $"(×{pub[^1].Engine.PeakRetainedBytes / (double)Math.Max(1, pub[0].Engine.PeakRetainedBytes):0.00}).");
}
return failures.Count == 0 ? 0 : 1;
