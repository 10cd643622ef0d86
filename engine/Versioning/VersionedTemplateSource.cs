using CfgResults.Engine.Templates;

namespace CfgResults.Engine.Versioning;

/// <summary>
/// The templates in force: the latest published version of each, from the store, held in memory and
/// swapped whole on reload (a reader sees all-old or all-new). Drafts under trial can be overlaid.
/// </summary>
public sealed class VersionedTemplateSource(ArtefactStore store) : ITemplateSource
{
    volatile IReadOnlyDictionary<string, ArtefactVersion> current = new Dictionary<string, ArtefactVersion>();

    public async Task ReloadAsync(CancellationToken ct = default) =>
        current = (await store.PublishedAsync(ArtefactKind.Template, ct)).ToDictionary(v => v.Name, StringComparer.Ordinal);

    public string? Read(string name) => current.TryGetValue(name, out var v) ? v.Content : null;

    public IEnumerable<string> List() => current.Keys.Order(StringComparer.Ordinal);

    public int? VersionOf(string name) => current.TryGetValue(name, out var v) ? v.Version : null;
}

/// <summary>A source with some names replaced (a trial run of draft templates), the rest from the base.</summary>
public sealed class OverlayTemplateSource(ITemplateSource baseSource, IReadOnlyDictionary<string, string> overrides) : ITemplateSource
{
    public string? Read(string name) => overrides.TryGetValue(name, out var text) ? text : baseSource.Read(name);

    public IEnumerable<string> List() => baseSource.List().Concat(overrides.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
