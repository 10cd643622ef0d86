using System.Diagnostics;
using System.Runtime;

namespace CfgResults.Bench;

/// <summary>One measured operation: median wall time of the repetitions and the memory peaks seen while it ran.</summary>
public sealed record Measurement(TimeSpan Median, TimeSpan Min, int Repetitions, long PeakHeapBytes, long PeakWorkingSetBytes, TimeSpan MedianCpu, long PeakLiveHeapBytes = 0, long MedianAllocatedBytes = 0, int Gen2Collections = 0, int Gen0Collections = 0,
    long PeakRetainedBytes = 0)
{
    public double Seconds => Median.TotalSeconds;
}

/// <summary>
/// Times an operation: a warm-up (JIT, caches, pools), then N repetitions, each preceded by a full
/// collection so that one repetition does not pay for the garbage of another. While it runs, a sampler
/// thread reads the managed heap size (GC.GetTotalMemory without collecting) and the process working set
/// every few milliseconds; the peak over all repetitions is kept. The heap peak is the figure to compare
/// (the working set rarely shrinks once grown, so it also carries what earlier scenarios left behind).
/// </summary>
public static class Harness
{
    public static async Task<Measurement> MeasureAsync(int warmups, int repetitions, Func<Task> operation,
        Func<Task>? before = null)
    {
        for (var i = 0; i < warmups; i++)
        {
            if (before is not null) await before();
            await operation();
        }
        var times = new List<TimeSpan>(repetitions);
        var cpus = new List<TimeSpan>(repetitions);
        var allocations = new List<long>(repetitions);
        int gen0s = 0, gen2s = 0;
        using var process = Process.GetCurrentProcess();
        long peakHeap = 0, peakWs = 0, peakLive = 0, peakRetained = 0;
        for (var i = 0; i < repetitions; i++)
        {
            if (before is not null) await before();
            FullCollect();
            using var sampler = new MemorySampler();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
            var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
            var sw = Stopwatch.StartNew();
            await operation();
            sw.Stop();
            allocations.Add(GC.GetTotalAllocatedBytes(precise: true) - allocated0);
            (gen0, gen2) = (GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
            process.Refresh();
            cpus.Add(process.TotalProcessorTime - cpu0);
            var (heap, ws, live, retained) = sampler.Stop();
            peakLive = Math.Max(peakLive, live);
            peakRetained = Math.Max(peakRetained, retained);
            times.Add(sw.Elapsed);
            (gen0s, gen2s) = (gen0s + gen0, gen2s + gen2);
            peakHeap = Math.Max(peakHeap, heap);
            peakWs = Math.Max(peakWs, ws);
        }
        times.Sort();
        cpus.Sort();
        allocations.Sort();
        return new Measurement(times[times.Count / 2], times[0], repetitions, peakHeap, peakWs, cpus[cpus.Count / 2], peakLive, allocations[allocations.Count / 2],
            gen2s / repetitions, gen0s / repetitions, peakRetained);
    }

    public static Task<Measurement> MeasureAsync(int warmups, int repetitions, Action operation) =>
        MeasureAsync(warmups, repetitions, () => { operation(); return Task.CompletedTask; });

    public static void FullCollect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>Samples heap and working set on its own thread until stopped.</summary>
    sealed class MemorySampler : IDisposable
    {
        readonly Thread _thread;
        volatile bool _stop;
        long _peakHeap, _peakWs, _peakLive, _peakRetained;
        readonly long _firstCollection = GC.GetGCMemoryInfo(GCKind.Any).Index;

        public MemorySampler()
        {
            Sample();
            _thread = new Thread(Run) { IsBackground = true, Name = "bench-memory-sampler", Priority = ThreadPriority.AboveNormal };
            _thread.Start();
        }

        void Run()
        {
            while (!_stop)
            {
                Sample();
                Thread.Sleep(5);
            }
        }

        void Sample()
        {
            var heap = GC.GetTotalMemory(false);
            var ws = Environment.WorkingSet;
            // Heap size right after the last collection, less its free fragments: what was alive then, without the garbage since.
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            var live = info.HeapSizeBytes - info.FragmentedBytes;
            if (live > Interlocked.Read(ref _peakLive)) Interlocked.Exchange(ref _peakLive, live);
            // What survived the last full collection (gen 2, background or blocking) made during the operation: the
            // memory the operation really holds, whatever the collector's budgets let the heap grow to in between.
            foreach (var kind in FullKinds)
            {
                var full = GC.GetGCMemoryInfo(kind);
                if (full.Index > _firstCollection && full.PromotedBytes > Interlocked.Read(ref _peakRetained))
                    Interlocked.Exchange(ref _peakRetained, full.PromotedBytes);
            }
            if (heap > Interlocked.Read(ref _peakHeap)) Interlocked.Exchange(ref _peakHeap, heap);
            if (ws > Interlocked.Read(ref _peakWs)) Interlocked.Exchange(ref _peakWs, ws);
        }

        static readonly GCKind[] FullKinds = [GCKind.Background, GCKind.FullBlocking];

        public (long Heap, long WorkingSet, long Live, long Retained) Stop()
        {
            _stop = true;
            _thread.Join();
            Sample();
            return (Interlocked.Read(ref _peakHeap), Interlocked.Read(ref _peakWs), Interlocked.Read(ref _peakLive), Interlocked.Read(ref _peakRetained));
        }

        public void Dispose()
        {
            if (!_stop) Stop();
        }
    }
}

/// <summary>A line of the results table.</summary>
public sealed record ResultRow(string Scenario, string Size, Measurement Engine, Measurement? Baseline, string Notes)
{
    public double? Ratio => Baseline is { } b && b.Seconds > 0 ? Engine.Seconds / b.Seconds : null;
}

public static class Format
{
    public static string Time(TimeSpan t) => t.TotalSeconds >= 10 ? $"{t.TotalSeconds:0.0} s" : t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.00} s" : $"{t.TotalMilliseconds:0} ms";

    public static string Bytes(long b) => b >= 1L << 30 ? $"{b / (double)(1L << 30):0.00} GiB" : b >= 1 << 20 ? $"{b / (double)(1 << 20):0} MiB" : $"{b / 1024.0:0} KiB";

    public static string Count(long n) => n.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);

    public static string Table(IReadOnlyList<ResultRow> rows)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| Scenario | Size | n | Engine (median) | Baseline (median) | Engine / baseline | Engine peak heap | Baseline peak heap | Engine peak RSS | Engine CPU | Baseline CPU | Notes |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            var b = r.Baseline;
            sb.AppendLine($"| {r.Scenario} | {r.Size} | {r.Engine.Repetitions} | {Time(r.Engine.Median)} | {(b is null ? "—" : Time(b.Median))} | " +
                          $"{(r.Ratio is { } x ? $"{x:0.00}×" : "—")} | {Bytes(r.Engine.PeakHeapBytes)} | {(b is null ? "—" : Bytes(b.PeakHeapBytes))} | " +
                          $"{Bytes(r.Engine.PeakWorkingSetBytes)} | {Time(r.Engine.MedianCpu)} | {(b is null ? "—" : Time(b.MedianCpu))} | {r.Notes} |");
        }
        return sb.ToString();
    }
}

/// <summary>A scenario that failed part-way: the rows measured before the failure are still reported.</summary>
public sealed class PartialResultsException(IReadOnlyList<ResultRow> rows, Exception inner) : Exception(inner.Message, inner)
{
    public IReadOnlyList<ResultRow> Rows { get; } = rows;
}
