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

    /// <summary>The templates in force, with those whose recorded version is no longer the one in force read at that version.</summary>
    public async Task<ITemplateSource> PinAsync(IReadOnlyDictionary<string, int> versions, CancellationToken ct)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, version) in versions)
        {
            if (VersionOf(name) == version) continue;
            var old = (await store.ListVersionsAsync(ArtefactKind.Template, name, ct)).FirstOrDefault(v => v.Version == version)
                ?? throw new InvalidOperationException($"version {version} du modèle « {name} » introuvable");
            overrides[name] = old.Content;
        }
        return overrides.Count == 0 ? this : new PinnedTemplateSource(this, overrides, versions);
    }

    /// <summary>Recorded versions over the source in force: reads and reports the pinned ones.</summary>
    sealed class PinnedTemplateSource(VersionedTemplateSource inForce, IReadOnlyDictionary<string, string> overrides, IReadOnlyDictionary<string, int> versions)
        : ITemplateSource
    {
        readonly OverlayTemplateSource overlay = new(inForce, overrides);

        public string? Read(string name) => overlay.Read(name);

        public IEnumerable<string> List() => overlay.List();

        public int? VersionOf(string name) => versions.TryGetValue(name, out var v) ? v : inForce.VersionOf(name);
    }
}

/// <summary>A source with some names replaced (a trial run of draft templates), the rest from the base.</summary>
public sealed class OverlayTemplateSource(ITemplateSource baseSource, IReadOnlyDictionary<string, string> overrides) : ITemplateSource
{
    public string? Read(string name) => overrides.TryGetValue(name, out var text) ? text : baseSource.Read(name);

    public IEnumerable<string> List() => baseSource.List().Concat(overrides.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
