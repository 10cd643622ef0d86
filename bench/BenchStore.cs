using CfgResults.Engine.Tests.Support;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Running;
using CfgResults.Engine.Templates;

namespace CfgResults.Bench;

/// <summary>
/// A throw-away engine: its own data folder under the temp directory (SQLite), or a fresh PostgreSQL
/// schema-less database when asked; deleted when disposed so that a 100,000-transcript run leaves nothing.
/// </summary>
public sealed class BenchStore : IAsyncDisposable
{
    public required TestEngine Engine { get; init; }
    public required string DataDir { get; init; }

    public static async Task<BenchStore> OpenAsync(string label, string? postgres = null, TemplateLimits? limits = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"cfgresults-bench-{label}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var engine = await TestEngine.OpenAsync(new EngineOptions { DataDir = dir, PostgresConnection = postgres, TemplateLimits = limits ?? TemplateLimits.Default }, TimeProvider.System);
        return new BenchStore { Engine = engine, DataDir = dir };
    }

    public async ValueTask DisposeAsync()
    {
        switch (Engine.Database)
        {
            case IAsyncDisposable a: await a.DisposeAsync(); break;
            case IDisposable d: d.Dispose(); break;
        }
        // CFGRESULTS_BENCH_KEEP=1 keeps the store for a look with sqlite3 (query plans).
        if (Environment.GetEnvironmentVariable("CFGRESULTS_BENCH_KEEP") == "1") Console.Error.WriteLine($"[bench] kept {DataDir}");
        else if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true);
    }
}

/// <summary>Run contexts built by hand, for scenarios that call a step or the run model without the runner.</summary>
public static class BenchContexts
{
    public static SessionContext SessionContextOf(SessionData data, DateTimeOffset now) =>
        new(data.Session, now, data.Schools, data.Exams, [], data.Candidates.Select(c => c.DecisionGroup).Distinct().Order(StringComparer.Ordinal).ToList());

    /// <summary>Each candidate with their grades, in candidate order.</summary>
    public static List<CandidateRecord> Records(SessionData data, Func<Candidate, bool>? keep = null)
    {
        var grades = data.Grades.GroupBy(g => g.CandidateNumber, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Grade>)g.ToList(), StringComparer.Ordinal);
        return data.Candidates.Where(c => keep?.Invoke(c) ?? true)
            .Select(c => new CandidateRecord(c, grades.TryGetValue(c.Number, out var g) ? g : []))
            .ToList();
    }
}
