using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;

namespace CfgResults.Bench;

/// <summary>
/// `--only profile`: where one transcript's time goes, stage by stage, on one thread (model, content hash,
/// template, markup parse, layout, PDF drawing + save, SHA-256 of the file), with the time and the bytes allocated. Printed, not tabled: it
/// explains scenario 3 rather than measuring it.
/// </summary>
public static class ProfileScenario
{
    public static async Task RunAsync(int candidates)
    {
        await using var store = await BenchStore.OpenAsync("profile");
        var now = DateTimeOffset.UtcNow;
        var data = DemoSessionGenerator.Generate(new DemoOptions(candidates, 1, now));
        var session = BenchContexts.SessionContextOf(data, now);
        var records = BenchContexts.Records(data, c => c.State == RegistrationState.Registered && !c.FraudSuspected);
        var context = new RunContext
        {
            RunId = "profile", Definition = store.Engine.Definitions.Get("publication-releves")!.Definition,
            Caller = Caller.School(DemoSessionGenerator.MemoSchool.Uai, "bench"), Session = session,
            Parameters = new Dictionary<string, object?> { ["disponible_le"] = ParisTime.ToLocal(now) }, Criteria = [], Now = now,
            Services = store.Engine.Services,
        };
        var baseModel = RunModel.Base(context);
        var stages = new[] { "model", "hash", "template", "parse", "layout", "pdf", "sha256" };
        var totals = new double[stages.Length];
        var allocated = new long[stages.Length];
        long bytes = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            Array.Clear(totals);
            Array.Clear(allocated);
            bytes = 0;
            foreach (var record in records)
            {
                var t = Stopwatch.GetTimestamp();
                var a = GC.GetAllocatedBytesForCurrentThread();
                void Lap(int i)
                {
                    var n = Stopwatch.GetTimestamp();
                    var b = GC.GetAllocatedBytesForCurrentThread();
                    totals[i] += Stopwatch.GetElapsedTime(t, n).TotalMilliseconds;
                    allocated[i] += b - a;
                    t = n;
                    a = b;
                }
                var candidate = RunModel.CandidateModel(record, session.Exams, context);
                Lap(0);
                var stable = new Dictionary<string, object?>(baseModel) { ["candidat"] = candidate };
                _ = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(stable));
                Lap(1);
                var model = new Dictionary<string, object?>(baseModel)
                {
                    ["candidat"] = candidate,
                    ["document"] = new Dictionary<string, object?> { ["version"] = 1, ["genere_le"] = context.LocalNow, ["disponible_le"] = context.LocalNow, ["publie_par"] = "X",
                        ["code_verification"] = "7K2M-QX9D-4HTR", ["adresse_verification"] = "http://localhost:5000/verification", ["url_verification"] = "http://localhost:5000/verification/7K2M-QX9D-4HTR" },
                };
                var markup = store.Engine.Templates.RenderText("releve-notes/releve.sbn", model, CancellationToken.None);
                Lap(2);
                var doc = MarkupParser.Parse(markup);
                Lap(3);
                var layout = LayoutEngine.Layout(doc);
                Lap(4);
                using var ms = new MemoryStream();
                PdfRenderer.Render(layout, new PdfRenderOptions(now, record.Candidate.Number), ms);
                Lap(5);
                _ = SHA256.HashData(ms.GetBuffer().AsSpan(0, (int)ms.Length));
                Lap(6);
                bytes += ms.Length;
            }
        }
        var sum = totals.Sum();
        Console.WriteLine($"Transcript pipeline, one thread, {records.Count} transcripts (second pass): {sum / records.Count:0.00} ms each, {Format.Bytes(bytes / records.Count)} each");
        Console.WriteLine();
        Console.WriteLine("| Stage | ms per transcript | share | allocated per transcript |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (var i = 0; i < stages.Length; i++)
            Console.WriteLine($"| {stages[i]} | {totals[i] / records.Count:0.000} | {totals[i] / sum:P0} | {Format.Bytes(allocated[i] / records.Count)} |");
        Console.WriteLine();
    }
}
