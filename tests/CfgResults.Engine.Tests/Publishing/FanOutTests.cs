using CfgResults.Engine.Steps;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using Dapper;

namespace CfgResults.Engine.Tests.Publishing;

/// <summary>Issue 9, item 4, at the engine: batches as jobs, delivered twice or never, cancelled with their run.</summary>
public sealed class FanOutTests
{
    /// <summary>Executes every batch job twice at once, as two hosts would when a job is delivered again.</summary>
    sealed class TwiceDispatcher(Support.TestEngine engine) : IBatchDispatcher
    {
        public readonly List<Task> Jobs = [];

        public void Enqueue(string runId, int seq, string caller)
        {
            lock (Jobs)
                for (var i = 0; i < 2; i++)
                    Jobs.Add(Task.Run(() => new PublicationBatches(engine.Services, engine.Runner, engine.Runs).ExecuteJobAsync(runId, seq, Caller.Parse(caller), CancellationToken.None)));
        }
    }

    /// <summary>Accepts jobs and never runs them (every host is busy).</summary>
    sealed class IdleDispatcher : IBatchDispatcher
    {
        public int Enqueued;
        public void Enqueue(string runId, int seq, string caller) => Interlocked.Increment(ref Enqueued);
    }

    static RunRequest Publication() => new("publication-releves", Caller.Manager("gestionnaire"), null,
        new Dictionary<string, string> { ["disponible_le"] = "01/07/2026 08:00" }, []);

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task BatchesDeliveredTwiceAtOnce_WriteEachVersionOnce_AndTheRunCountsThemOnce(SqlDialect dialect)
    {
        await using var w = await StoredDocumentsTests.StoreWorld.OpenAsync(dialect, candidates: 1600);
        var dispatcher = new TwiceDispatcher(w.Engine);
        w.Engine.Services.Dispatcher = dispatcher;
        var run = await w.Engine.Runner.RunAsync(Publication());
        Assert.True(run.State == RunState.Succeeded, run.Message);
        await Task.WhenAll(dispatcher.Jobs);

        var batches = await new PublicationBatches(w.Engine.Services, w.Engine.Runner, w.Engine.Runs).ListAsync(run.Id);
        Assert.True(batches.Count >= 3, $"{batches.Count} lots");
        Assert.All(batches, b => Assert.Equal(BatchState.Done, b.State));
        await using var cn = await w.OpenAsync();
        // In scope: registered, not held for fraud, with a deliberated result (no transcript before deliberation).
        var inScope = await cn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM candidates WHERE state = 'Inscrit' AND fraud_suspected = 0 AND result IS NOT NULL");
        var undeliberated = await cn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM candidates WHERE state = 'Inscrit' AND fraud_suspected = 0 AND result IS NULL");
        Assert.Equal(inScope, run.RowCount);
        Assert.Equal(inScope, batches.Sum(b => b.Written));
        Assert.Equal(inScope, batches.Sum(b => b.Candidates));
        Assert.Equal(undeliberated, batches.Sum(b => b.Undeliberated));
        Assert.Equal(run.ProgressTotal, run.ProgressDone);
        await StoredDocumentsTests.AssertConsistentAsync(w, inScope);
    }

    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task CancellingAFannedOutPublication_StopsEveryPendingBatch_AndGivesTheSessionBack(SqlDialect dialect)
    {
        await using var w = await StoredDocumentsTests.StoreWorld.OpenAsync(dialect, candidates: 1600);
        var dispatcher = new IdleDispatcher();
        w.Engine.Services.Dispatcher = dispatcher;
        var run = await w.Engine.Runner.PrepareAsync(Publication());
        var execution = w.Engine.Runner.ExecuteAsync(run.Id, Caller.Manager("gestionnaire"));
        var batches = new PublicationBatches(w.Engine.Services, w.Engine.Runner, w.Engine.Runs);
        for (var i = 0; i < 200 && dispatcher.Enqueued == 0; i++) await Task.Delay(50);
        Assert.True(dispatcher.Enqueued >= 3);
        Assert.True(await w.Engine.Runs.RequestCancelAsync(run.Id));

        var ended = await execution;
        Assert.Equal(RunState.Cancelled, ended.State);
        Assert.All(await batches.ListAsync(run.Id), b => Assert.Equal(BatchState.Cancelled, b.State));
        // A batch job delivered late does nothing.
        var first = (await batches.ListAsync(run.Id))[0];
        await batches.ExecuteJobAsync(run.Id, first.Seq, Caller.Manager("gestionnaire"), CancellationToken.None);
        Assert.Equal(0, await w.Engine.Documents.CountVersionsAsync(w.SessionCode));
        Assert.Null(await new PublicationLocks(w.Engine.Database, w.Clock).HolderAsync(w.SessionCode));
    }
}
