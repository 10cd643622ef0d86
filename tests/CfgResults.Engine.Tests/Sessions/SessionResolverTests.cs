using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Sessions;

namespace CfgResults.Engine.Tests.Sessions;

/// <summary>Issue 10, « Session choice everywhere »: which sessions a caller is offered, and which one is shown by default.</summary>
public sealed class SessionResolverTests
{
    [Fact]
    public async Task Default_IsTheLatestSessionWhoseWindowsAreNotAllClosed_AndASchoolOrCandidateIsOfferedOnlyTheirSessions()
    {
        await using var h = await SessionsHarness.OpenAsync(SqlDialect.Sqlite);
        var june2026 = SessionsHarness.June2026(200);
        // 2027 starts after 2026, but its windows are all closed at "now": 2026 stays the session in progress.
        var local = SessionsHarness.Now.DateTime;
        var closed = june2026.Windows.Select(w => w with { Opens = local.AddDays(-3), Closes = local.AddDays(-1) }).ToList();
        var only2026 = june2026.Schools[^1].Uai; // a school with students in 2026 only
        Assert.NotEqual("0783546F", only2026);
        var all2027 = SessionsHarness.June2027(200);
        var gone = all2027.Candidates.Where(c => c.RegistrationSchoolUai == only2026).Select(c => c.Number).ToHashSet();
        var june2027 = all2027 with
        {
            Windows = closed,
            Candidates = all2027.Candidates.Where(c => !gone.Contains(c.Number)).ToList(),
            Grades = all2027.Grades.Where(g => !gone.Contains(g.CandidateNumber) && g.CentreUai != only2026).ToList(),
        };
        await h.ImportAsync(june2026);
        await h.ImportAsync(june2027);
        var school = SessionsHarness.School();

        Assert.Equal("CFG-2026-06", await h.Engine.SessionResolver.DefaultCodeAsync(school));
        var choice = await h.Engine.SessionResolver.ChooseAsync(school, null);
        Assert.Equal(["CFG-2027-06", "CFG-2026-06"], choice.Offered.Select(s => s.Code));
        Assert.True(choice.DefaultAmongSeveral);
        // Its windows open again: 2027 is the latest session in progress; once closed, 2026 is shown again.
        await h.ImportAsync(june2027 with { Windows = june2026.Windows.Select(w => w with { Opens = local.AddDays(-3) }).ToList() }, replace: true);
        Assert.Equal("CFG-2027-06", await h.Engine.SessionResolver.DefaultCodeAsync(school));
        await h.Engine.Lifecycle.CloseAsync("CFG-2027-06", "test");
        Assert.Equal("CFG-2026-06", await h.Engine.SessionResolver.DefaultCodeAsync(school));

        // The school with students in 2026 only, a candidate of 2027 only, an unknown code.
        Assert.Equal(["CFG-2026-06"], (await h.Engine.SessionResolver.ListForAsync(Caller.School(only2026, "x"))).Select(s => s.Code));
        var candidate = Caller.Candidate(june2027.Candidates[0].Number, "c");
        Assert.Equal(["CFG-2027-06"], (await h.Engine.SessionResolver.ListForAsync(candidate)).Select(s => s.Code));
        var notMine = await h.Engine.SessionResolver.ChooseAsync(candidate, "CFG-2026-06");
        Assert.True(notMine.Unknown);
        Assert.Null(notMine.Current);
        Assert.Equal(2, (await h.Engine.SessionResolver.ListForAsync(Caller.Manager("g"))).Count);
    }

    [Fact]
    public async Task DecisionGroups_OfferedToASchool_AreThoseOfTheChosenSessionOnly()
    {
        await using var h = await SessionsHarness.OpenAsync(SqlDialect.Sqlite);
        var june2026 = SessionsHarness.June2026(60);
        var june2027 = SessionsHarness.June2027(60);
        june2027 = june2027 with { Candidates = june2027.Candidates.Select(c => c with { DecisionGroup = "CFG-2027-" + c.DecisionGroup }).ToList() };
        await h.ImportAsync(june2026);
        await h.ImportAsync(june2027);

        var in2026 = (await h.Engine.Sessions.LoadContextAsync("CFG-2026-06", "0783546F"))!.DecisionGroups;
        var in2027 = (await h.Engine.Sessions.LoadContextAsync("CFG-2027-06", "0783546F"))!.DecisionGroups;
        Assert.NotEmpty(in2026);
        Assert.All(in2027, g => Assert.StartsWith("CFG-2027-", g));
        Assert.DoesNotContain(in2026, g => g.StartsWith("CFG-2027-", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<CfgResults.Engine.Running.RunInputException>(() => h.Engine.Runner.RunAsync(new CfgResults.Engine.Running.RunRequest("extraction-notes",
            SessionsHarness.School(), "CFG-2027-06", new Dictionary<string, string> { ["groupe_decision"] = in2026[0] }, [])));
        Assert.Contains(refused.Errors, e => e.Code == "CFG053");
    }

    [Fact]
    public void Retention_SaysASessionIsPastItsRetention_OnceTheNextSessionsResultsAreProclaimed()
    {
        var now = SessionsHarness.Now;
        var local = now.DateTime;
        SessionEntry Entry(string code, int yearsBack, bool published) => new(code, "CFG", code, "CFG", SessionStatus.Closed, now,
            null, [new ServiceWindow(published ? ServiceKind.CandidatePublication : ServiceKind.GradeExtraction, null, local.AddYears(-yearsBack).AddDays(-1), local.AddYears(-yearsBack).AddDays(20))]);
        var old = Entry("CFG-2024-06", 2, true);
        var previous = Entry("CFG-2025-06", 1, true);
        var current = Entry("CFG-2026-06", 0, false); // extraction open, results not yet published

        var verdicts = Retention.Evaluate([current, previous, old], RetentionPolicy.Default, now);

        Assert.Equal([false, false, true], verdicts.Select(v => v.Expired));
        Assert.Contains("CFG-2025-06", verdicts[2].Reason);
        Assert.Contains("art. 6", verdicts[2].Reason);
        var byYears = Retention.Evaluate([current, previous, old], RetentionPolicy.Default with { UntilNextSessionResults = false, YearsAfterSessionEnd = 1 }, now);
        Assert.Equal([false, false, true], byYears.Select(v => v.Expired));
    }
}

/// <summary>Access and audit logs are kept one year by default: older entries are deleted, newer ones stay.</summary>
public sealed class AuditRetentionTests
{
    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task PruneAudit_DeletesTheEntriesOlderThanTheRetention_Only(SqlDialect dialect)
    {
        await using var h = await SessionsHarness.OpenAsync(dialect);
        await h.Engine.Audit.RecordAsync("gestionnaire", "connexion", "ancienne");
        h.Clock.Advance(TimeSpan.FromDays(366));
        await h.Engine.Audit.RecordAsync("gestionnaire", "connexion", "recente");

        var removed = await h.Engine.Catalog.PruneAuditAsync(h.Clock.GetUtcNow().AddDays(-RetentionPolicy.Default.AuditLogDays));

        Assert.Equal(1, removed);
        Assert.Equal(["recente"], (await h.Engine.Audit.ListAsync(AuditFilter.All)).Select(e => e.Target));
    }
}
