using CfgResults.Engine.Steps;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Publishing;

/// <summary>Issue 9, item 2: a second publication of a session while one is under way is refused (recorded « Refusée »).</summary>
public sealed class OnePublicationAtATimeTests
{
    static RunRequest Publication(string publisher, string? school = null) => new("publication-releves", Caller.Manager("gestionnaire"), null,
        new Dictionary<string, string> { ["disponible_le"] = "01/07/2026 08:00", ["publie_par"] = publisher, ["etablissement"] = school ?? "" }, []);

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task ASecondPublication_WhileOneIsUnderWay_IsRefusedWithAFrenchMessage_AndAcceptedOnceItEnded(SqlDialect dialect)
    {
        await using var w = await StoredDocumentsTests.StoreWorld.OpenAsync(dialect, candidates: 60);
        var first = await w.Engine.Runner.PrepareAsync(Publication("Service A"));

        // Even for another school of the same session: two publications never interleave.
        var busy = await Assert.ThrowsAsync<PublicationBusyException>(() => w.Engine.Runner.PrepareAsync(Publication("Service B", EngineFixture.MemoSchool)));
        Assert.Equal(first.Id, busy.HolderRunId);
        Assert.Equal($"Une publication des relevés de la session {w.SessionCode} est déjà en cours (édition {first.Id}) : " +
                     "attendez qu'elle soit terminée, ou annulez-la, avant d'en lancer une autre.", busy.Message);
        var refused = (await w.Engine.Runs.ListAsync(10)).Single(r => r.Id != first.Id);
        Assert.Equal(RunState.Refused, refused.State);
        Assert.Equal(busy.Message, refused.Message);
        Assert.Equal(0, await w.Engine.Documents.CountVersionsAsync(w.SessionCode));

        // Another activity is not held back by a publication.
        Assert.Equal(RunState.Succeeded, (await w.Engine.Runner.RunAsync(new RunRequest("extraction-notes", EngineFixture.School(), null,
            new Dictionary<string, string> { ["groupe_decision"] = (await w.Engine.Sessions.LoadContextAsync(w.SessionCode, EngineFixture.MemoSchool))!.DecisionGroups[0], ["inclure_nom"] = "O" }, []))).State);

        Assert.Equal(RunState.Succeeded, (await w.Engine.Runner.ExecuteAsync(first.Id, Caller.Manager("gestionnaire"))).State);
        var next = await w.Engine.Runner.RunAsync(Publication("Service B"));
        Assert.Equal(RunState.Succeeded, next.State);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task ACancelledPublication_GivesTheSessionBack(SqlDialect dialect)
    {
        await using var w = await StoredDocumentsTests.StoreWorld.OpenAsync(dialect, candidates: 30);
        var first = await w.Engine.Runner.PrepareAsync(Publication("Service A"));
        Assert.True(await w.Engine.Runs.RequestCancelAsync(first.Id));
        Assert.Equal(RunState.Cancelled, (await w.Engine.Runner.ExecuteAsync(first.Id, Caller.Manager("gestionnaire"))).State);
        Assert.Null(await new PublicationLocks(w.Engine.Database, w.Clock).HolderAsync(w.SessionCode));
        Assert.Equal(RunState.Succeeded, (await w.Engine.Runner.RunAsync(Publication("Service B"))).State);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task ManyPublicationsLaunchedAtOnce_OnlyOneIsAccepted(SqlDialect dialect)
    {
        await using var w = await StoredDocumentsTests.StoreWorld.OpenAsync(dialect, candidates: 30);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try { return (await w.Engine.Runner.PrepareAsync(Publication("Service " + i))).Id; }
            catch (PublicationBusyException) { return null; }
        })));
        Assert.Single(attempts, a => a is not null);
    }
}
