using CfgResults.Engine.Templates;

namespace CfgResults.Engine.Tests.Templates;

public sealed class TemplateCheckTests
{
    static TemplateEngine Engine(string text) => new(new InMemoryTemplateSource().Set("releve/releve.sbn", text), TemplateLimits.Default);

    [Fact]
    public void Check_ReportsTemplateLineAndColumn_WhenForHasNoExpression()
    {
        var errors = Engine("bonjour\n\n  {{ for x in }}").Check("releve/releve.sbn");
        var first = Assert.IsType<TemplateError>(errors[0]);
        Assert.Equal(("releve/releve.sbn", 3, 15, TemplateErrorCodes.Syntax), (first.Template, first.Line, first.Column, first.Code));
        Assert.StartsWith("erreur de syntaxe : ", first.Message);
        Assert.StartsWith("releve/releve.sbn(3,15): error TPL001: erreur de syntaxe", first.ToString());
    }

    [Fact]
    public void Check_ReturnsEveryError_AtOnce()
    {
        var errors = Engine("{{ if }}\n{{ for }}").Check("releve/releve.sbn");
        Assert.True(errors.Count >= 2, string.Join("\n", errors));
    }

    [Fact]
    public void Check_IsEmpty_ForAValidTemplate() => Assert.Empty(Engine("{{ for e in eleves }}{{ e.nom }}{{ end }}").Check("releve/releve.sbn"));

    [Fact]
    public void Check_ReportsMissingAndRefusedNames()
    {
        var engine = Engine("x");
        Assert.Equal(TemplateErrorCodes.NotFound, engine.Check("releve/absent.sbn").Single().Code);
        Assert.Equal(TemplateErrorCodes.NameRefused, engine.Check("../x.sbn").Single().Code);
    }

    [Fact]
    public void Render_RefusesTemplateWithSyntaxError_WithItsPlace()
    {
        var e = Assert.Throws<TemplateRenderException>(() =>
            Engine("a\n{{ end }}").RenderText("releve/releve.sbn", new Dictionary<string, object?>(), CancellationToken.None));
        Assert.Equal((TemplateErrorCodes.Syntax, 2), (e.Code, e.Line));
    }

    [Fact]
    public void Render_ReportsErrorInsideAnIncludedPartial_AtThePartialsPlace()
    {
        var source = new InMemoryTemplateSource()
            .Set("releve/releve.sbn", "ligne 1\n{{ include '_shared/pied.sbn' }}")
            .Set("_shared/pied.sbn", "ok\nok {{ inconnu }}");
        var e = Assert.Throws<TemplateRenderException>(() =>
            new TemplateEngine(source, TemplateLimits.Default).RenderText("releve/releve.sbn", new Dictionary<string, object?>(), CancellationToken.None));
        Assert.Equal(("_shared/pied.sbn", 2, 7, TemplateErrorCodes.UnknownVariable, "variable inconnue 'inconnu'"),
            (e.Template, e.Line, e.Column, e.Code, e.Error.Message));
    }

    [Fact]
    public void Render_ReportsSyntaxErrorOfAnIncludedPartial()
    {
        var source = new InMemoryTemplateSource()
            .Set("releve/releve.sbn", "{{ include '_shared/pied.sbn' }}")
            .Set("_shared/pied.sbn", "\n{{ if }}");
        var e = Assert.Throws<TemplateRenderException>(() =>
            new TemplateEngine(source, TemplateLimits.Default).RenderText("releve/releve.sbn", new Dictionary<string, object?>(), CancellationToken.None));
        Assert.Equal(("_shared/pied.sbn", 2, TemplateErrorCodes.Syntax), (e.Template, e.Line, e.Code));
    }

    [Fact]
    public void FunctionArgumentError_IsFrenchWithPlace()
    {
        var e = Assert.Throws<TemplateRenderException>(() =>
            Engine("{{ x | format_date }}").RenderText("releve/releve.sbn", new Dictionary<string, object?> { ["x"] = "pas une date" }, CancellationToken.None));
        Assert.Equal(TemplateErrorCodes.FunctionArgument, e.Code);
        Assert.Equal("format_date : date attendue, reçu « pas une date »", e.Error.Message);
    }
}
