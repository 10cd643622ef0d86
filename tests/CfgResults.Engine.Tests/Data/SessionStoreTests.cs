using System.Data.Common;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CfgResults.Engine.Tests.Data;

public sealed class SessionStoreTests
{
    static readonly DateTimeOffset T0 = new(2026, 6, 15, 9, 30, 0, TimeSpan.Zero);

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task LoadSession_GivesBackWhatReplaceStored(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database, new FakeTimeProvider(T0));
        var data = SampleSessions.Juin2026();

        await store.ReplaceSessionAsync(data);

        SampleSessions.AssertSame(data, await store.LoadSessionAsync(data.Session.Code));
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task LoadSession_ReturnsRowsInKeyOrder_WhateverTheImportOrder(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database);
        var data = SampleSessions.Juin2026();
        var shuffled = data with
        {
            Schools = data.Schools.Reverse().ToList(),
            Exams = data.Exams.Reverse().ToList(),
            Candidates = data.Candidates.Reverse().ToList(),
            Grades = data.Grades.Reverse().ToList(),
        };

        await store.ReplaceSessionAsync(shuffled);

        SampleSessions.AssertSame(data, await store.LoadSessionAsync(data.Session.Code));
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task LoadSession_ReturnsNull_WhenNoSessionHasTheCode(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database);
        await store.ReplaceSessionAsync(SampleSessions.Juin2026());

        Assert.Null(await store.LoadSessionAsync("CFG-1999-06"));
        Assert.Null(await store.LoadContextAsync("CFG-1999-06"));
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task ReplaceSession_ReplacesOnlyThatSession_AndKeepsPublishedDocuments(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database);
        var june = SampleSessions.Juin2026();
        var september = SampleSessions.Juin2026("CFG-2026-09", candidatePrefix: "2027");
        await store.ReplaceSessionAsync(june);
        await store.ReplaceSessionAsync(september);
        await InsertPublishedDocumentAsync(db.Database, june.Session.Code, june.Candidates[0].Number);

        // Re-import of June: one candidate withdrawn, one grade corrected, windows reset to the file's.
        var corrected = june with
        {
            Candidates = june.Candidates.Skip(1).ToList(),
            Grades = june.Grades.Where(g => g.CandidateNumber != june.Candidates[0].Number)
                .Select(g => g.ExamCode == "FRA" && g.CandidateNumber == june.Candidates[2].Number ? g with { Value = GradeValue.Of(19.5m) } : g)
                .ToList(),
            Windows = [june.Windows[1]],
        };
        await store.ReplaceSessionAsync(corrected);

        SampleSessions.AssertSame(corrected, await store.LoadSessionAsync(june.Session.Code));
        SampleSessions.AssertSame(september, await store.LoadSessionAsync(september.Session.Code));
        Assert.Equal(1L, await ScalarLongAsync(db.Database, "SELECT COUNT(*) FROM documents"));
        Assert.Equal(1L, await ScalarLongAsync(db.Database, "SELECT COUNT(*) FROM document_versions"));
        Assert.Equal(2L, await ScalarLongAsync(db.Database, "SELECT COUNT(*) FROM sessions"));
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task ReplaceSession_LeavesThePreviousDataUnchanged_WhenItFailsMidway(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database, new FakeTimeProvider(T0));
        var before = SampleSessions.Juin2026();
        await store.ReplaceSessionAsync(before);
        var imported = await store.ListSessionsAsync();

        // The duplicate comes after several good rows, so the delete and part of the insert have already run.
        var broken = before with { Candidates = [.. before.Candidates, before.Candidates[1] with { LastName = "DOUBLON" }] };
        await Assert.ThrowsAnyAsync<DbException>(() => store.ReplaceSessionAsync(broken));

        SampleSessions.AssertSame(before, await store.LoadSessionAsync(before.Session.Code));
        Assert.Equal(imported, await store.ListSessionsAsync());
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task ReplaceSession_RefusesPointsWithMoreThanTwoDecimals_AndKeepsThePreviousData(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database);
        var before = SampleSessions.Juin2026();
        await store.ReplaceSessionAsync(before);

        var tooPrecise = before with { Grades = [.. before.Grades.Take(6), before.Grades[6] with { Value = GradeValue.Of(12.345m) }] };
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceSessionAsync(tooPrecise));

        SampleSessions.AssertSame(before, await store.LoadSessionAsync(before.Session.Code));
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task LatestSessionCode_IsTheMostRecentlyImported_IncludingAReimport(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var clock = new FakeTimeProvider(T0);
        var store = new SessionStore(db.Database, clock);
        Assert.True(await store.IsEmptyAsync());
        Assert.Null(await store.LatestSessionCodeAsync());

        await store.ReplaceSessionAsync(SampleSessions.Juin2026("CFG-2026-06"));
        clock.Advance(TimeSpan.FromMinutes(5));
        await store.ReplaceSessionAsync(SampleSessions.Juin2026("CFG-2026-09"));
        Assert.False(await store.IsEmptyAsync());
        Assert.Equal("CFG-2026-09", await store.LatestSessionCodeAsync());

        clock.Advance(TimeSpan.FromMinutes(5));
        await store.ReplaceSessionAsync(SampleSessions.Juin2026("CFG-2026-06"));
        Assert.Equal("CFG-2026-06", await store.LatestSessionCodeAsync());
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task ListSessions_GivesCodeLabelTitleCandidateCountAndImportTime_MostRecentFirst(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var clock = new FakeTimeProvider(T0);
        var store = new SessionStore(db.Database, clock);
        var june = SampleSessions.Juin2026("CFG-2026-06");
        await store.ReplaceSessionAsync(june);
        clock.Advance(TimeSpan.FromMilliseconds(1500));
        await store.ReplaceSessionAsync(june with { Session = june.Session with { Code = "CFG-2026-09", Label = "SEPTEMBRE 2026" }, Candidates = june.Candidates.Take(1).ToList() });

        var sessions = await store.ListSessionsAsync();

        Assert.Equal(
            [
                new SessionSummary("CFG-2026-09", "SEPTEMBRE 2026", "CERTIFICAT DE FORMATION GÉNÉRALE", 1, T0.AddMilliseconds(1500)),
                new SessionSummary("CFG-2026-06", "JUIN 2026", "CERTIFICAT DE FORMATION GÉNÉRALE", 3, T0),
            ],
            sessions);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task LoadContext_GivesSchoolsExamsWindowsAndDistinctDecisionGroups(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database, new FakeTimeProvider(T0));
        var data = SampleSessions.Juin2026();
        // "Groupe b" sorts after "GROUPE B" ordinally but next to it in French: the store keeps ordinal order.
        data = data with { Candidates = [.. data.Candidates, data.Candidates[0] with { Number = "20269999999", DecisionGroup = "Groupe b" }] };
        await store.ReplaceSessionAsync(data);

        var context = await store.LoadContextAsync(data.Session.Code);

        Assert.NotNull(context);
        Assert.Equal(data.Session, context.Session);
        Assert.Equal(T0, context.ImportedAt);
        Assert.Equal(data.Schools, context.Schools);
        Assert.Equal(data.Exams, context.Exams);
        Assert.Equal(data.Windows, context.Windows.Select(w => w.Window));
        Assert.Equal(["GROUPE A", "GROUPE B", "Groupe b"], context.DecisionGroups);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task Windows_CanBeAddedUpdatedAndDeleted_WithinTheirSessionOnly(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database);
        var june = SampleSessions.Juin2026("CFG-2026-06");
        await store.ReplaceSessionAsync(june);
        await store.ReplaceSessionAsync(SampleSessions.Juin2026("CFG-2026-09") with { Windows = [] });
        var imported = await store.ListWindowsAsync("CFG-2026-06");
        Assert.Equal(june.Windows, imported.Select(w => w.Window));

        var schools = new ServiceWindow(ServiceKind.SchoolPublication, "GROUPE B", new DateTime(2026, 7, 1, 9, 0, 0), new DateTime(2026, 7, 15, 17, 0, 0));
        var added = await store.AddWindowAsync("CFG-2026-06", schools);
        Assert.Equal(schools, added.Window);
        Assert.Equal([.. imported, added], await store.ListWindowsAsync("CFG-2026-06"));

        var later = schools with { DecisionGroup = null, Closes = new DateTime(2026, 7, 31, 17, 0, 0) };
        Assert.True(await store.UpdateWindowAsync("CFG-2026-06", added.Id, later));
        Assert.False(await store.UpdateWindowAsync("CFG-2026-09", added.Id, schools)); // the id belongs to June
        Assert.Equal([.. imported, added with { Window = later }], await store.ListWindowsAsync("CFG-2026-06"));

        Assert.False(await store.DeleteWindowAsync("CFG-2026-09", imported[0].Id));
        Assert.True(await store.DeleteWindowAsync("CFG-2026-06", imported[0].Id));
        Assert.False(await store.DeleteWindowAsync("CFG-2026-06", imported[0].Id));
        Assert.Equal([imported[1], added with { Window = later }], await store.ListWindowsAsync("CFG-2026-06"));
        Assert.Empty(await store.ListWindowsAsync("CFG-2026-09"));
        Assert.Empty(await store.ListWindowsAsync("CFG-1999-06"));
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task AddWindow_Throws_WhenTheSessionDoesNotExist(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database);
        var window = new ServiceWindow(ServiceKind.GradeExtraction, null, new DateTime(2026, 6, 1, 8, 0, 0), new DateTime(2026, 6, 2, 8, 0, 0));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddWindowAsync("CFG-1999-06", window));
        Assert.Contains("CFG-1999-06", e.Message);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task AddWindow_RefusesSeconds_BecauseWindowsAreStoredToTheMinute(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database);
        await store.ReplaceSessionAsync(SampleSessions.Juin2026());
        var window = new ServiceWindow(ServiceKind.GradeExtraction, null, new DateTime(2026, 6, 1, 8, 0, 30), new DateTime(2026, 6, 2, 8, 0, 0));

        await Assert.ThrowsAsync<ArgumentException>(() => store.AddWindowAsync("CFG-2026-06", window));
        Assert.Equal(2, (await store.ListWindowsAsync("CFG-2026-06")).Count);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task SyntheticBenchmarkSession_RoundTrips(SqlDialect dialect)
    {
        // Guards the benchmark's data: if it stopped being storable the benchmark would measure a failure.
        await using var db = await TestDatabases.CreateAsync(dialect);
        var data = SessionStoreBenchmark.Synthetic(candidates: 300, exams: 4);

        var timings = await SessionStoreBenchmark.MeasureAsync(db.Database, data);

        Assert.Equal((300, 1200), (timings.Candidates, timings.Grades));
        var loaded = await new SessionStore(db.Database).LoadSessionAsync(data.Session.Code);
        Assert.NotNull(loaded);
        Assert.Equal(data.Candidates, loaded.Candidates);
        Assert.Equal(data.Grades, loaded.Grades);
    }

    static async Task InsertPublishedDocumentAsync(IDatabase database, string sessionCode, string candidateNumber)
    {
        await using var connection = await database.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"""
            INSERT INTO documents (session_code, candidate_number, kind) VALUES ('{sessionCode}', '{candidateNumber}', 'releve');
            INSERT INTO document_versions (document_id, version, content_hash, file_sha256, storage_path, bytes, generated_at, available_from, publisher, run_id)
            SELECT id, 1, 'h', 's', 'docs/1.pdf', 10, '2026-07-01T08:00:00.000Z', '2026-07-03T10:00', 'gestionnaire', 'run-1' FROM documents;
            """;
        await insert.ExecuteNonQueryAsync();
    }

    internal static async Task<long> ScalarLongAsync(IDatabase database, string sql) => Convert.ToInt64(await ScalarAsync(database, sql));

    internal static async Task<string?> ScalarStringAsync(IDatabase database, string sql) => Convert.ToString(await ScalarAsync(database, sql));

    static async Task<object?> ScalarAsync(IDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
