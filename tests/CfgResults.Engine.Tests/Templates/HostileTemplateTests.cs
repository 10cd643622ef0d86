using System.Diagnostics;
using CfgResults.Engine.Templates;

namespace CfgResults.Engine.Tests.Templates;

/// <summary>
/// The hostile template catalogue of SECURITY.md rows 4–6, rendered with the production setup
/// (<see cref="TemplateLimits.Default"/>): each one is stopped with its code, in French, well inside the deadline,
/// and the engine renders normally afterwards.
/// </summary>
public sealed class HostileTemplateTests
{
    static readonly Dictionary<string, object?> Model = new()
    {
        ["candidat"] = new Dictionary<string, object?> { ["nom"] = "Durand", ["note"] = 12.5m },
        ["texte"] = "abc",
    };

    public static TheoryData<string, string, string> Catalogue() => new()
    {
        { "boucle-immense", "{{ for i in 1..100000000 }}x{{ end }}", TemplateErrorCodes.LoopLimit },
        { "boucle-infinie", "{{ while true }}{{ end }}", TemplateErrorCodes.LoopLimit },
        { "boucles-imbriquees", "{{ for i in 1..1000 }}{{ for j in 1..1000 }}{{ end }}{{ end }}", TemplateErrorCodes.LoopLimit },
        { "plage-dans-une-fonction", "{{ (1..100000000) | array.join ',' }}", TemplateErrorCodes.LoopLimit },
        { "doublement-de-chaine", "{{ x = 'ab'; while true; x = x + x; end }}", TemplateErrorCodes.StringLimit },
        { "doublement-borne", "{{ x = 'ab'; for i in 1..64; x = x + x; end; x }}", TemplateErrorCodes.StringLimit },
        { "remplissage", "{{ 'a' | string.pad_left 100000000 }}", TemplateErrorCodes.StringLimit },
        { "sortie-enorme", "{{ for i in 1..150000 }}{{ '0123456789' | string.pad_right 150 }}{{ end }}", TemplateErrorCodes.OutputLimit },
        { "recursion", "{{ func f(n); ret f(n + 1); end; f(1) }}", TemplateErrorCodes.RecursionLimit },
        { "recursion-mutuelle", "{{ func a(n); ret b(n); end; func b(n); ret a(n); end; a(1) }}", TemplateErrorCodes.RecursionLimit },
        { "include-parent", "{{ include '../../etc/passwd' }}", TemplateErrorCodes.NameRefused },
        { "include-absolu", "{{ include '/etc/passwd' }}", TemplateErrorCodes.NameRefused },
        { "include-encode", "{{ include '%2e%2e/x.sbn' }}", TemplateErrorCodes.NameRefused },
        { "include-encode-slash", "{{ include '..%2fsecret.sbn' }}", TemplateErrorCodes.NameRefused },
        { "include-antislash", "{{ include '..\\\\x.sbn' }}", TemplateErrorCodes.NameRefused },
        { "include-lecteur", "{{ include 'c:/windows/x.sbn' }}", TemplateErrorCodes.NameRefused },
        { "include-nul", "{{ include \"a\\0.sbn\" }}", TemplateErrorCodes.NameRefused },
        { "include-absent", "{{ include 'absent/x.sbn' }}", TemplateErrorCodes.NotFound },
        { "include-recursif", "{{ include 'hostile/boucle.sbn' }}", TemplateErrorCodes.IncludeDepth },
        { "include-variable", "{{ include texte }}", TemplateErrorCodes.NameRefused },
        { "gettype-modele", "{{ candidat.GetType }}", TemplateErrorCodes.UnknownMember },
        { "gettype-chaine", "{{ texte.GetType }}", TemplateErrorCodes.UnknownMember },
        { "longueur-chaine-dotnet", "{{ texte.Length }}", TemplateErrorCodes.UnknownMember },
        { "gettype-litteral", "{{ ''.GetType }}", TemplateErrorCodes.UnknownMember },
        { "assembly", "{{ (12.5).GetType.Assembly }}", TemplateErrorCodes.UnknownMember },
        { "environnement", "{{ environment }}", TemplateErrorCodes.UnknownVariable },
        { "environnement-dotnet", "{{ System.Environment.GetEnvironmentVariable 'HOME' }}", TemplateErrorCodes.UnknownVariable },
        { "horloge", "{{ date.now }}", TemplateErrorCodes.UnknownMember },
        { "eval", "{{ 'include \"x\"' | object.eval }}", TemplateErrorCodes.UnknownMember },
        { "eval-template", "{{ '{{ 1 }}' | object.eval_template }}", TemplateErrorCodes.UnknownMember },
        { "hasard", "{{ math.random 1 10 }}", TemplateErrorCodes.UnknownMember },
        { "regex", "{{ regex.match 'aaaa' '(a+)+$' }}", TemplateErrorCodes.UnknownVariable },
        { "include-join", "{{ include_join ['a.sbn'] }}", TemplateErrorCodes.UnknownVariable },
        { "variable-inconnue", "{{ candidat.nom }} {{ x }}", TemplateErrorCodes.UnknownVariable },
        { "membre-inconnu", "{{ candidat.nmo }}", TemplateErrorCodes.UnknownMember },
        { "redefinir-builtin", "{{ string.upcase = 1 }}", TemplateErrorCodes.Runtime },
    };

    static TemplateEngine Engine(string template) => new(new InMemoryTemplateSource()
        .Set("hostile/t.sbn", template)
        .Set("hostile/boucle.sbn", "x{{ include 'hostile/boucle.sbn' }}"), TemplateLimits.Default);

    [Theory]
    [MemberData(nameof(Catalogue))]
    public void HostileTemplate_IsStoppedWithItsCode(string label, string template, string code)
    {
        var engine = Engine(template);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<TemplateRenderException>(() => engine.RenderText("hostile/t.sbn", Model, CancellationToken.None));
        clock.Stop();

        Assert.True(code == e.Code, $"{label}: {e.Message}");
        Assert.True(clock.Elapsed < TemplateLimits.Default.MarkupTimeout, $"{label} took {clock.Elapsed}");
        Assert.True(e.Line >= 1 && e.Column >= 1, $"{label}: no place in {e.Message}");
        Assert.DoesNotContain("The ", e.Error.Message, StringComparison.Ordinal);

        // The process is unharmed: the same engine renders a normal template right after.
        Assert.Equal("DURAND", new TemplateEngine(new InMemoryTemplateSource().Set("ok/t.sbn", "{{ candidat.nom | upper_name }}"), TemplateLimits.Default)
            .RenderText("ok/t.sbn", Model, CancellationToken.None));
    }

    [Fact]
    public void Catalogue_MessagesAreFrench()
    {
        string Message(string t) => Assert.Throws<TemplateRenderException>(() => Engine(t).RenderText("hostile/t.sbn", Model, CancellationToken.None)).Error.Message;
        Assert.StartsWith("boucle trop longue", Message("{{ while true }}{{ end }}"));
        Assert.Equal("variable inconnue 'x'", Message("{{ x }}"));
        Assert.StartsWith("sortie trop volumineuse", Message("{{ for i in 1..150000 }}{{ '0123456789' | string.pad_right 150 }}{{ end }}"));
        Assert.StartsWith("récursion trop profonde", Message("{{ func f(n); ret f(n + 1); end; f(1) }}"));
        Assert.StartsWith("nom de modèle refusé '../../etc/passwd'", Message("{{ include '../../etc/passwd' }}"));
    }

    [Fact]
    public void Deadline_StopsARenderThatStaysUnderEveryOtherLimit()
    {
        // Nested loops below the loop budget but slow: only the deadline can stop them.
        var limits = TemplateLimits.Default with { MarkupLoopLimit = 0, MarkupTimeout = TimeSpan.FromMilliseconds(300) };
        var engine = new TemplateEngine(new InMemoryTemplateSource().Set("hostile/t.sbn",
            "{{ for i in 1..100000 }}{{ for j in 1..100000 }}{{ end }}{{ end }}"), limits);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<TemplateRenderException>(() => engine.RenderText("hostile/t.sbn", Model, CancellationToken.None));
        Assert.Equal(TemplateErrorCodes.Timeout, e.Code);
        Assert.Equal("délai dépassé (0,3 s)", e.Error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task Deadline_StopsTheRender_EvenWhenItsTimerIsLate()
    {
        // A clock whose timers never fire stands for a thread pool too busy to run the deadline's timer on time:
        // the loops check the monotonic clock themselves.
        var frozen = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var limits = TemplateLimits.Default with { MarkupLoopLimit = 0, MarkupTimeout = TimeSpan.FromMilliseconds(300) };
        var engine = new TemplateEngine(new InMemoryTemplateSource().Set("hostile/t.sbn",
            "{{ for i in 1..100000 }}{{ for j in 1..100000 }}{{ end }}{{ end }}"), limits, frozen);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var render = Task.Run(() => engine.RenderText("hostile/t.sbn", Model, guard.Token));

        var e = await Assert.ThrowsAsync<TemplateRenderException>(() => render);

        Assert.False(guard.IsCancellationRequested, "le rendu n'a été arrêté que par la garde du test");
        Assert.Equal(TemplateErrorCodes.Timeout, e.Code);
    }

    [Fact]
    public void CallerCancellation_IsAnOperationCanceled_NotATemplateError()
    {
        var limits = TemplateLimits.Default with { MarkupLoopLimit = 0 };
        var engine = new TemplateEngine(new InMemoryTemplateSource().Set("hostile/t.sbn",
            "{{ for i in 1..100000 }}{{ for j in 1..100000 }}{{ end }}{{ end }}"), limits);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.ThrowsAny<OperationCanceledException>(() => engine.RenderText("hostile/t.sbn", Model, cts.Token));
    }

    [Fact]
    public void StringDoubling_KeepsMemoryBounded()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Assert.Throws<TemplateRenderException>(() =>
            Engine("{{ x = 'ab'; while true; x = x + x; end }}").RenderText("hostile/t.sbn", Model, CancellationToken.None));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        // The string limit is 1 Mi characters (2 MiB); doubling stops at the first string above it.
        Assert.True(allocated < 64L * 1024 * 1024, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void HostileIncludeNames_NeverReachTheSource()
    {
        var spy = new SpySource();
        var engine = new TemplateEngine(spy, TemplateLimits.Default);
        foreach (var name in new[] { "../../etc/passwd", "/etc/passwd", "%2e%2e/x.sbn", "a/../../x.sbn", "C:/x.sbn", "a\\b.sbn", "A.sbn" })
        {
            spy.Templates["hostile/t.sbn"] = $"{{{{ include '{name}' }}}}";
            var e = Assert.Throws<TemplateRenderException>(() => engine.RenderText("hostile/t.sbn", Model, CancellationToken.None));
            Assert.Equal(TemplateErrorCodes.NameRefused, e.Code);
        }
        Assert.All(spy.Reads, r => Assert.Equal("hostile/t.sbn", r));
    }

    [Fact]
    public void TemplateAssignments_DoNotLeakIntoTheNextRender()
    {
        var engine = new TemplateEngine(new InMemoryTemplateSource()
            .Set("a/t.sbn", "{{ format_note = 'pirate'; leak = 1 }}")
            .Set("a/u.sbn", "{{ 12.5 | format_note }}"), TemplateLimits.Default);
        engine.RenderText("a/t.sbn", Model, CancellationToken.None);
        Assert.Equal("12,5", engine.RenderText("a/u.sbn", Model, CancellationToken.None));
        var e = Assert.Throws<TemplateRenderException>(() =>
            new TemplateEngine(new InMemoryTemplateSource().Set("a/v.sbn", "{{ leak }}"), TemplateLimits.Default).RenderText("a/v.sbn", Model, CancellationToken.None));
        Assert.Equal(TemplateErrorCodes.UnknownVariable, e.Code);
    }

    sealed class SpySource : ITemplateSource
    {
        public readonly Dictionary<string, string> Templates = new();
        public readonly List<string> Reads = new();
        public string? Read(string name) { Reads.Add(name); return Templates.GetValueOrDefault(name); }
        public IEnumerable<string> List() => Templates.Keys;
    }
}
