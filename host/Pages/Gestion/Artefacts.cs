using System.Text.RegularExpressions;
using CfgResults.Engine.Templates;
using CfgResults.Engine.Versioning;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>One error of a definition or template text, with its place: `definitions/x.yaml(12,5): error CFG012: …`.</summary>
public sealed record ArtefactProblem(string File, int Line, int Column, string Code, string Message)
{
    public override string ToString() => $"{File}({Line},{Column}): error {Code}: {Message}";
}

/// <summary>The two kinds of versioned artefacts as the exam manager's URLs and pages name them.</summary>
public static partial class Artefacts
{
    public const string DefinitionSegment = "definition";
    public const string TemplateSegment = "gabarit";

    /// <summary>Drafts longer than this are refused before anything is stored (the loader's own cap is 256 KiB).</summary>
    public const int MaxTextLength = 512 * 1024;

    public static bool TryParseKind(string? segment, out ArtefactKind kind)
    {
        kind = segment switch { DefinitionSegment => ArtefactKind.Definition, TemplateSegment => ArtefactKind.Template, _ => (ArtefactKind)(-1) };
        return Enum.IsDefined(kind);
    }

    public static string Segment(ArtefactKind kind) => kind == ArtefactKind.Definition ? DefinitionSegment : TemplateSegment;

    public static string KindLabel(ArtefactKind kind) => kind == ArtefactKind.Definition ? "définition" : "gabarit";

    public static string Url(ArtefactKind kind, string name) => $"/gestion/definitions/{Segment(kind)}/{name}";

    /// <summary>A definition id (`extraction-notes`) or a template name (`liste-affichage/liste.sbn`), checked before any store access.</summary>
    public static bool IsValidName(ArtefactKind kind, string? name) =>
        kind == ArtefactKind.Definition ? name is not null && DefinitionId().IsMatch(name) : TemplateName.IsValid(name);

    public static string StatusLabel(ArtefactStatus status) => status switch
    {
        ArtefactStatus.Published => "publié",
        ArtefactStatus.Validated => "validé",
        _ => "brouillon (invalide)",
    };

    /// <summary>The file name the errors of this artefact carry.</summary>
    public static string FileName(ArtefactKind kind, string name) =>
        kind == ArtefactKind.Definition ? VersionedDefinitionSource.FileName(name) : name;

    /// <summary>
    /// Every error of the text: a definition through the loader (with the templates in force), a template
    /// through the Scriban checker. Never throws for bad text.
    /// </summary>
    public static IReadOnlyList<ArtefactProblem> Validate(DefinitionLoaders loaders, ArtefactKind kind, string name, string text)
    {
        if (kind == ArtefactKind.Definition)
            return loaders.InForce().LoadText(FileName(kind, name), text).Diagnostics.Select(Problem).ToList();
        return TemplateEngine.CheckText(name, text)
            .Select(e => new ArtefactProblem(e.Template, e.Line, e.Column, e.Code, e.Message)).ToList();
    }

    /// <summary>
    /// For a template: the errors the published definitions would have with this text in force (a definition
    /// that names a variable the new text lacks, a partial that no longer compiles). Publishing is refused then.
    /// </summary>
    public static async Task<IReadOnlyList<ArtefactProblem>> ImpactAsync(ArtefactCatalog catalog, ArtefactKind kind, string name, string text, CancellationToken ct) =>
        kind != ArtefactKind.Template ? [] : (await catalog.TemplateImpactAsync(name, text, ct)).Select(Problem).ToList();

    static ArtefactProblem Problem(Engine.Definitions.Diagnostic d) => new(d.Location.File, d.Location.Line, d.Location.Column, d.Code, d.Message);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex DefinitionId();
}
