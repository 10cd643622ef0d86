using CfgResults.Engine.Definitions;
using CfgResults.Engine.Loading;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Versioning;

/// <summary>
/// The definitions in force: the latest published version of each, parsed and validated, held in memory
/// and swapped whole on reload. A published version that no longer validates (a template it names was
/// changed since) is left out and its diagnostics are kept for the exam manager to see.
/// </summary>
public sealed class VersionedDefinitionSource(ArtefactStore store, Func<DefinitionLoader> loader) : IDefinitionSource
{
    volatile Snapshot current = new(new Dictionary<string, PublishedDefinition>(), []);

    sealed record Snapshot(IReadOnlyDictionary<string, PublishedDefinition> Definitions, IReadOnlyList<Diagnostic> Diagnostics);

    public async Task ReloadAsync(CancellationToken ct = default)
    {
        var published = await store.PublishedAsync(ArtefactKind.Definition, ct);
        var definitions = new Dictionary<string, PublishedDefinition>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        var load = loader();
        foreach (var version in published)
        {
            var result = load.LoadText(FileName(version.Name), version.Content);
            if (result.Definition is { } d) definitions[d.Id] = new PublishedDefinition(d, version.Version);
            diagnostics.AddRange(result.Diagnostics);
        }
        current = new Snapshot(definitions, diagnostics);
    }

    public static string FileName(string id) => $"definitions/{id}.yaml";

    public IReadOnlyList<PublishedDefinition> List() => current.Definitions.Values.OrderBy(d => d.Definition.Id, StringComparer.Ordinal).ToList();

    public PublishedDefinition? Get(string id) => current.Definitions.TryGetValue(id, out var d) ? d : null;

    /// <summary>Published versions never change: an older one, once loaded, is kept.</summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Id, int Version), PublishedDefinition> older = new();

    public async Task<PublishedDefinition?> GetVersionAsync(string id, int version, CancellationToken ct)
    {
        if (Get(id) is { } inForce && inForce.Version == version) return inForce;
        if (older.TryGetValue((id, version), out var kept)) return kept;
        var stored = (await store.ListVersionsAsync(ArtefactKind.Definition, id, ct))
            .FirstOrDefault(v => v.Version == version && v.Status == ArtefactStatus.Published);
        if (stored is null || loader().LoadText(FileName(id), stored.Content).Definition is not { } d) return null;
        return older.GetOrAdd((id, version), new PublishedDefinition(d, version));
    }

    public IReadOnlyList<Diagnostic> Diagnostics => current.Diagnostics;
}
