using CfgResults.Engine.Loading;

namespace CfgResults.Engine.Tests.Loading;

/// <summary>The step kinds of the sketch in ARCHITECTURE.md, with their options, standing in for the real registry.</summary>
internal sealed class FakeStepKinds : IStepKindCatalog
{
    static readonly Dictionary<string, IReadOnlyDictionary<string, StepOptionSpec>> Kinds = new()
    {
        ["gate.service-window"] = new Dictionary<string, StepOptionSpec>
        {
            ["service"] = new(StepOptionType.Text, Required: true, AllowedValues: ["extraction_notes", "publication_etablissement", "publication_candidat"]),
        },
        ["select.candidates"] = new Dictionary<string, StepOptionSpec>(),
        ["select.grades"] = new Dictionary<string, StepOptionSpec> { ["order"] = new(StepOptionType.List) },
        ["render.csv"] = new Dictionary<string, StepOptionSpec> { ["template"] = new(StepOptionType.Text, Required: true) },
        ["render.pdf"] = new Dictionary<string, StepOptionSpec>
        {
            ["template"] = new(StepOptionType.Text, Required: true),
            ["signature"] = new(StepOptionType.Flag),
            ["max_pages"] = new(StepOptionType.Integer),
            ["metadata"] = new(StepOptionType.Mapping),
        },
        ["deliver.download"] = new Dictionary<string, StepOptionSpec> { ["file_name"] = new(StepOptionType.Text, Required: true) },
        ["publish.documents"] = new Dictionary<string, StepOptionSpec> { ["document"] = new(StepOptionType.Text) },
    };

    public IReadOnlyCollection<string> Names => Kinds.Keys;

    public IReadOnlyDictionary<string, StepOptionSpec>? OptionsOf(string kind) => Kinds.GetValueOrDefault(kind);
}

/// <summary>Templates that exist; `casse.sbn` has compile errors, one of them in a shared partial.</summary>
internal sealed class FakeTemplates : ITemplateChecker
{
    public List<string> Checked { get; } = [];

    public IReadOnlyList<TemplateProblem>? Check(string templateName)
    {
        Checked.Add(templateName);
        return templateName switch
        {
            "extraction-notes/colonnes.sbn" or "liste-affichage/liste.sbn" => [],
            "extraction-notes/casse.sbn" =>
            [
                new("templates/extraction-notes/casse.sbn", 3, 7, "« end » attendu pour fermer « for »"),
                new("templates/_shared/entete.sbn", 1, 12, "fonction inconnue « format_nte »"),
            ],
            _ => null,
        };
    }
}

internal static class Loaders
{
    public static DefinitionLoader Create(DefinitionLoaderOptions? options = null) => new(new FakeStepKinds(), new FakeTemplates(), options);
}
