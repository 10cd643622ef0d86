using CfgResults.Engine.Data;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Statistics;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Statistics;

/// <summary>
/// Issue 14 item 5: the dashboard's figures, computed by SQL in the store, equal the same figures counted here with
/// LINQ over the demo session in memory, on both dialects, for an exam manager and for one school.
/// </summary>
public sealed class ResultsStatisticsTests
{
    static readonly SessionData Demo = Tweaked(DemoSessionGenerator.Generate(new DemoOptions(600, 7, EngineFixture.DefaultNow)));

    /// <summary>The demo with a few held results and cancelled registrations, so that both rules have candidates to break them.</summary>
    static SessionData Tweaked(SessionData data) => data with
    {
        Candidates = [.. data.Candidates.Select((c, i) => i % 37 == 5 ? c with { FraudSuspected = true }
            : i % 53 == 7 ? c with { State = RegistrationState.Cancelled } : c)],
    };

    static async Task<SessionStatistics> Compute(SqlDialect dialect, string? school)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        await new SessionStore(db.Database).ReplaceSessionAsync(Demo);
        return (await new ResultsStatistics(db.Database).ComputeAsync(Demo.Session.Code, school))!;
    }

    /// <summary>The expected figures, counted the obvious way over the candidates the viewer may see.</summary>
    static (ResultCounts Overall, Dictionary<string, ResultCounts> Groups, int[] Bins, Dictionary<string, (int Graded, decimal? Average, int Absent)> Exams)
        Expected(string? school)
    {
        var seen = Demo.Candidates.Where(c => c.State == RegistrationState.Registered && (school is null || c.RegistrationSchoolUai == school)).ToList();
        var grades = Demo.Grades.ToLookup(g => g.CandidateNumber);
        ResultCounts Count(string key, IEnumerable<Candidate> cs)
        {
            var list = cs.ToList();
            return new(key, list.Count,
                list.Count(c => grades[c.Number].Any(g => g.Position == ExamPosition.Registered && g.Value.Kind == GradeKind.Points)),
                list.Count(c => !c.FraudSuspected && c.Result == Result.Admitted), list.Count(c => !c.FraudSuspected && c.Result == Result.Refused),
                list.Count(c => !c.FraudSuspected && c.Result == Result.Absent), list.Count(c => c.FraudSuspected));
        }
        var notHeld = seen.Where(c => !c.FraudSuspected).ToList();
        var bins = new int[20];
        foreach (var c in notHeld)
            if (grades[c.Number].FirstOrDefault(g => g.ExamCode == "TOTAL" && g.Value.Kind == GradeKind.Points) is { } total)
                bins[Math.Min(19, (int)(total.Value.Points!.Value / 20))]++;
        var exams = Demo.Exams.Where(e => e.GradingMode != GradingMode.NotGraded).ToDictionary(e => e.Code, e =>
        {
            var sat = notHeld.SelectMany(c => grades[c.Number]).Where(g => g.ExamCode == e.Code && g.Position == ExamPosition.Registered).ToList();
            var points = sat.Where(g => g.Value.Kind == GradeKind.Points).Select(g => g.Value.Points!.Value).ToList();
            return (points.Count, points.Count == 0 ? (decimal?)null : Math.Round(points.Sum() / points.Count, 2), sat.Count(g => g.Value.Kind == GradeKind.Absent));
        });
        return (Count("", seen), seen.GroupBy(c => c.DecisionGroup).ToDictionary(g => g.Key, g => Count(g.Key, g)), bins, exams);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite, null)]
    [InlineData(SqlDialect.Sqlite, EngineFixture.MemoSchool)]
    [InlineData(SqlDialect.Postgres, null)]
    [InlineData(SqlDialect.Postgres, EngineFixture.MemoSchool)]
    public async Task Figures_EqualTheCountsMadeIndependently_ForWhatTheViewerMaySee(SqlDialect dialect, string? school)
    {
        var stats = await Compute(dialect, school);
        var (overall, groups, bins, exams) = Expected(school);

        Assert.Equal(overall, stats.Overall);
        Assert.True(overall.Held > 0 && overall.Admitted > 0 && overall.Refused > 0, "the demo should exercise every count");
        Assert.Equal(groups.Values.OrderBy(g => g.Key, StringComparer.Ordinal), stats.ByGroup);
        Assert.Equal(bins, stats.Totals.Select(b => b.Count));
        Assert.Equal((400m, 200m), (stats.TotalMax, stats.PassMark));
        Assert.Equal(exams, stats.Exams.ToDictionary(e => e.Code, e => (e.Graded, e.Average, e.Absent)));
        if (school is null)
            Assert.True(stats.BySchool.Count > 1);
        else
            Assert.Equal([school], stats.BySchool.Select(s => s.Key));
    }

    [Fact]
    public async Task AnUnknownSession_HasNoFigures()
    {
        await using var db = await TestDatabases.CreateAsync(SqlDialect.Sqlite);
        Assert.Null(await new ResultsStatistics(db.Database).ComputeAsync("NOPE", null));
    }

    [Fact]
    public void PassRate_IsAdmittedAmongPronouncedResults_AndNoneWithoutAny()
    {
        Assert.Equal(75.0m, new ResultCounts("", 10, 9, 6, 2, 1, 1).PassRate);
        Assert.Null(new ResultCounts("", 3, 0, 0, 0, 3, 0).PassRate);
    }
}
