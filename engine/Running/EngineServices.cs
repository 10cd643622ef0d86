using CfgResults.Engine.Data;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Templates;

namespace CfgResults.Engine.Running;

/// <summary>What steps may use: the database, templates, the file store, the clock.</summary>
public sealed record EngineServices(IDatabase Database, TemplateEngine Templates, FileStore Files, TimeProvider Clock)
{
    public DocumentVersionStore Documents => new(Database);
}
