using System.Text.Json;
using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Running;

/// <summary>
/// ARCHITECTURE decision 9: a run records, when it is submitted, the definition version and the versions of the
/// templates its steps name, and executes those versions even when newer ones are published before it starts.
/// </summary>
internal static class RecordedVersions
{
    /// <summary>The versions in force of the templates the definition's steps name, as recorded with the run (JSON name → version).</summary>
    public static string TemplatesInForce(WorkflowDefinition definition, Templates.ITemplateSource source)
    {
        var versions = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var step in definition.Steps)
            if (step.Options.TryGetValue("template", out var t) && t is string name && source.VersionOf(name) is { } version)
                versions[name] = version;
        return JsonSerializer.Serialize(versions);
    }

    /// <summary>The services the run executes with: its recorded template versions read as recorded.</summary>
    public static async Task<EngineServices> PinAsync(EngineServices services, RunRecord run, CancellationToken ct)
    {
        var versions = string.IsNullOrWhiteSpace(run.TemplateVersions) ? null : JsonSerializer.Deserialize<Dictionary<string, int>>(run.TemplateVersions);
        if (versions is not { Count: > 0 }) return services;
        var source = await services.Templates.Source.PinAsync(versions, ct);
        return services with { Templates = services.Templates.WithSource(source) };
    }
}
