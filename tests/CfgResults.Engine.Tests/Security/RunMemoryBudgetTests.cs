using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Running;
using CfgResults.Engine.Templates;
using CfgResults.Engine.Tests.Running;
using CfgResults.Engine.Tests.Support;
using CfgResults.Engine.Versioning;

namespace CfgResults.Engine.Tests.Security;

/// <summary>
/// Issue 11, « a memory budget per render and per run »: each render of a run may stay under its own budget (TPL113) while
/// the renders of the run, alive at once, together hold far more — the transcripts of a publication are drawn in parallel.
/// What a run's renders hold at once is bounded by <see cref="TemplateLimits.RunMemoryBudget"/> (TPL114, SECURITY.md row 6).
/// </summary>
public sealed class RunMemoryBudgetTests
{
    const long MiB = 1024 * 1024;
    static readonly Dictionary<string, object?> Model = new() { ["texte"] = "abc" };

    /// <summary>Builds and keeps 50 strings of 1 M characters (100 MB), then waits at its include until the test lets it go.</summary>
    const string Holder = """
        {{ x = 'x' | string.pad_right 1000000
           garde = []
           for i in 1..50
             garde = garde | array.add (x | string.append i)
           end }}{{ include "budget/attente.sbn" }}{{ garde | array.size }}
        """;

    /// <summary>Builds and keeps 30 strings of 1 M characters (60 MB, each alone well under the 128 MiB of a render).</summary>
    const string Middle = """
        {{ y = 'y' | string.pad_right 1000000
           moyen = []
           for i in 1..30
             moyen = moyen | array.add (y | string.append i)
           end
           moyen | array.size }}
        """;

    /// <summary>A source whose `budget/attente.sbn` holds the render that includes it until <see cref="Release"/>.</summary>
    sealed class WaitingSource(InMemoryTemplateSource inner) : ITemplateSource
    {
        public readonly ManualResetEventSlim Entered = new();
        public readonly ManualResetEventSlim Release = new();

        public string? Read(string name)
        {
            if (name != "budget/attente.sbn") return inner.Read(name);
            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(60));
            return "";
        }

        public IEnumerable<string> List() => inner.List();
    }

    [Fact]
    public async Task RendersOfOneRun_EachUnderItsBudget_AreStoppedTogether_AtThePlace_WithTheirMemoryBounded()
    {
        var limits = TemplateLimits.Default with { RunMemoryBudget = 150 * MiB };
        var source = new WaitingSource(new InMemoryTemplateSource().Set("budget/garde.sbn", Holder).Set("budget/moyen.sbn", Middle));
        var engine = new TemplateEngine(source, limits);
        var run = engine.ForRun("edition-1");

        // A first render of the run holds 100 MB and stays alive.
        var holder = Task.Run(() => run.RenderText("budget/garde.sbn", Model, CancellationToken.None));
        await Task.WhenAny(holder, Task.Run(() => source.Entered.Wait(TimeSpan.FromSeconds(60))));
        Assert.True(source.Entered.IsSet, holder.Exception?.ToString() ?? "le premier rendu n'a pas atteint son include");
        Assert.InRange(engine.RunMemoryHeld("edition-1"), 100 * 1000 * 1000, 128 * MiB);

        // A second render of the same run, 60 MB alone: together over 150 MiB, it stops at its place, having allocated less than one render's budget.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<TemplateRenderException>(() => run.RenderText("budget/moyen.sbn", Model, CancellationToken.None));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(TemplateErrorCodes.RunMemoryBudget == e.Code, e.Message);
        Assert.Equal(("budget/moyen.sbn", 4), (e.Template, e.Line));
        Assert.Equal("mémoire de l'édition dépassée : les rendus de cette édition en cours en même temps dépassent ensemble 150 Mo (budget par édition)", e.Error.Message);
        Assert.True(allocated < limits.MarkupMemoryBudget, $"{allocated / MiB} Mo alloués");

        // Another run has its own budget: the same render succeeds meanwhile.
        Assert.Equal("30", engine.ForRun("edition-2").RenderText("budget/moyen.sbn", Model, CancellationToken.None).Trim());
        // The failed render gave back what it held; the first one still holds its 100 MB.
        Assert.InRange(engine.RunMemoryHeld("edition-1"), 100 * 1000 * 1000, 128 * MiB);

        source.Release.Set();
        Assert.Equal("50", (await holder).Trim());
        // Released as the render ended: the run's next render has the whole budget again.
        Assert.Equal(0, engine.RunMemoryHeld("edition-1"));
        Assert.Equal("30", run.RenderText("budget/moyen.sbn", Model, CancellationToken.None).Trim());
    }

    /// <summary>
    /// The shipped transcript with 40 MB of values built and kept first (a third of one render's budget), published in batches
    /// of about 20 candidates: two batches draw at once, each with its transcripts in parallel, so their renders overlap.
    /// </summary>
    [Fact]
    public async Task APublication_WhoseTranscriptsTogetherHoldMoreThanTheRunBudget_EndsFailed_WithTPL114_AtThePlace()
    {
        var limits = TemplateLimits.Default with { RunMemoryBudget = 64 * MiB };
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite, candidates: 100, limits: limits);
        var shipped = ShippedFiles.Locate(new EngineOptions());
        var template = """
            {{ x = 'x' | string.pad_right 1000000
               garde = []
               for i in 1..20
                 garde = garde | array.add (x | string.append i)
               end
               for j in 1..150000
               end }}
            """ + File.ReadAllText(Path.Combine(shipped.Templates, "releve-notes", "releve.sbn"));
        var definition = File.ReadAllText(Path.Combine(shipped.Definitions, "publication-releves.yaml"))
            .Replace("{ kind: publish.transcripts, template: releve-notes/releve.sbn }",
                "{ kind: publish.transcripts, template: releve-notes/releve.sbn, batch_candidates: 20 }", StringComparison.Ordinal);
        await PublishAsync(h, ArtefactKind.Template, "releve-notes/releve.sbn", template);
        await PublishAsync(h, ArtefactKind.Definition, "publication-releves", definition);

        var prepared = await h.Engine.Runner.PrepareAsync(Publication());
        var thrown = await Assert.ThrowsAsync<TemplateRenderException>(() => h.Engine.Runner.ExecuteAsync(prepared.Id, Caller.Manager("gestionnaire")));
        var run = (await h.Engine.Runs.GetAsync(prepared.Id))!;

        Assert.Equal(TemplateErrorCodes.RunMemoryBudget, thrown.Code);
        Assert.Equal(RunState.Failed, run.State);
        Assert.Equal(RunFailure.Error, run.Failure);
        Assert.Contains("releve-notes/releve.sbn(4,", run.Message);
        Assert.Contains($"error {TemplateErrorCodes.RunMemoryBudget}: mémoire de l'édition dépassée", run.Message);
        Assert.Equal(0, h.Engine.Templates.RunMemoryHeld(run.Id));
    }

    /// <summary>The defaults never stop a legitimate run: a publication of every transcript, then a school's bulk transcripts.</summary>
    [Fact]
    public async Task WithTheDefaults_APublicationAndABulkTranscriptRun_AreUnaffected()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite, candidates: 600);
        Assert.Equal(512 * MiB, h.Engine.Templates.Limits.RunMemoryBudget);

        var publication = await h.Engine.Runner.RunAsync(Publication());
        Assert.True(publication.State == RunState.Succeeded, publication.Message);
        Assert.True(publication.RowCount > 400, $"{publication.RowCount} relevés");

        var bulk = await h.Engine.Runner.RunAsync(new RunRequest("releves-notes-masse", EngineFixture.School(), null, new Dictionary<string, string>(), []));
        Assert.True(bulk.State == RunState.Succeeded, bulk.Message);
        Assert.True(bulk.PageCount > 0);
    }

    static RunRequest Publication() => new("publication-releves", Caller.Manager("gestionnaire"), null,
        new Dictionary<string, string> { ["disponible_le"] = "01/06/2026 08:00" }, []);

    static async Task PublishAsync(RunnerHarness h, ArtefactKind kind, string name, string content)
    {
        var draft = await h.Engine.Artefacts.SaveDraftAsync(kind, name, content, "test");
        await h.Engine.Artefacts.SetStatusAsync(draft.Id, ArtefactStatus.Published);
        await h.Engine.ReloadAsync();
    }
}
