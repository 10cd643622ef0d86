using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Running;
using CfgResults.Engine.Versioning;

namespace CfgResults.Engine.Tests.Running;

public sealed class RunnerTests
{
    static readonly Caller Memo = Caller.School("0783546F", "etab-0783546f");

    static RunRequest Extraction(Caller caller, string? key = null, params CriterionChange[] changes) => new("extraction-notes", caller, null,
        new Dictionary<string, string> { ["groupe_decision"] = "CFG-78", ["inclure_nom"] = "O", ["inclure_identifiant"] = "O" }, changes, key);

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Run_RecordsVersionsCallerParametersTimesStateAndOutputHash(SqlDialect dialect)
    {
        await using var h = await RunnerHarness.OpenAsync(dialect);
        var run = await h.Engine.Runner.RunAsync(Extraction(Memo));

        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal("extraction-notes", run.DefinitionId);
        Assert.Equal(1, run.DefinitionVersion);
        Assert.Equal("etablissement:0783546F", run.Caller);
        Assert.Contains("\"groupe_decision\":\"CFG-78\"", run.Parameters);
        Assert.Equal(RunnerHarness.Now, run.StartedAt);
        Assert.Equal(RunnerHarness.Now, run.EndedAt);
        Assert.NotNull(run.Output);
        Assert.Equal(64, run.Output!.Sha256.Length);
        Assert.True(run.RowCount > 10);
        var csv = await h.ReadOutputAsync(run);
        Assert.StartsWith("\uFEFFNom;Prénoms;Numéro candidat;", csv);
    }

    [Fact]
    public async Task Extraction_GivesTheSameFile_OnSqliteAndOnPostgres()
    {
        await using var sqlite = await RunnerHarness.OpenAsync(SqlDialect.Sqlite);
        await using var postgres = await RunnerHarness.OpenAsync(SqlDialect.Postgres);
        var a = await sqlite.Engine.Runner.RunAsync(Extraction(Memo, null, CriterionChange.Set("liste_rouge", CriterionOperator.Equals, "O")));
        var b = await postgres.Engine.Runner.RunAsync(Extraction(Memo, null, CriterionChange.Set("liste_rouge", CriterionOperator.Equals, "O")));
        Assert.Equal(a.Output!.Sha256, b.Output!.Sha256);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Publication_WritesOneVersionPerCandidate_AndNothingMoreOnARerun(SqlDialect dialect)
    {
        await using var h = await RunnerHarness.OpenAsync(dialect, candidates: 120);
        var request = new RunRequest("publication-releves", Caller.Manager("g"), null, new Dictionary<string, string> { ["disponible_le"] = "01/01/2026 08:00" }, []);
        var first = await h.Engine.Runner.RunAsync(request);
        Assert.Equal(RunState.Succeeded, first.State);
        var count = await h.Engine.Documents.CountVersionsAsync("CFG-2026-06");
        Assert.Equal(first.RowCount, count);
        Assert.True(count > 100);
        var second = await h.Engine.Runner.RunAsync(request);
        Assert.Equal(0, second.RowCount);
        Assert.Equal(count, await h.Engine.Documents.CountVersionsAsync("CFG-2026-06"));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Publication_AgainBeforeAvailability_CorrectsTheDate_AndAfterItChangesNothing(SqlDialect dialect)
    {
        await using var h = await RunnerHarness.OpenAsync(dialect, candidates: 60);
        RunRequest At(string date) => new("publication-releves", Caller.Manager("g"), null, new Dictionary<string, string> { ["disponible_le"] = date }, []);
        var first = await h.Engine.Runner.RunAsync(At("01/07/2027 08:00"));
        var count = await h.Engine.Documents.CountVersionsAsync("CFG-2026-06");

        var corrected = await h.Engine.Runner.RunAsync(At("01/07/2026 08:00"));

        Assert.Equal(first.RowCount, corrected.RowCount);
        Assert.Equal(count, await h.Engine.Documents.CountVersionsAsync("CFG-2026-06"));
        var number = (await h.Engine.Search.SearchAsync(Caller.Manager("g"), "CFG-2026-06", [], 1, 1)).Items[0].Number;
        var version = Assert.Single(await h.Engine.Documents.ListForCandidateAsync("CFG-2026-06", number));
        Assert.Equal((1, new DateTimeOffset(2026, 7, 1, 6, 0, 0, TimeSpan.Zero)), (version.Version, version.AvailableFrom));

        h.Clock.SetUtcNow(new DateTimeOffset(2026, 7, 2, 0, 0, 0, TimeSpan.Zero));
        var late = await h.Engine.Runner.RunAsync(At("01/09/2026 08:00"));
        Assert.Equal(0, late.RowCount);
        Assert.Equal(version, Assert.Single(await h.Engine.Documents.ListForCandidateAsync("CFG-2026-06", number)));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task ASchool_IsOfferedOnlyItsOwnDecisionGroups_AndAnotherGroupIsRefused(SqlDialect dialect)
    {
        await using var h = await RunnerHarness.OpenAsync(dialect);
        var all = (await h.Engine.Sessions.LoadContextAsync("CFG-2026-06"))!.DecisionGroups;
        var own = (await h.Engine.Sessions.LoadContextAsync("CFG-2026-06", Memo.Uai))!.DecisionGroups;
        Assert.Contains("CFG-78", own);
        var foreign = Assert.IsType<string>(all.FirstOrDefault(g => !own.Contains(g)));

        var e = await Assert.ThrowsAsync<RunInputException>(() => h.Engine.Runner.RunAsync(new RunRequest("extraction-notes", Memo, null,
            new Dictionary<string, string> { ["groupe_decision"] = foreign }, [])));

        Assert.Contains(e.Errors, d => d.Location.File == "groupe_decision" || d.Message.Contains(foreign));
        Assert.DoesNotContain(e.Errors, d => own.Count > 0 && all.Except(own).Any(g => g != foreign && d.Message.Contains(g)));
        Assert.Equal(RunState.Succeeded, (await h.Engine.Runner.RunAsync(Extraction(Memo))).State);
    }

    [Fact]
    public async Task SameIdempotencyKey_GivesOneRun()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite);
        var first = await h.Engine.Runner.PrepareAsync(Extraction(Memo, "cle-1"));
        var second = await h.Engine.Runner.PrepareAsync(Extraction(Memo, "cle-1"));
        Assert.Equal(first.Id, second.Id);
        var executed = await h.Engine.Runner.ExecuteAsync(first.Id, Memo);
        var again = await h.Engine.Runner.ExecuteAsync(first.Id, Memo);
        Assert.Equal(executed.Output!.Sha256, again.Output!.Sha256);
        Assert.Equal(executed.EndedAt, again.EndedAt);
    }

    [Fact]
    public async Task WrongAudience_IsNotAllowed()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite);
        await Assert.ThrowsAsync<NotAllowedException>(() => h.Engine.Runner.RunAsync(Extraction(Caller.Manager("g"))));
        await Assert.ThrowsAsync<NotAllowedException>(() => h.Engine.Runner.RunAsync(
            new RunRequest("publication-releves", Memo, null, new Dictionary<string, string> { ["disponible_le"] = "01/07/2026 08:00" }, [])));
    }

    [Fact]
    public async Task BadParameters_AreAllReportedWithTheirCodes_AndNothingIsRecorded()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite);
        var e = await Assert.ThrowsAsync<RunInputException>(() => h.Engine.Runner.RunAsync(new RunRequest("extraction-notes", Memo, null,
            new Dictionary<string, string> { ["inclure_nom"] = "peut-être", ["inconnu"] = "x" }, [])));
        Assert.Equal(["CFG050", "CFG051", "CFG052"], e.Errors.Select(d => d.Code).Order().ToArray());
        Assert.Empty(await h.Engine.Runs.ListAsync(10));
    }

    [Fact]
    public async Task ChangingALockedCriterion_IsRefused()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite);
        var e = await Assert.ThrowsAsync<RunInputException>(() => h.Engine.Runner.RunAsync(
            Extraction(Memo, null, CriterionChange.Set("etablissement_inscription", CriterionOperator.Equals, "0780130T"))));
        Assert.Contains(e.Errors, d => d.Code == "CFG040");
    }

    [Fact]
    public async Task ASchool_NeverReadsAnotherSchoolsStudents_EvenWhenTheDefinitionDropsTheCriterion()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite);
        // A definition edit that removes the school criterion: the guard rail in code still scopes to the caller.
        var yaml = File.ReadAllText(Path.Combine(ShippedDefinitions(), "extraction-notes.yaml"))
            .Replace("  - { field: etablissement_inscription, equals: \"{{ user.uai }}\", locked: true }\n", "");
        var draft = await h.Engine.Artefacts.SaveDraftAsync(ArtefactKind.Definition, "extraction-notes", yaml, "test");
        await h.Engine.Artefacts.SetStatusAsync(draft.Id, ArtefactStatus.Published);
        await h.Engine.ReloadAsync();
        Assert.Equal(2, h.Engine.Definitions.Get("extraction-notes")!.Version);

        var run = await h.Engine.Runner.RunAsync(Extraction(Memo));
        var ownStudents = (await h.Engine.Search.SearchAsync(Memo, "CFG-2026-06", [], 1, 500)).Items.Select(i => i.Number).ToHashSet();
        var rows = (await h.ReadOutputAsync(run)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains(r.Split(';')[2], ownStudents));
        Assert.Equal(2, run.DefinitionVersion);
    }

    static RunRequest Publication() =>
        new("publication-releves", Caller.Manager("g"), null, new Dictionary<string, string> { ["disponible_le"] = "01/01/2026 08:00" }, []);

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task ARunWhoseOwnerAskedToStopBeforeItStarted_EndsCancelled_WithoutWritingAnything(SqlDialect dialect)
    {
        await using var h = await RunnerHarness.OpenAsync(dialect, candidates: 60);
        var run = await h.Engine.Runner.PrepareAsync(Publication());

        Assert.True(await h.Engine.Runs.RequestCancelAsync(run.Id));
        var ended = await h.Engine.Runner.ExecuteAsync(run.Id, Caller.Manager("g"));

        Assert.Equal(RunState.Cancelled, ended.State);
        Assert.Equal(RunMessages.CancelledOnRequest, ended.Message);
        Assert.Equal(0, await h.Engine.Documents.CountVersionsAsync("CFG-2026-06"));
        Assert.False(await h.Engine.Runs.RequestCancelAsync(run.Id), "une édition terminée ne s'annule plus");
    }

    [Fact]
    public async Task ARunningPublication_StopsWhenItsOwnerAsks_KeepingTheSchoolsAlreadyDone()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite, candidates: 3000);
        var run = await h.Engine.Runner.PrepareAsync(Publication());
        var asked = 0;
        var progress = new SyncProgress(p =>
        {
            if (Interlocked.Exchange(ref asked, 1) == 0) h.Engine.Runs.RequestCancelAsync(run.Id).GetAwaiter().GetResult();
        });

        var ended = await h.Engine.Runner.ExecuteAsync(run.Id, Caller.Manager("g"), progress);

        Assert.Equal(RunState.Cancelled, ended.State);
        Assert.Equal(RunMessages.CancelledOnRequest, ended.Message);
        var written = await h.Engine.Documents.CountVersionsAsync("CFG-2026-06");
        Assert.InRange(written, 1, 2900);
        // Published again, the publication completes what was left.
        var again = await h.Engine.Runner.RunAsync(Publication());
        Assert.Equal(RunState.Succeeded, again.State);
        Assert.True(await h.Engine.Documents.CountVersionsAsync("CFG-2026-06") > written);
    }

    [Fact]
    public async Task AJobStoppedByTheHostShuttingDown_IsLeftUnfinished_AndCompletesWhenTakenUpAgain()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite, candidates: 3000);
        var run = await h.Engine.Runner.PrepareAsync(Publication());
        using var shutdown = new CancellationTokenSource();
        var progress = new SyncProgress(_ => shutdown.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            h.Engine.Runner.ExecuteAsync(run.Id, Caller.Manager("g"), progress, shutdown.Token, resumeIfStopped: true));

        Assert.Equal(RunState.Running, (await h.Engine.Runs.GetAsync(run.Id))!.State);
        Assert.Contains(await h.Engine.Runs.ListUnfinishedAsync(), r => r.Id == run.Id);
        var partial = await h.Engine.Documents.CountVersionsAsync("CFG-2026-06");
        var resumed = await h.Engine.Runner.ExecuteAsync(run.Id, Caller.Manager("g"));
        Assert.Equal(RunState.Succeeded, resumed.State);
        var total = await h.Engine.Documents.CountVersionsAsync("CFG-2026-06");
        Assert.True(total > partial);
        // Nothing written twice: a full publication afterwards has nothing left to write.
        Assert.Equal(0, (await h.Engine.Runner.RunAsync(Publication())).RowCount);
    }

    sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }

    [Fact]
    public async Task ACancelledRun_EndsCancelled_AndAFailingRunEndsFailed()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite);
        var run = await h.Engine.Runner.PrepareAsync(Extraction(Memo));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var cancelled = await h.Engine.Runner.ExecuteAsync(run.Id, Memo, null, cts.Token);
        Assert.Equal(RunState.Cancelled, cancelled.State);
        Assert.Equal("Édition annulée.", cancelled.Message);

        // A template that fails at render time: the run is recorded Failed, with the French reason.
        var broken = await h.Engine.Artefacts.SaveDraftAsync(ArtefactKind.Template, "extraction-notes/colonnes.sbn", "{{ csv_header [inconnue] }}", "test");
        await h.Engine.Artefacts.SetStatusAsync(broken.Id, ArtefactStatus.Published);
        await h.Engine.ReloadAsync();
        var failing = await h.Engine.Runner.PrepareAsync(Extraction(Memo));
        await Assert.ThrowsAnyAsync<Exception>(() => h.Engine.Runner.ExecuteAsync(failing.Id, Memo));
        var recorded = await h.Engine.Runs.GetAsync(failing.Id);
        Assert.Equal(RunState.Failed, recorded!.State);
        Assert.StartsWith("L'édition a échoué", recorded.Message);
    }

    [Fact]
    public async Task ShippedFiles_AreSeededOnce_ByContentHash()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite);
        var before = await h.Engine.Artefacts.PublishedAsync(ArtefactKind.Definition);
        var reopened = await Support.TestEngine.OpenAsync(h.Engine.Options, h.Clock);
        var after = await reopened.Artefacts.PublishedAsync(ArtefactKind.Definition);
        Assert.Equal(before.Select(v => (v.Name, v.Version)), after.Select(v => (v.Name, v.Version)));
        Assert.All(after, v => Assert.Equal(1, v.Version));
    }

    static string ShippedDefinitions() => Hosting.ShippedFiles.Locate(new Hosting.EngineOptions()).Definitions;
}
