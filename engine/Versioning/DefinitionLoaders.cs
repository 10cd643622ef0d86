using CfgResults.Engine.Loading;
using CfgResults.Engine.Running;
using CfgResults.Engine.Templates;

namespace CfgResults.Engine.Versioning;

/// <summary>Loaders that check a definition's templates: against the templates in force, or a trial overlay of them.</summary>
public sealed class DefinitionLoaders(StepKindRegistry kinds, TemplateEngine templates, TimeProvider clock)
{
    /// <summary>A loader that checks templates against the templates in force.</summary>
    public DefinitionLoader InForce() => new(kinds, new TemplateChecker(templates));

    /// <summary>A loader that checks templates against <paramref name="source"/> (the templates in force with drafts overlaid).</summary>
    public DefinitionLoader With(ITemplateSource source) => new(kinds, new TemplateChecker(new TemplateEngine(source, templates.Limits, clock)));
}
