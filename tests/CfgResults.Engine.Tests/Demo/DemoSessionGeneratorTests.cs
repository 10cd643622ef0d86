using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Identifiers;
using CfgResults.Engine.Import;

namespace CfgResults.Engine.Tests.Demo;

public sealed class DemoSessionGeneratorTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    readonly SessionData _s = fixture.Session;

    IEnumerable<Candidate> Deliberated => _s.Candidates.Where(c => c.State == RegistrationState.Registered && c.Result is not null);

    static double Share(IEnumerable<Candidate> all, Func<Candidate, bool> p) => all.Count(p) / (double)all.Count();

    [Fact]
    public void Demo_HasTheRequestedNumberOfCandidates_AndTheMemoSchoolFirst()
    {
        Assert.Equal(2000, _s.Candidates.Count);
        Assert.Equal(new School("0783546F", "CLG", "FRANCO ALLEMAND", "BUC"), _s.Schools[0]);
        Assert.Equal(new SessionInfo("CFG-2026-06", "CFG", "JUIN 2026", "CERTIFICAT DE FORMATION GÉNÉRALE", "VERSAILLES"), _s.Session);
        // The memo's display list: ROSE BONBON LUDIVINE, admitted, in BUC.
        var rose = _s.Candidates.Single(c => c.LastName == "ROSE BONBON" && c.FirstNames == "LUDIVINE" && c.RegistrationSchoolUai == "0783546F");
        Assert.Equal(Result.Admitted, rose.Result);
    }

    [Fact]
    public void Demo_Admits_IfAndOnlyIf_TotalIsAtLeast200()
    {
        var totals = _s.Grades.Where(g => g.ExamCode == "TOTAL").ToDictionary(g => g.CandidateNumber, g => g.Value);
        var checkedCount = 0;
        foreach (var c in Deliberated)
        {
            var total = totals[c.Number];
            if (c.Result == Result.Absent) { Assert.Equal(GradeKind.Absent, total.Kind); continue; }
            Assert.Equal(c.Result == Result.Admitted, total.Points >= 200m);
            checkedCount++;
        }
        Assert.True(checkedCount > 1500);
    }

    [Fact]
    public void Demo_TotalIsTheSumOfTheOtherGrades_AndEveryGradeIsWithinItsBareme()
    {
        var max = _s.Exams.ToDictionary(e => e.Code, e => e.MaxPoints);
        foreach (var g in _s.Grades.Where(g => g.Value.Kind == GradeKind.Points))
            Assert.InRange(g.Value.Points!.Value, 0m, max[g.ExamCode]);
        foreach (var grades in _s.Grades.GroupBy(g => g.CandidateNumber))
        {
            var total = grades.Single(g => g.ExamCode == "TOTAL").Value;
            if (total.Kind != GradeKind.Points) continue;
            Assert.Equal(total.Points, grades.Where(g => g.ExamCode != "TOTAL" && g.Value.Kind == GradeKind.Points).Sum(g => g.Value.Points));
        }
    }

    [Fact]
    public void Demo_ScolairesHaveSocleGradesOf10_20_25_Or30()
    {
        var scolaires = _s.Candidates.Where(c => c.Category == CandidateCategory.SchoolPupil).Select(c => c.Number).ToHashSet();
        var socle = _s.Grades.Where(g => scolaires.Contains(g.CandidateNumber) && g.ExamCode.StartsWith('D') && g.Value.Kind == GradeKind.Points).ToList();
        Assert.NotEmpty(socle);
        Assert.All(socle, g => Assert.Contains(g.Value.Points!.Value, new[] { 10m, 20m, 25m, 30m }));
        Assert.DoesNotContain(_s.Grades, g => !scolaires.Contains(g.CandidateNumber) && g.ExamCode.StartsWith('D'));
    }

    [Fact]
    public void Demo_IdentifiersAreValidAndUnique()
    {
        Assert.All(_s.Schools, s => Assert.True(Uai.IsValid(s.Uai), s.Uai));
        Assert.All(_s.Candidates.Where(c => c.Ine is not null), c => Assert.True(Ine.IsValid(c.Ine), c.Ine));
        Assert.Equal(_s.Schools.Count, _s.Schools.Select(s => s.Uai).Distinct().Count());
        Assert.Equal(_s.Candidates.Count, _s.Candidates.Select(c => c.Number).Distinct().Count());
        Assert.All(_s.Candidates, c => Assert.Matches("^[0-9]{11}$", c.Number));
    }

    [Fact]
    public void Demo_SharesAreRoughlyRealistic()
    {
        var all = _s.Candidates;
        Assert.InRange(Share(all, c => c.Category == CandidateCategory.Individual), 0.11, 0.19);
        Assert.InRange(Share(all, c => c.RedList), 0.01, 0.035);
        Assert.InRange(Share(all, c => c.FraudSuspected), 0.001, 0.012);
        Assert.InRange(Share(all, c => c.ReplacementSession), 0.001, 0.012);
        Assert.InRange(Share(all, c => c.State == RegistrationState.Cancelled), 0.003, 0.02);
        Assert.InRange(Share(Deliberated.Where(c => c.Result != Result.Absent), c => c.Result == Result.Admitted), 0.70, 0.92);
        var perSchool = all.GroupBy(c => c.RegistrationSchoolUai).Select(g => g.Count()).ToList();
        Assert.All(perSchool.SkipLast(1), n => Assert.InRange(n, 30, 60));
    }

    [Fact]
    public void Demo_HasTheCasesTheGuardRailsAreFor()
    {
        var schoolOf = _s.Candidates.ToDictionary(c => c.Number, c => c.RegistrationSchoolUai);
        var elsewhere = _s.Grades.Where(g => g.CentreUai is { } centre && g.SatIn(centre) && centre != schoolOf[g.CandidateNumber])
            .Select(g => g.CandidateNumber).Distinct().Count();
        Assert.InRange(elsewhere / 2000.0, 0.02, 0.08);
        Assert.Contains(_s.Grades, g => g.Position == ExamPosition.Benefit && g.Value.Kind == GradeKind.Points);
        Assert.Contains(_s.Grades, g => g.Position == ExamPosition.Exempted && g.Value.Kind == GradeKind.Exempted);
        Assert.Contains(_s.Grades, g => g.Value.Kind == GradeKind.Absent);
        Assert.Contains(_s.Candidates, c => c.Result == Result.Absent);
        // Not deliberated yet: only in the pending group, and that group also has deliberated candidates.
        var pending = _s.Candidates.Where(c => c.State == RegistrationState.Registered && !c.ReplacementSession && c.Result is null).ToList();
        Assert.NotEmpty(pending);
        Assert.All(pending, c => Assert.Equal(DemoSessionGenerator.PendingDecisionGroup, c.DecisionGroup));
        Assert.Contains(Deliberated, c => c.DecisionGroup == DemoSessionGenerator.PendingDecisionGroup);
        Assert.Equal(["CFG-78", "CFG-91", "CFG-92", "CFG-95"], _s.Candidates.Select(c => c.DecisionGroup).Distinct().Order());
    }

    [Fact]
    public void Demo_HasHardNames_AndHomonyms()
    {
        Assert.Contains(_s.Candidates, c => c.LastName.Contains('\''));
        Assert.Contains(_s.Candidates, c => c.LastName.Contains('-') || c.FirstNames.Contains('-'));
        Assert.Contains(_s.Candidates, c => c.LastName.Contains(' '));
        Assert.Contains(_s.Candidates, c => c.LastName.Any(ch => ch > 127));
        Assert.Contains(_s.Candidates.GroupBy(c => (c.LastName, c.FirstNames, c.RegistrationSchoolUai)), g => g.Count() > 1);
    }

    [Fact]
    public void Demo_OpensEveryServiceAroundNow_InParisTime()
    {
        Assert.Equal(3, _s.Windows.Count);
        Assert.All(_s.Windows, w =>
        {
            Assert.Null(w.DecisionGroup);
            Assert.Equal(new DateTime(2026, 6, 13, 8, 0, 0), w.Opens);
            Assert.Equal(new DateTime(2026, 7, 20, 18, 0, 0), w.Closes);
        });
    }

    [Fact]
    public void Demo_IsTheSame_ForTheSameSeed_AndDiffers_ForAnother()
    {
        var a = Export(DemoSessionGenerator.Generate(new DemoOptions(300, 7, DemoFixture.Now)));
        var b = Export(DemoSessionGenerator.Generate(new DemoOptions(300, 7, DemoFixture.Now)));
        var c = Export(DemoSessionGenerator.Generate(new DemoOptions(300, 8, DemoFixture.Now)));
        Assert.Equal(a, b);
        Assert.NotEqual(a["candidats.csv"], c["candidats.csv"]);
        Assert.NotEqual(a["notes.csv"], c["notes.csv"]);
    }

    [Fact]
    public void Demo_RefusesACandidateCountOutsideItsRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoSessionGenerator.Generate(new DemoOptions(9, 1, DemoFixture.Now)));
        Assert.Equal(10, DemoSessionGenerator.Generate(new DemoOptions(10, 1, DemoFixture.Now)).Candidates.Count);
    }

    [Fact]
    public void Demo_ExportImportsWithoutError()
    {
        var dir = Directory.CreateTempSubdirectory("cfg-demo-").FullName;
        try
        {
            SessionFolderWriter.Write(_s, dir);
            var result = SessionFolderReader.Read(dir);
            Assert.True(result.Succeeded, string.Join("\n", result.Errors.Take(10)));
            Assert.Equal(_s.Candidates.OrderBy(c => c.Number, StringComparer.Ordinal), result.Session.Candidates);
        }
        finally { Directory.Delete(dir, true); }
    }

    static Dictionary<string, byte[]> Export(SessionData s)
    {
        var dir = Directory.CreateTempSubdirectory("cfg-demo-").FullName;
        try
        {
            SessionFolderWriter.Write(s, dir);
            return Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        }
        finally { Directory.Delete(dir, true); }
    }
}
