using CfgResults.Engine.Domain;
using CfgResults.Engine.Templates;
using Scriban.Runtime;

namespace CfgResults.Engine.Tests.Templates;

public sealed class TemplateModelTests
{
    sealed record Candidate(string Name);

    public static TheoryData<object> RefusedValues() =>
    [
        new Candidate("x"), Result.Admitted, DateTimeOffset.UnixEpoch, Guid.Empty, new object(), typeof(string),
        TimeSpan.Zero, 'c', new Dictionary<int, object?> { [1] = "x" },
    ];

    [Theory]
    [MemberData(nameof(RefusedValues))]
    public void ToScriptObject_RefusesAnythingButPlainData(object value)
    {
        var e = Assert.Throws<TemplateModelException>(() => TemplateModel.ToScriptObject(new Dictionary<string, object?>
        {
            ["eleves"] = new List<object?> { new Dictionary<string, object?> { ["x"] = value } },
        }));
        Assert.Contains("eleves[0].x", e.Message);
    }

    [Fact]
    public void ToScriptObject_ConvertsPlainData_AndDateOnlyToDateTime()
    {
        var o = TemplateModel.ToScriptObject(new Dictionary<string, object?>
        {
            ["d"] = new DateOnly(2018, 6, 5),
            ["n"] = 12.5m,
            ["l"] = new[] { 1, 2 },
            ["o"] = new Dictionary<string, string> { ["k"] = "v" },
            ["z"] = null,
        });
        Assert.Equal(new DateTime(2018, 6, 5), o["d"]);
        Assert.Equal(12.5m, o["n"]);
        Assert.IsType<ScriptArray>(o["l"]);
        Assert.Equal("v", Assert.IsType<ScriptObject>(o["o"])["k"]);
        Assert.Null(o["z"]);
    }

    [Fact]
    public void ToScriptObject_RefusesAModelThatContainsItself()
    {
        var loop = new Dictionary<string, object?>();
        loop["self"] = loop;
        Assert.Throws<TemplateModelException>(() => TemplateModel.ToScriptObject(loop));
    }

    [Fact]
    public void TemplateRows_AreConvertedAsWalked_AndWalkedOnceOnly()
    {
        var produced = 0;
        IEnumerable<IReadOnlyDictionary<string, object?>> Rows()
        {
            for (var i = 0; i < 3; i++) { produced++; yield return new Dictionary<string, object?> { ["i"] = i }; }
        }
        var model = new Dictionary<string, object?> { ["lignes"] = TemplateRows.Stream(Rows()) };
        var engine = new TemplateEngine(new InMemoryTemplateSource()
            .Set("a/once.sbn", "{{ for r in lignes }}{{ r.i }}{{ end }}")
            .Set("a/twice.sbn", "{{ for r in lignes }}{{ end }}{{ for r in lignes }}{{ end }}"), TemplateLimits.Default);
        Assert.Equal(0, produced);
        Assert.Equal("012", engine.RenderText("a/once.sbn", model, CancellationToken.None));

        var again = new Dictionary<string, object?> { ["lignes"] = TemplateRows.Stream(Rows()) };
        var e = Assert.Throws<TemplateRenderException>(() => engine.RenderText("a/twice.sbn", again, CancellationToken.None));
        Assert.Contains("ne peut être parcourue qu'une fois", e.Error.Message);
    }

    [Fact]
    public void TemplateRows_ARefusedValue_IsNamedWithItsRowAndKeys()
    {
        IEnumerable<IReadOnlyDictionary<string, object?>> Rows()
        {
            yield return new Dictionary<string, object?> { ["notes"] = new List<object?> { 1 } };
            yield return new Dictionary<string, object?> { ["notes"] = new List<object?> { 1, new Dictionary<string, object?> { ["x"] = Result.Refused } } };
        }
        var e = Assert.Throws<TemplateModelException>(() =>
        {
            foreach (var _ in TemplateRows.Stream(Rows(), "candidats")) { }
        });
        Assert.Equal("candidats[1].notes[1].x", e.Path);
    }

    [Fact]
    public void Render_RefusesBadModel_BeforeRunningTheTemplate() =>
        Assert.Throws<TemplateModelException>(() => new TemplateEngine(new InMemoryTemplateSource().Set("a/t.sbn", "x"), TemplateLimits.Default)
            .RenderText("a/t.sbn", new Dictionary<string, object?> { ["r"] = Result.Refused }, CancellationToken.None));

    [Theory]
    [MemberData(nameof(RefusedValues))]
    public void PlainObject_RefusesAnythingButPlainData_NamingTheKey(object value)
    {
        var e = Assert.Throws<TemplateModelException>(() => new PlainObject(1).Add("notes", new List<object?> { value }));
        Assert.StartsWith("notes[0]", e.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainObject_IsPlacedOnce_ThenFrozen_SoNoObjectContainsItself()
    {
        var inner = new PlainObject(1).Add("note", "12,5");
        var outer = new PlainObject(2).Add("a", inner);
        Assert.Equal("12,5", ((ScriptObject)TemplateModel.Convert(outer, "c")!)["a"] is ScriptObject a ? a["note"] : null);
        Assert.Throws<TemplateModelException>(() => new PlainObject(1).Add("b", inner));
        Assert.Throws<InvalidOperationException>(() => inner.Add("x", outer));
    }

    [Fact]
    public void StreamedPlainRows_ARefusedValue_IsNamedWithItsRow()
    {
        static IEnumerable<PlainObject> Rows()
        {
            yield return new PlainObject(1).Add("nom", "Dupont");
            yield return new PlainObject(1).Add("nom", Result.Admitted);
        }
        var e = Assert.Throws<TemplateModelException>(() =>
        {
            foreach (var _ in TemplateRows.Stream(Rows(), "candidats")) { }
        });
        Assert.Equal("candidats[1].nom", e.Path);
    }
}
