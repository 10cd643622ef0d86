using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Versioning;

/// <summary>One definition or template in the list: its latest version, the one in force, and for a definition its title.</summary>
public sealed record ArtefactSummary(ArtefactKind Kind, string Name, ArtefactVersion Latest, int? InForce, string? Title);

/// <summary>
/// The exam manager's operations on definitions and templates: list them, save a draft, publish a version. A
/// publication is in force at once: the templates and definitions in memory are reloaded, so every reader sees the
/// new set.
/// </summary>
public sealed class ArtefactCatalog(ArtefactStore store, ArtefactNames names, VersionedTemplateSource templates, VersionedDefinitionSource definitions,
    DefinitionLoaders loaders)
{
    /// <summary>Every definition and template that has a version (drafts never published included), by name.</summary>
    public async Task<IReadOnlyList<ArtefactSummary>> ListAsync(CancellationToken ct = default)
    {
        var rows = new List<ArtefactSummary>();
        var known = (await names.ListAsync(ct))
            .Select(r => (Known: Enum.TryParse<ArtefactKind>(r.Kind, out var kind), Kind: kind, r.Name))
            .Where(r => r.Known).OrderBy(r => r.Name, StringComparer.Ordinal);
        foreach (var (_, kind, name) in known)
        {
            var versions = await store.ListVersionsAsync(kind, name, ct);
            if (versions.Count == 0) continue;
            var inForce = versions.Where(v => v.Status == ArtefactStatus.Published).Select(v => (int?)v.Version).Max();
            var title = kind == ArtefactKind.Definition ? definitions.Get(name)?.Definition.Title : null;
            rows.Add(new ArtefactSummary(kind, name, versions[0], inForce, title));
        }
        return rows;
    }

    /// <summary>Published definitions that no longer load (a template they use changed since): left out of the menu.</summary>
    public IReadOnlyList<Diagnostic> Broken => definitions.Diagnostics;

    /// <summary>
    /// For a template's new text: the errors the published definitions would have with it in force (a definition that
    /// names a variable the new text lacks, a partial that no longer compiles), beyond those they have today.
    /// </summary>
    public async Task<IReadOnlyList<Diagnostic>> TemplateImpactAsync(string name, string text, CancellationToken ct = default)
    {
        var inForce = loaders.InForce();
        var withText = loaders.With(new OverlayTemplateSource(templates, new Dictionary<string, string> { [name] = text }));
        var problems = new List<Diagnostic>();
        foreach (var definition in await store.PublishedAsync(ArtefactKind.Definition, ct))
        {
            var file = VersionedDefinitionSource.FileName(definition.Name);
            var before = inForce.LoadText(file, definition.Content).Diagnostics.Select(d => d.ToString()).ToHashSet();
            problems.AddRange(withText.LoadText(file, definition.Content).Diagnostics.Where(d => !before.Contains(d.ToString())));
        }
        return problems;
    }

    /// <summary>Stores a new version as a draft, validated at once when its text has no error.</summary>
    public async Task<ArtefactVersion> SaveDraftAsync(ArtefactKind kind, string name, string text, string author, bool valid, CancellationToken ct = default)
    {
        var saved = await store.SaveDraftAsync(kind, name, text, author, ct);
        if (valid) await store.SetStatusAsync(saved.Id, ArtefactStatus.Validated, ct);
        return saved;
    }

    /// <summary>Publishes a version (a draft is validated first: the caller has checked its text) and puts it in force; false when it is gone.</summary>
    public async Task<bool> PublishAsync(ArtefactVersion version, CancellationToken ct = default)
    {
        if (version.Status == ArtefactStatus.Draft) await store.SetStatusAsync(version.Id, ArtefactStatus.Validated, ct);
        if (!await store.SetStatusAsync(version.Id, ArtefactStatus.Published, ct)) return false;
        await ReloadAsync(ct);
        return true;
    }

    /// <summary>After a publication of a definition or template: every reader sees the new set at once.</summary>
    public async Task ReloadAsync(CancellationToken ct = default)
    {
        await templates.ReloadAsync(ct);
        await definitions.ReloadAsync(ct);
    }
}
