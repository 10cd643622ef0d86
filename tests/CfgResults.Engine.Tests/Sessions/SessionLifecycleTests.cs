using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Sessions;
using Dapper;

namespace CfgResults.Engine.Tests.Sessions;

/// <summary>Issue 10, « Life cycle »: close, archive, purge, each refused in the wrong state; replacement only when confirmed.</summary>
public sealed class SessionLifecycleTests
{
    const string Y2026 = "CFG-2026-06", Y2027 = "CFG-2027-06";

    static async Task<long> CountAsync(SessionsHarness h, string sql, object args)
    {
        await using var cn = await h.Engine.Database.OpenAsync();
        return await cn.ExecuteScalarAsync<long>(sql, args);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task Import_OfAnExistingCode_IsRefusedWithoutConfirmation_AndSaysWhatIsReplacedAndWhatIsKept(SqlDialect dialect)
    {
        await using var h = await SessionsHarness.OpenAsync(dialect);
        var data = SessionsHarness.June2026(40);
        await h.ImportAsync(data);
        var changed = data with { Candidates = data.Candidates.Skip(1).ToList() };

        var e = await Assert.ThrowsAsync<SessionLifecycleException>(() => h.ImportAsync(changed));

        Assert.Equal(SessionRefusal.NeedsConfirmation, e.Refusal);
        Assert.Contains("remplace ses 40 candidat(s)", e.Message);
        Assert.Contains("Sont conservés : les 0 relevé(s) de notes déjà publié(s)", e.Message);
        Assert.Equal(40, (await h.Engine.Sessions.LoadSessionAsync(Y2026))!.Candidates.Count);
        await h.ImportAsync(changed, replace: true);
        Assert.Equal(39, (await h.Engine.Sessions.LoadSessionAsync(Y2026))!.Candidates.Count);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task ClosedSession_RefusesImportAndPublication_ButItsDocumentsStillDownload(SqlDialect dialect)
    {
        await using var h = await SessionsHarness.OpenAsync(dialect);
        var data = SessionsHarness.June2026(40);
        await h.ImportAsync(data);
        await h.RunOkAsync("publication-releves", SessionsHarness.Manager(), Y2026, new() { ["disponible_le"] = "20/06/2026 08:00" });

        await h.Engine.Lifecycle.CloseAsync(Y2026, "test");

        var import = await Assert.ThrowsAsync<SessionLifecycleException>(() => h.ImportAsync(data, replace: true));
        Assert.Equal(SessionRefusal.WrongState, import.Refusal);
        var publish = await Assert.ThrowsAsync<RunInputException>(() => h.Engine.Runner.RunAsync(new RunRequest("publication-releves",
            SessionsHarness.Manager(), Y2026, new Dictionary<string, string> { ["disponible_le"] = "20/06/2026 08:00" }, [])));
        Assert.Equal("CFG062", Assert.Single(publish.Errors).Code);
        var student = data.Candidates.First(c => c.RegistrationSchoolUai == "0783546F" && c.State == RegistrationState.Registered && !c.FraudSuspected);
        var entry = (await h.Engine.DocumentAccess.ListAsync(SessionsHarness.School(), Y2026, student.Number))[0];
        var (_, content) = await h.Engine.DocumentAccess.OpenAsync(SessionsHarness.School(), entry.Version.Id);
        await using (content) Assert.True(content.ReadByte() >= 0);
        // Reading activities still run on a closed session.
        await h.RunOkAsync("liste-resultats", SessionsHarness.School(), Y2026);
        var again = await Assert.ThrowsAsync<SessionLifecycleException>(() => h.Engine.Lifecycle.CloseAsync(Y2026, "test"));
        Assert.Equal(SessionRefusal.WrongState, again.Refusal);
        await h.Engine.Lifecycle.ReopenAsync(Y2026, "test");
        Assert.Equal(SessionStatus.Open, await h.Engine.Catalog.StatusAsync(Y2026));
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task Archive_IsRefusedForAnOpenSession_AndHidesTheSessionFromSelectors_WhichStillReachItByCode(SqlDialect dialect)
    {
        await using var h = await SessionsHarness.OpenAsync(dialect);
        await h.ImportAsync(SessionsHarness.June2026(40));
        await h.ImportAsync(SessionsHarness.June2027(40));

        var open = await Assert.ThrowsAsync<SessionLifecycleException>(() => h.Engine.Lifecycle.ArchiveAsync(Y2026, "test"));
        Assert.Equal(SessionRefusal.WrongState, open.Refusal);
        Assert.Contains("demande une session close", open.Message);
        await h.Engine.Lifecycle.CloseAsync(Y2026, "test");
        await h.Engine.Lifecycle.ArchiveAsync(Y2026, "test");

        var school = SessionsHarness.School();
        var byDefault = await h.Engine.SessionResolver.ChooseAsync(school, null);
        Assert.Equal([Y2027], byDefault.Offered.Select(s => s.Code));
        Assert.True(byDefault.HasArchived);
        Assert.Equal([Y2027, Y2026], (await h.Engine.SessionResolver.ChooseAsync(school, null, showArchived: true)).Offered.Select(s => s.Code));
        var byCode = await h.Engine.SessionResolver.ChooseAsync(school, Y2026);
        Assert.Equal(Y2026, byCode.Code);
        Assert.Contains(byCode.Offered, s => s.Code == Y2026);
        var unknown = await Assert.ThrowsAsync<SessionLifecycleException>(() => h.Engine.Lifecycle.ArchiveAsync("CFG-1999-06", "test"));
        Assert.Equal(SessionRefusal.Unknown, unknown.Refusal);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task Purge_IsRefusedWhileOpenOrWithTheWrongCode_ThenLeavesNoRowNoRunFileNoUnreleasedVersion_AndARecordOfCounts(SqlDialect dialect)
    {
        await using var h = await SessionsHarness.OpenAsync(dialect);
        var data = SessionsHarness.June2026(40);
        await h.ImportAsync(data);
        await h.ImportAsync(SessionsHarness.June2027(40));
        var school = SessionsHarness.School();
        var list = await h.RunOkAsync("liste-resultats", school, Y2026);
        await h.RunOkAsync("publication-releves", SessionsHarness.Manager(), Y2026, new() { ["disponible_le"] = "20/06/2026 08:00" });
        // A second publication for later, with other content: an unreleased version 2 for one candidate.
        var corrected = data with { Grades = data.Grades.Select(g => g.ExamCode == "ORAL" && g.Value.Kind == GradeKind.Points ? g with { Value = GradeValue.Of(g.Value.Points!.Value == 160 ? 159 : g.Value.Points.Value + 1) } : g).ToList() };
        await h.ImportAsync(corrected, replace: true);
        await h.RunOkAsync("publication-releves", SessionsHarness.Manager(), Y2026, new() { ["disponible_le"] = "01/09/2026 08:00" });
        var published = await CountAsync(h, "SELECT COUNT(*) FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE d.session_code = @c AND v.version = 1", new { c = Y2026 });
        var unreleased = await CountAsync(h, "SELECT COUNT(*) FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE d.session_code = @c AND v.version = 2", new { c = Y2026 });
        Assert.True(published > 0 && unreleased > 0, $"{published} publiés, {unreleased} en attente");

        var whileOpen = await Assert.ThrowsAsync<SessionLifecycleException>(() => h.Engine.Lifecycle.PurgeAsync(Y2026, Y2026, "test"));
        Assert.Equal(SessionRefusal.WrongState, whileOpen.Refusal);
        await h.Engine.Lifecycle.CloseAsync(Y2026, "test");
        var mistyped = await Assert.ThrowsAsync<SessionLifecycleException>(() => h.Engine.Lifecycle.PurgeAsync(Y2026, "CFG-2027-06", "test"));
        Assert.Equal(SessionRefusal.ConfirmationMismatch, mistyped.Refusal);
        Assert.Equal(40, await CountAsync(h, "SELECT COUNT(*) FROM candidates c JOIN sessions s ON s.id = c.session_id WHERE s.code = @c", new { c = Y2026 }));

        var counts = await h.Engine.Lifecycle.PurgeAsync(Y2026, Y2026, "gestionnaire");

        Assert.Equal(40, counts.Candidates);
        Assert.Equal(data.Grades.Count, counts.Grades);
        Assert.Equal(unreleased, counts.UnreleasedVersions);
        Assert.Equal(published, counts.KeptVersions);
        Assert.Equal(3, counts.Runs);
        Assert.Null(await h.Engine.Sessions.LoadSessionAsync(Y2026));
        Assert.False(await h.Engine.Blobs.ExistsAsync(list.Output!.Sha256));
        Assert.Equal(0, await CountAsync(h, "SELECT COUNT(*) FROM runs WHERE session_code = @c", new { c = Y2026 }));
        Assert.Equal(0, await CountAsync(h, "SELECT COUNT(*) FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE d.session_code = @c AND v.version = 2", new { c = Y2026 }));
        Assert.Equal(published, await CountAsync(h, "SELECT COUNT(*) FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE d.session_code = @c", new { c = Y2026 }));
        // Nothing of the session is left in its tables, whatever the session id was.
        foreach (var table in new[] { "candidates", "grades", "schools", "exams", "service_windows" })
            Assert.Equal(0, await CountAsync(h, $"SELECT COUNT(*) FROM {table} WHERE session_id NOT IN (SELECT id FROM sessions)", new { }));
        var record = Assert.Single(await h.Engine.Catalog.ListPurgesAsync());
        Assert.Equal((Y2026, "JUIN 2026", "gestionnaire"), (record.Code, record.Label, record.PurgedBy));
        Assert.Equal(counts, record.Counts);
        var audit = Assert.Single(await h.Engine.Audit.ListAsync(new(Action: SessionLifecycle.PurgeAction)));
        Assert.Equal("session:" + Y2026, audit.Target);
        Assert.DoesNotContain(data.Candidates[0].LastName, audit.Details);
        Assert.NotNull(await h.Engine.Sessions.LoadSessionAsync(Y2027));
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task PurgedSession_KeepsTheCandidatesPublishedTranscripts_ForThemToDownload(SqlDialect dialect)
    {
        await using var h = await SessionsHarness.OpenAsync(dialect);
        var data = SessionsHarness.June2026(40);
        await h.ImportAsync(data);
        await h.RunOkAsync("publication-releves", SessionsHarness.Manager(), Y2026, new() { ["disponible_le"] = "20/06/2026 08:00" });
        var number = (await CountNumbersAsync(h)).First();
        await h.Engine.Lifecycle.CloseAsync(Y2026, "test");
        await h.Engine.Lifecycle.PurgeAsync(Y2026, Y2026, "test");

        var candidate = CfgResults.Engine.Accounts.Caller.Candidate(number, "cand");
        Assert.Contains(Y2026, await h.Engine.Catalog.CodesForCandidateAsync(number));
        var entry = Assert.Single(await h.Engine.DocumentAccess.ListAsync(candidate, Y2026, number));
        Assert.True(entry.Available);
        var (_, content) = await h.Engine.DocumentAccess.OpenAsync(candidate, entry.Version.Id);
        await using (content) Assert.True(content.ReadByte() >= 0);
        // The school's access went with the candidacy rows.
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => h.Engine.DocumentAccess.ListAsync(SessionsHarness.School(), Y2026, number));
    }

    static async Task<IReadOnlyList<string>> CountNumbersAsync(SessionsHarness h)
    {
        await using var cn = await h.Engine.Database.OpenAsync();
        return (await cn.QueryAsync<string>("SELECT d.candidate_number FROM documents d JOIN candidates c ON c.number = d.candidate_number WHERE c.registration_school = '0783546F' ORDER BY 1")).ToList();
    }
}
