using CfgResults.Engine.Running;
using CfgResults.Engine.Steps;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>Issue 13 item 6: an extraction without any identity column is only run on an explicit confirmation.</summary>
public sealed class ExtractionWithoutIdentityTests : IAsyncLifetime
{
    EngineFixture _f = null!;

    public async Task InitializeAsync() => _f = await EngineFixture.OpenAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task Extraction_WithoutAnyIdentityColumn_IsRefusedBeforeItIsRecorded_NamingTheConfirmationBox()
    {
        var before = (await _f.Engine.Runner.Runs.ListAsync(100)).Count;
        var e = await Assert.ThrowsAsync<RunInputException>(() =>
            _f.RunAsync("extraction-notes", EngineFixture.School(), new Dictionary<string, string> { ["groupe_decision"] = "CFG-78" }));
        var error = Assert.Single(e.Errors);
        Assert.Equal(ConfirmationCheck.Code, error.Code);
        Assert.Equal("sans_identite", error.Location.File);
        Assert.Equal("Aucune information d'identité n'est cochée : les lignes du fichier ne pourront être attribuées à aucun élève. "
            + "Cochez « Extraire sans aucune information d'identité » pour confirmer.", error.Message);
        Assert.Equal(before, (await _f.Engine.Runner.Runs.ListAsync(100)).Count);
    }

    [Fact]
    public async Task Extraction_WithoutAnyIdentityColumn_Runs_OnceConfirmed()
    {
        var run = await _f.RunOkAsync("extraction-notes", EngineFixture.School(),
            new Dictionary<string, string> { ["groupe_decision"] = "CFG-78", ["sans_identite"] = "O" });
        var header = _f.OutputCsv(run).Rows[0];
        Assert.DoesNotContain(header, h => h.Contains("Nom", StringComparison.Ordinal) || h.Contains("INE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("inclure_nom")]
    [InlineData("inclure_identifiant")]
    [InlineData("inclure_ine")]
    [InlineData("inclure_date_naissance")]
    public async Task Extraction_WithOneIdentityColumn_NeedsNoConfirmation(string flag)
    {
        await _f.RunOkAsync("extraction-notes", EngineFixture.School(), new Dictionary<string, string> { ["groupe_decision"] = "CFG-78", [flag] = "O" });
    }
}
