using System.Diagnostics;
using CfgResults.Engine.Templates;

namespace CfgResults.Engine.Tests.Security;

/// <summary>
/// Issue 11, « Template memory is unbounded »: a manager's template that builds 1 MB strings in a 1..1400 loop
/// took the process to out-of-memory in 2.3 s; only time limits existed (SECURITY.md row 6).
/// </summary>
public sealed class MemoryBudgetTests
{
    static readonly Dictionary<string, object?> Model = new() { ["texte"] = "abc" };

    /// <summary>The attack as filed: strings of 1 MB built and kept in a 1..1400 loop (2.8 GB of UTF-16 if let run).</summary>
    const string Hostile = """
        {{ s = 'x' | string.pad_right 1000000
           a = []
           for i in 1..1400
             a = a | array.add (s | string.append i)
           end
           a | array.size }}
        """;

    /// <summary>The same kept in an object's members rather than in an array.</summary>
    const string HostileObject = """
        {{ s = 'x' | string.pad_right 1000000
           o = {}
           for i in 1..1400
             o["k" + i] = s + i
           end
           o | object.size }}
        """;

    static TemplateEngine Engine(string template, TemplateLimits? limits = null) =>
        new(new InMemoryTemplateSource().Set("hostile/t.sbn", template), limits ?? TemplateLimits.Default);

    [Theory]
    [InlineData(Hostile, 4)]
    [InlineData(HostileObject, 4)]
    public void HostileTemplate_IsStoppedByItsBudget_AtItsPlace_WellBelow500MB(string template, int line)
    {
        var engine = Engine(template);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<TemplateRenderException>(() => engine.RenderText("hostile/t.sbn", Model, CancellationToken.None));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(TemplateErrorCodes.MemoryBudget == e.Code, e.Message);
        Assert.Equal(line, e.Line);
        Assert.StartsWith("mémoire du rendu dépassée", e.Error.Message);
        Assert.True(allocated < 500L * 1024 * 1024, $"{allocated / (1024 * 1024)} Mo alloués");
        Assert.True(Process.GetCurrentProcess().WorkingSet64 < 2L * 1024 * 1024 * 1024);
    }

    [Fact]
    public void Budget_IsConfigurable_AndAnOrdinaryTemplateStaysWellInside()
    {
        var small = TemplateLimits.Default with { MarkupMemoryBudget = 64 * 1024 };
        var e = Assert.Throws<TemplateRenderException>(() =>
            Engine("{{ for i in 1..100 }}{{ 'x' | string.pad_right 1000 }}{{ end }}", small).RenderText("hostile/t.sbn", Model, CancellationToken.None));
        Assert.Equal(TemplateErrorCodes.MemoryBudget, e.Code);

        Assert.Equal(30_000, Engine("{{ for i in 1..30 }}{{ 'x' | string.pad_right 1000 }}{{ end }}", small with { MarkupMemoryBudget = 256 * 1024 })
            .RenderText("hostile/t.sbn", Model, CancellationToken.None).Length);
    }

    [Fact]
    public async Task RendersOfOneHost_AreBoundedInNumber_TheNextOneWaits()
    {
        // One render at a time: a slow render (stopped by its 2 s deadline) holds the only place.
        var limits = TemplateLimits.Default with { MaxConcurrentRenders = 1, MarkupLoopLimit = 0, MarkupTimeout = TimeSpan.FromSeconds(2) };
        var engine = new TemplateEngine(new InMemoryTemplateSource()
            .Set("lent/t.sbn", "{{ for i in 1..100000 }}{{ for j in 1..100000 }}{{ end }}{{ end }}")
            .Set("vite/t.sbn", "ok"), limits);
        var slow = Task.Run(() => Assert.Throws<TemplateRenderException>(() => engine.RenderText("lent/t.sbn", Model, CancellationToken.None)));
        var started = Stopwatch.StartNew();
        while (engine.RendersInProgress == 0 && !slow.IsCompleted) await Task.Delay(5);
        Assert.False(slow.IsCompleted);
        var clock = Stopwatch.StartNew();

        var quick = await Task.Run(() => engine.RenderText("vite/t.sbn", Model, CancellationToken.None));

        clock.Stop();
        await slow;
        Assert.Equal("ok", quick);
        // The slow render had 2 s minus the time taken to see it start left to run.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9) - started.Elapsed, $"le second rendu n'a pas attendu : {clock.Elapsed}");
    }
}
