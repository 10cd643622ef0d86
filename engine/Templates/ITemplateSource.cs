namespace CfgResults.Engine.Templates;

/// <summary>
/// Where template text comes from, by relative name (`extraction-notes/colonnes.sbn`, `_shared/entete.sbn`).
/// Kept to two members so that a database source can later overlay versioned templates on the shipped folder.
/// Implementations must refuse any name that <see cref="TemplateName.IsValid"/> rejects, before touching storage.
/// </summary>
public interface ITemplateSource
{
    /// <summary>The text of the template, or null when there is no template of that name.</summary>
    /// <exception cref="TemplateNameException">The name is not a safe template name.</exception>
    string? Read(string name);

    /// <summary>Every template name this source holds, relative, with `/` separators.</summary>
    IEnumerable<string> List();

    /// <summary>The published version of a template, for a versioned source; null for files on disk.</summary>
    int? VersionOf(string name) => null;

    /// <summary>
    /// This source with the given templates read at the given versions (a run executes the versions it recorded at
    /// submission). A source without versions returns itself.
    /// </summary>
    Task<ITemplateSource> PinAsync(IReadOnlyDictionary<string, int> versions, CancellationToken ct) => Task.FromResult(this);
}
