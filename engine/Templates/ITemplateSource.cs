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
}
