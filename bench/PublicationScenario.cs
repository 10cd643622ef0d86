using CfgResults.Engine.Accounts;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using Dapper;

namespace CfgResults.Bench;

/// <summary>
/// Scenario 3: publication-releves over a demo session, through the runner (batches of schools, content hash,
/// template, layout, PDF, version rows and PDFs stored in the database in one transaction per batch), on SQLite
/// and, with CFGRESULTS_BENCH_PG, on a fresh PostgreSQL database. Baseline: the same transcripts
/// rendered by hand — for each candidate the runner would publish, the same model (RunModel), the same
/// template (TemplateEngine.RenderText) and DocumentPipeline.RenderPdf into memory, on all cores — with
/// no selection, hashing, versioning or storage. The ratio is therefore the cost of the engine's
/// orchestration and storage around the document pipeline; the pipeline itself is scenario 2's subject.
/// Each repetition starts from a fresh store with the session imported (not timed).
/// </summary>
public static class PublicationScenario
{
    static readonly byte[] BenchSecret = new byte[32];

    const string Template = "releve-notes/releve.sbn";

    public static async Task<List<ResultRow>> RunAsync(IReadOnlyList<int> sizes, int reps, bool baselines, string? postgres = null)
    {
        var rows = new List<ResultRow>();
        // Warm-up on a small session: JIT, fonts, compiled template, SQLite pool.
        // 3,000 candidates: long enough for tiered compilation to reach the optimized code of the drawing path, which a
        // publication of national size runs in for all but its first seconds (with 300, the first row measured paid for it).
        await PublishAsync(3_000, _ => { });
        foreach (var n in sizes)
        {
            Measurement? baseline = null;
            long baselineDocs = 0;
            if (baselines)
                baseline = await MeasureBaselineAsync(n, reps, d => baselineDocs = d);
            foreach (var pg in string.IsNullOrWhiteSpace(postgres) ? [null] : new[] { null, postgres })
            {
                long written = 0, bytes = 0, pages = 0;
                var server = TimeSpan.Zero;
                var loadBefore = LoadAverage();
                var engine = await MeasureEngineAsync(n, reps, (w, b, p, s) => (written, bytes, pages, server) = (w, b, p, s), pg);
                var load = $"load average {loadBefore} → {LoadAverage()}";
                var perSecond = written / engine.Seconds;
                var hostMs = engine.MedianCpu.TotalMilliseconds / Math.Max(1, written);
                var serverMs = server.TotalMilliseconds / Math.Max(1, written);
                rows.Add(new ResultRow($"3. publication-releves (runner, {(pg is null ? "SQLite" : "PostgreSQL")})", $"{Format.Count(n)} candidates → {Format.Count(written)} transcripts", engine, baseline,
                    $"**{Format.Count((long)perSecond)} transcripts/s** (target ≥ 1,800); **{Format.Bytes(written == 0 ? 0 : bytes / written)} per stored version** " +
                    $"(target ≤ 20 KiB); {Format.Count(pages)} pages; {load}" +
                    (pg is null ? $"; CPU {hostMs:0.00} ms/transcript" : $"; CPU {hostMs + serverMs:0.00} ms/transcript (host {hostMs:0.00} + PostgreSQL backends {serverMs:0.00})") +
                    $"; derived 2 cores × 1000 / CPU ms = {2000 / Math.Max(0.001, hostMs + serverMs):#,0} transcripts/s" +
                    $"; allocated {Format.Bytes(engine.MedianAllocatedBytes / Math.Max(1, written))}/transcript, {engine.Gen0Collections} gen0 / {engine.Gen2Collections} gen2 collections" +
                    $", {Format.Bytes(engine.PeakRetainedBytes)} surviving the full collections (peak)" +
                    (baseline is null ? "" : $"; baseline {Format.Count((long)(baselineDocs / baseline.Seconds))} transcripts/s, CPU {baseline.MedianCpu.TotalMilliseconds / Math.Max(1, baselineDocs):0.00} ms/transcript " +
                                                  $"(derived {2000 / Math.Max(0.001, baseline.MedianCpu.TotalMilliseconds / Math.Max(1, baselineDocs)):#,0}/s), " +
                                                  $"allocated {Format.Bytes(baseline.MedianAllocatedBytes / Math.Max(1, baselineDocs))}/transcript, {baseline.Gen0Collections} gen0 / {baseline.Gen2Collections} gen2")));
                // Each row as soon as it is measured: a long run stopped part-way still leaves its rows.
                Console.Error.Write($"[bench] row measured at {DateTime.UtcNow:HH:mm} UTC:{Environment.NewLine}{Format.Table([rows[^1]])}");
            }
        }
        return rows;
    }

    /// <summary>The 1-minute load average (Linux), to say how busy the shared machine was.</summary>
    static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    static async Task<Measurement> MeasureEngineAsync(int n, int reps, Action<long, long, long, TimeSpan> report, string? postgres)
    {
        BenchStore? store = null;
        string? database = null;
        RunRequest? request = null;
        try
        {
            return await Harness.MeasureAsync(0, reps, async () =>
            {
                // PostgreSQL: the server's CPU for this database counts too (its backends, read from /proc).
                using var server = database is null ? null : new ServerCpu(database);
                var run = await store!.Engine.Runner.RunAsync(request!);
                var serverCpu = server?.Stop() ?? TimeSpan.Zero;
                if (run.State != RunState.Succeeded) throw new InvalidOperationException($"publication: {run.State} {run.Message}");
                await using var cn = await store.Engine.Database.OpenAsync();
                var (count, sum) = await cn.QuerySingleAsync<(long, long)>("SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM document_versions");
                report(count, sum, run.PageCount ?? 0, serverCpu);
            }, before: async () =>
            {
                if (store is not null) await store.DisposeAsync();
                store = null;
                if (database is not null) await BenchDatabases.DropAsync(postgres!, database);
                Harness.FullCollect();
                string? connection = null;
                if (postgres is not null) (database, connection) = await BenchDatabases.CreateAsync(postgres, "bench_pub");
                store = await BenchStore.OpenAsync("publication", connection);
                var now = DateTimeOffset.UtcNow;
                await store.Engine.Sessions.ReplaceSessionAsync(DemoSessionGenerator.Generate(new DemoOptions(n, 1, now)));
                request = new RunRequest("publication-releves", Caller.Manager("bench"), null,
                    new Dictionary<string, string> { ["disponible_le"] = ParisTime.ToLocal(now.AddHours(-1)).ToString("dd/MM/yyyy HH:mm", French.Culture) }, []);
            });
        }
        finally
        {
            if (store is not null) await store.DisposeAsync();
            if (database is not null) await BenchDatabases.DropAsync(postgres!, database);
        }
    }

    /// <summary>Publishes a session of n candidates once (used for the warm-up).</summary>
    static async Task PublishAsync(int n, Action<long> report)
    {
        await using var store = await BenchStore.OpenAsync("publication-warmup");
        var now = DateTimeOffset.UtcNow;
        await store.Engine.Sessions.ReplaceSessionAsync(DemoSessionGenerator.Generate(new DemoOptions(n, 1, now)));
        var run = await store.Engine.Runner.RunAsync(new RunRequest("publication-releves", Caller.Manager("bench"), null,
            new Dictionary<string, string> { ["disponible_le"] = ParisTime.ToLocal(now).ToString("dd/MM/yyyy HH:mm", French.Culture) }, []));
        if (run.State != RunState.Succeeded) throw new InvalidOperationException($"publication: {run.State} {run.Message}");
        report(run.RowCount ?? 0);
    }

    static async Task<Measurement> MeasureBaselineAsync(int n, int reps, Action<long> report)
    {
        await using var store = await BenchStore.OpenAsync("publication-baseline");
        var now = DateTimeOffset.UtcNow;
        var data = DemoSessionGenerator.Generate(new DemoOptions(n, 1, now));
        var session = BenchContexts.SessionContextOf(data, now);
        var definition = store.Engine.Definitions.Get("publication-releves")!.Definition;
        var templates = store.Engine.Templates;
        var available = ParisTime.ToLocal(now.AddHours(-1));
        var parameters = new Dictionary<string, object?>
        {
            ["disponible_le"] = available, ["planifier_le"] = null, ["groupe_decision"] = null, ["etablissement"] = null,
            ["publie_par"] = "Service Examens et Concours",
        };
        RunContext ContextFor(string uai) => new()
        {
            RunId = "bench-baseline", Definition = definition, Caller = Caller.School(uai, "bench"), Session = session,
            Parameters = parameters, Criteria = [], Now = now, Services = store.Engine.Services,
        };
        var contexts = data.Schools.ToDictionary(s => s.Uai, s => ContextFor(s.Uai), StringComparer.Ordinal);
        var bases = contexts.ToDictionary(c => c.Key, c => RunModel.Base(c.Value), StringComparer.Ordinal);
        // The candidates the publication selects: état Inscrit and no présomption de fraude.
        var records = BenchContexts.Records(data, c => c.State == RegistrationState.Registered && !c.FraudSuspected);
        data = null;
        var measurement = await Harness.MeasureAsync(0, reps, () =>
        {
            long docs = 0;
            Parallel.ForEach(records, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, record =>
            {
                var uai = record.Candidate.RegistrationSchoolUai;
                var model = new Dictionary<string, object?>(bases[uai])
                {
                    ["candidat"] = RunModel.CandidateModel(record, session.Exams, contexts[uai]),
                    ["document"] = new Dictionary<string, object?>
                    {
                        ["version"] = 1, ["genere_le"] = available, ["disponible_le"] = available, ["publie_par"] = "Service Examens et Concours",
                        // The verification block (code and QR code) the publication step prints, with a code derived the same way.
                        ["code_verification"] = VerificationCode.Derive(BenchSecret, session.Session.Code, record.Candidate.Number, 1),
                        ["adresse_verification"] = "http://localhost:5000/verification",
                        ["url_verification"] = "http://localhost:5000/verification/" + VerificationCode.Derive(BenchSecret, session.Session.Code, record.Candidate.Number, 1),
                    },
                };
                var markup = templates.RenderText(Template, model, CancellationToken.None);
                using var ms = new MemoryStream();
                DocumentPipeline.RenderPdf(markup, new PdfRenderOptions(now, record.Candidate.Number), ms);
                Interlocked.Increment(ref docs);
            });
            report(docs);
        });
        return measurement;
    }
}

/// <summary>Fresh PostgreSQL databases for a measure (created and dropped through the admin connection).</summary>
public static class BenchDatabases
{
    public static async Task<(string Name, string Connection)> CreateAsync(string admin, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using (var cn = new Npgsql.NpgsqlConnection(admin))
        {
            await cn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", cn);
            await cmd.ExecuteNonQueryAsync();
        }
        return (name, new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    public static async Task DropAsync(string admin, string name)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var cn = new Npgsql.NpgsqlConnection(admin);
        await cn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cn);
        await cmd.ExecuteNonQueryAsync();
    }
}
