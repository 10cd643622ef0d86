using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Loading;
using CfgResults.Engine.Running;
using CfgResults.Engine.Steps;

namespace CfgResults.Engine.Tests.Running;

public sealed class StepKindTests
{
    static DateTimeOffset At(int y, int m, int d) => ParisTime.ToInstant(new DateTime(y, m, d, 12, 0, 0));

    [Fact]
    public void Registry_FindsEveryShippedKind_ByTheNameOnItsAttribute()
    {
        var registry = new StepKindRegistry();
        Assert.Equal(
            ["check.confirmation", "collect.transcripts", "count.exclusions", "deliver.download", "gate.availability", "gate.service-window", "publish.transcripts",
             "render.csv", "render.pdf", "render.xlsx", "select.candidates", "select.grades", "select.sat-in-centre", "shape.group", "shape.pivot", "shape.results", "shape.sort"],
            registry.Names);
    }

    [Fact]
    public void Registry_RefusesTwoKindsWithOneName_AtStartUp()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new StepKindRegistry(typeof(DuplicateA).Assembly));
        Assert.Contains("test.duplicate", e.Message);
    }

    [Fact]
    public void Options_ReportUnknownMissingAndMistypedOptions_WithTheirPlaces()
    {
        var loader = new DefinitionLoader(new StepKindRegistry(), new Tests.Loading.FakeTemplates());
        var errors = loader.LoadText("d.yaml", """
            id: d
            title: D
            audience: etablissement
            steps:
              - kind: gate.service-window
                service: extraction_notes
                messsage: x
              - kind: shape.sort
                by: { a: b }
            """).Diagnostics;
        Assert.Equal([DiagnosticCodes.MissingKey, DiagnosticCodes.WrongType, DiagnosticCodes.UnknownStepOption], errors.Select(e => e.Code).Order().ToArray());
        Assert.Contains(errors, e => e.Code == DiagnosticCodes.UnknownStepOption && e.Location == new SourceLocation("d.yaml", 7, 5));
        Assert.Contains(errors, e => e.Code == DiagnosticCodes.WrongType && e.Location.Line == 9);
    }

    [Fact]
    public void Options_DescribeTypesRequiredAndAllowedValues_ForTheLoader()
    {
        var spec = new StepKindRegistry().OptionsOf("gate.service-window")!;
        Assert.Equal(StepOptionType.Text, spec["service"].Type);
        Assert.True(spec["service"].Required);
        Assert.Equal(["extraction_notes", "publication_etablissement", "publication_candidat"], spec["service"].AllowedValues);
        Assert.False(spec["message_without_window"].Required);
        Assert.Equal(StepOptionType.List, new StepKindRegistry().OptionsOf("shape.sort")!["by"].Type);
        Assert.Null(new StepKindRegistry().OptionsOf("render.pfd"));
    }

    // Windows are [opens, closes) in Europe/Paris wall-clock time.
    static readonly ServiceWindow Extraction = new(ServiceKind.GradeExtraction, null, new DateTime(2019, 7, 1, 8, 0, 0), new DateTime(2019, 7, 14, 18, 0, 0));

    [Theory]
    [InlineData("2019-07-01T07:59:59+02:00", false)]
    [InlineData("2019-07-01T08:00:00+02:00", true)]
    [InlineData("2019-07-14T17:59:59+02:00", true)]
    [InlineData("2019-07-14T18:00:00+02:00", false)]
    public void ServiceWindow_IsOpenExactlyInsideItsBounds(string instant, bool open)
    {
        Assert.Equal(open, ServiceWindows.Evaluate([Extraction], ServiceKind.GradeExtraction, null, DateTimeOffset.Parse(instant)).IsOpen);
    }

    [Theory]
    // Spring forward 2026-03-29: 02:00 local does not exist; 01:59:59 CET is 00:59:59Z and 03:00 CEST is 01:00:00Z.
    [InlineData("2026-03-29T00:59:59Z", false)]
    [InlineData("2026-03-29T01:00:00Z", true)]
    public void ServiceWindow_OpensAtParisTime_AcrossTheSpringChange(string instant, bool open)
    {
        var spring = new ServiceWindow(ServiceKind.SchoolPublication, null, new DateTime(2026, 3, 29, 3, 0, 0), new DateTime(2026, 3, 30, 0, 0, 0));
        Assert.Equal(open, ServiceWindows.Evaluate([spring], ServiceKind.SchoolPublication, null, DateTimeOffset.Parse(instant)).IsOpen);
    }

    [Theory]
    // Fall back 2026-10-25: 02:30 local happens twice (00:30Z CEST, then 01:30Z CET); the first one closes the window for good.
    [InlineData("2026-10-25T00:29:59Z", true)]
    [InlineData("2026-10-25T00:30:00Z", false)]
    [InlineData("2026-10-25T01:29:59Z", false)]
    public void ServiceWindow_ClosesOnce_WhenTheAutumnChangeRepeatsAnHour(string instant, bool open)
    {
        var autumn = new ServiceWindow(ServiceKind.SchoolPublication, null, new DateTime(2026, 10, 24, 8, 0, 0), new DateTime(2026, 10, 25, 2, 30, 0));
        Assert.Equal(open, ServiceWindows.Evaluate([autumn], ServiceKind.SchoolPublication, null, DateTimeOffset.Parse(instant)).IsOpen);
    }

    [Fact]
    public void ClosedWindow_CitesTheNextWindow_ElseTheLastOne()
    {
        var before = ServiceWindows.Evaluate([Extraction], ServiceKind.GradeExtraction, null, At(2019, 6, 1));
        Assert.Equal(Extraction, before.Cited);
        var other = ServiceWindows.Evaluate([Extraction], ServiceKind.SchoolPublication, null, At(2019, 7, 2));
        Assert.False(other.IsOpen);
        Assert.Null(other.Cited);
    }

    [Fact]
    public void GroupWindow_AppliesOnlyToItsGroup()
    {
        var group = Extraction with { DecisionGroup = "CFG-78" };
        var inside = At(2019, 7, 2);
        Assert.True(ServiceWindows.Evaluate([group], ServiceKind.GradeExtraction, "CFG-78", inside).IsOpen);
        Assert.False(ServiceWindows.Evaluate([group], ServiceKind.GradeExtraction, "CFG-92", inside).IsOpen);
    }
}

[StepKind("test.duplicate")]
public sealed class DuplicateA : StepKind<DuplicateA.Options>
{
    public sealed record Options;
    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct) => Task.CompletedTask;
}

[StepKind("test.duplicate")]
public sealed class DuplicateB : StepKind<DuplicateB.Options>
{
    public sealed record Options;
    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct) => Task.CompletedTask;
}
