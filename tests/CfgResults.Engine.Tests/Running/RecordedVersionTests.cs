using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Running;
using CfgResults.Engine.Versioning;

namespace CfgResults.Engine.Tests.Running;

/// <summary>A run executes the definition and template versions it recorded at submission, not those in force when it starts.</summary>
public sealed class RecordedVersionTests
{
    static readonly Caller Memo = Caller.School("0783546F", "etab-0783546f");

    static RunRequest Extraction() => new("extraction-notes", Memo, null,
        new Dictionary<string, string> { ["groupe_decision"] = "CFG-78", ["inclure_nom"] = "O" }, []);

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_queued_run_executes_the_versions_it_recorded_when_newer_ones_are_published_before_it_starts(SqlDialect dialect)
    {
        await using var h = await RunnerHarness.OpenAsync(dialect);
        var queued = await h.Engine.Runner.PrepareAsync(Extraction());
        Assert.Equal(1, queued.DefinitionVersion);
        Assert.Equal("{\"extraction-notes/colonnes.sbn\":1}", queued.TemplateVersions);

        // While it waits in the queue, the manager publishes a new definition and a new template.
        var yaml = File.ReadAllText(Path.Combine(Engine.Hosting.ShippedFiles.Locate(new Engine.Hosting.EngineOptions()).Definitions, "extraction-notes.yaml"))
            .Replace("file_name: \"notes-{{ etablissement.uai }}-", "file_name: \"v2-{{ etablissement.uai }}-");
        var definition = await h.Engine.Artefacts.SaveDraftAsync(ArtefactKind.Definition, "extraction-notes", yaml, "test");
        await h.Engine.Artefacts.SetStatusAsync(definition.Id, ArtefactStatus.Published);
        var template = await h.Engine.Artefacts.SaveDraftAsync(ArtefactKind.Template, "extraction-notes/colonnes.sbn",
            "{{ csv_header [\"Version deux\"] }}", "test");
        await h.Engine.Artefacts.SetStatusAsync(template.Id, ArtefactStatus.Published);
        await h.Engine.ReloadAsync();
        Assert.Equal(2, h.Engine.Definitions.Get("extraction-notes")!.Version);

        var run = await h.Engine.Runner.ExecuteAsync(queued.Id, Memo);
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.StartsWith("notes-0783546F-CFG-78-", run.Output!.FileName);
        Assert.EndsWith(".csv", run.Output.FileName);
        Assert.StartsWith("\uFEFFNom;Prénoms;", await h.ReadOutputAsync(run));
        Assert.Equal(1, run.DefinitionVersion);
        Assert.Equal("{\"extraction-notes/colonnes.sbn\":1}", run.TemplateVersions);

        // A run submitted now takes the new versions.
        var next = await h.Engine.Runner.RunAsync(Extraction());
        Assert.StartsWith("v2-0783546F-CFG-78-", next.Output!.FileName);
        Assert.StartsWith("\uFEFFVersion deux", await h.ReadOutputAsync(next));
        Assert.Equal(2, next.DefinitionVersion);
        Assert.Equal("{\"extraction-notes/colonnes.sbn\":2}", next.TemplateVersions);
    }
}
