using CfgResults.Engine.Loading;

namespace CfgResults.Engine.Templates;

/// <summary>The loader's view of templates: does it exist, does it compile (errors at their file, line, column).</summary>
public sealed class TemplateChecker(TemplateEngine engine) : ITemplateChecker
{
    public IReadOnlyList<TemplateProblem>? Check(string templateName)
    {
        if (engine.Source.Read(templateName) is null) return null;
        return engine.Check(templateName).Select(e => new TemplateProblem(e.Template, e.Line, e.Column, e.Message)).ToList();
    }
}
