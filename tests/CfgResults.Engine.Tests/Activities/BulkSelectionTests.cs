using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>Issue 13 item 3: « Relevés en masse » chooses a decision group and the latest version only, or every version.</summary>
public sealed class BulkSelectionTests : IAsyncLifetime
{
    EngineFixture _f = null!;
    Candidate _changed = null!;

    public async Task InitializeAsync()
    {
        var s = new TinySession();
        _changed = s.Add("ARGENT", "Carine");
        s.Add("BLANC", "Hugo");
        s.Add("CUIVRE", "Autre groupe", c => c with { DecisionGroup = "CFG-91" });
        _f = await EngineFixture.OpenAsync(s.Build());
        Assert.Equal(RunState.Succeeded, (await _f.RunAsync("publication-releves", EngineFixture.Manager(), new Dictionary<string, string> { ["disponible_le"] = "19/06/2026 08:00" })).State);
        // The oral of one candidate changes: a second version for them only.
        var data = s.Build();
        data = data with { Grades = data.Grades.Select(g => g.CandidateNumber == _changed.Number && g.ExamCode is "ORAL" ? g with { Value = GradeValue.Of(110) }
            : g.CandidateNumber == _changed.Number && g.ExamCode == "TOTAL" ? g with { Value = GradeValue.Of(250) } : g).ToList() };
        await _f.ImportAsync(data);
        Assert.Equal(1, (await _f.RunAsync("publication-releves", EngineFixture.Manager(), new Dictionary<string, string> { ["disponible_le"] = "19/06/2026 08:00" })).RowCount);
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task Bulk_ByDefault_HoldsTheLatestVersionOfEachStudent()
    {
        var run = await _f.RunOkAsync("releves-notes-masse", EngineFixture.School());
        Assert.Equal(3, run.RowCount);
        Assert.Equal(3, run.PageCount);
    }

    [Fact]
    public async Task Bulk_WithEveryVersion_HoldsTheReplacedVersionsToo_AndAGroupNarrowsIt()
    {
        var run = await _f.RunOkAsync("releves-notes-masse", EngineFixture.School(), new Dictionary<string, string> { ["versions"] = "toutes" });
        Assert.Equal(4, run.PageCount);
        var text = string.Join("\n", _f.OutputPdfLines(run).SelectMany(p => p));
        Assert.Contains("Version n°1", text);
        Assert.Contains("Version n°2", text);

        var group = await _f.RunOkAsync("releves-notes-masse", EngineFixture.School(), new Dictionary<string, string> { ["groupe_decision"] = "CFG-91" });
        Assert.Equal(1, group.RowCount);
        Assert.Contains("CUIVRE", string.Join("\n", _f.OutputPdfLines(group).SelectMany(p => p)));
    }
}
