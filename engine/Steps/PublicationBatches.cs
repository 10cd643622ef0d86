using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;
using CfgResults.Engine.Data.Rows;
using CfgResults.Engine.Running;

using CfgResults.Engine.Publishing;

namespace CfgResults.Engine.Steps;

public enum BatchState { Pending, Running, Done, Cancelled, Failed }

public sealed record PublicationBatch(string RunId, int Seq, IReadOnlyList<string> Schools, BatchState State, long Candidates, long Written, long Pages, int Attempts,
    long Undeliberated = 0);

/// <summary>
/// A publication fanned out (issue 9, item 4): the run plans its batches (a few schools each, in UAI order, about
/// <see cref="PublishTranscripts.Options.BatchCandidates"/> candidates) as rows of <c>publication_batches</c>, has them
/// executed, aggregates their progress and counts, and ends when the last one ends. A batch writes its versions and
/// marks itself done in ONE transaction: a batch killed with its host is executed again by another and writes each
/// version exactly once; a batch already done is not executed twice.
/// </summary>
public sealed class PublicationBatches(EngineServices services, Runner runner, RunStore runs)
{
    /// <summary>A batch that failed this many times is recorded « Failed » and the publication fails with its message.</summary>
    public const int MaxAttempts = 3;

    /// <summary>How often the run looks at its batches.</summary>
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    IDatabase Db => services.Database;

    /// <summary>Plans the batches once (a run taken up again finds its plan); returns them.</summary>
    internal async Task<IReadOnlyList<PublicationBatch>> PlanAsync(RunContext context, IReadOnlyList<string> schools, int batchCandidates, CancellationToken ct)
    {
        var existing = await ListAsync(context.RunId, ct);
        if (existing.Count > 0) return existing;
        Dictionary<string, long> sizes;
        await using (var cn = await Db.OpenAsync(ct))
            sizes = await BatchQueries.SchoolSizesAsync(cn, context.Session.Session.Code, ct);
        var groups = new List<List<string>>();
        long inGroup = 0;
        foreach (var school in schools)
        {
            var size = sizes.GetValueOrDefault(school);
            if (size == 0) continue;
            if (groups.Count == 0 || inGroup + size > batchCandidates && inGroup > 0)
            {
                groups.Add([]);
                inGroup = 0;
            }
            groups[^1].Add(school);
            inGroup += size;
        }
        await using (var cn = await Db.OpenAsync(ct))
        await using (var tx = await cn.BeginTransactionAsync(ct))
        {
            var now = StoreFormat.Instant(services.Clock.GetUtcNow());
            for (var i = 0; i < groups.Count; i++)
                await BatchQueries.PlanAsync(cn, tx, context.RunId, i, JsonSerializer.Serialize(groups[i]), now, ct);
            await tx.CommitAsync(ct);
        }
        return await ListAsync(context.RunId, ct);
    }

    public async Task<IReadOnlyList<PublicationBatch>> ListAsync(string runId, CancellationToken ct = default) => await ReadAsync(runId, null, ct);

    /// <summary>One batch of a run (a job reads its own row, not the whole plan).</summary>
    public async Task<PublicationBatch?> GetAsync(string runId, int seq, CancellationToken ct = default) => (await ReadAsync(runId, seq, ct)).FirstOrDefault();

    async Task<List<PublicationBatch>> ReadAsync(string runId, int? seq, CancellationToken ct)
    {
        await using var cn = await Db.OpenAsync(ct);
        var rows = await BatchQueries.ListAsync(cn, runId, seq, ct);
        return rows.Select(r => new PublicationBatch(runId, (int)r.Seq, JsonSerializer.Deserialize<List<string>>(r.Schools) ?? [],
            StoredEnum.Parse<BatchState>("publication_batches", "state", r.State, $"édition {runId}, lot {r.Seq + 1}"),
            r.Candidates, r.Written, r.Pages, (int)r.Attempts, r.Undeliberated)).ToList();
    }

    /// <summary>
    /// The run's side: plans, dispatches (or executes in this process), waits for every batch while reporting
    /// progress in schools, and records the counts. Cancelled by its owner: pending batches are cancelled.
    /// </summary>
    internal async Task RunAsync(RunContext context, PublishTranscripts.Options options, PublishTranscripts.Settings settings, CancellationToken ct)
    {
        var schools = PublishTranscripts.Schools(options, context);
        var batches = await PlanAsync(context, schools, Math.Max(1, options.BatchCandidates), ct);
        var totalSchools = batches.Sum(b => b.Schools.Count);
        try
        {
            if (services.Dispatcher is { } dispatcher)
            {
                foreach (var b in batches.Where(b => b.State is BatchState.Pending or BatchState.Running))
                    dispatcher.Enqueue(context.RunId, b.Seq, context.Caller.ToString());
                while (true)
                {
                    batches = await ListAsync(context.RunId, ct);
                    context.Progress.Report(new RunProgress(batches.Where(b => b.State == BatchState.Done).Sum(b => b.Schools.Count), totalSchools));
                    if (batches.FirstOrDefault(b => b.State == BatchState.Failed) is { } failed)
                        throw new InvalidOperationException($"le lot {failed.Seq + 1} ({string.Join(", ", failed.Schools)}) a échoué {failed.Attempts} fois");
                    if (batches.All(b => b.State == BatchState.Done)) break;
                    await Task.Delay(PollInterval, ct); // real time: a fake clock in tests must not stop the wait
                }
            }
            else
            {
                // Two batches at a time: one draws its PDFs while the other writes to the database.
                long done = batches.Where(b => b.State == BatchState.Done).Sum(b => b.Schools.Count);
                await Parallel.ForEachAsync(batches.Where(b => b.State != BatchState.Done), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct },
                    async (b, token) =>
                    {
                        await CountAttemptAsync(b.RunId, b.Seq, token);
                        await ExecuteAsync(context, settings, b, token);
                        context.Progress.Report(new RunProgress(Interlocked.Add(ref done, b.Schools.Count), totalSchools));
                    });
                context.Progress.Report(new RunProgress(totalSchools, totalSchools)); // the two reporters may end in either order
                batches = await ListAsync(context.RunId, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by its owner: pending batches stop too. Stopped by a host shutting down: they go on, and the run is taken up again.
            if (await runs.IsCancelRequestedAsync(context.RunId, CancellationToken.None)) await CancelPendingAsync(context.RunId);
            throw;
        }
        context.RowCount = batches.Sum(b => b.Written);
        context.PageCount = (int)Math.Min(int.MaxValue, batches.Sum(b => b.Pages));
        PublishTranscripts.NoteUndeliberated(context, batches.Sum(b => b.Undeliberated));
    }

    /// <summary>
    /// A job's side: executes one batch of a run, unless it is done already, the run has ended or its owner asked it to
    /// stop. Throws on failure (the job system retries it) until <see cref="MaxAttempts"/>, then records it Failed.
    /// </summary>
    public async Task ExecuteJobAsync(string runId, int seq, Caller caller, CancellationToken ct)
    {
        var batch = await GetAsync(runId, seq, ct);
        if (batch is null || batch.State is BatchState.Done or BatchState.Cancelled or BatchState.Failed) return;
        var run = await runs.GetAsync(runId, ct);
        if (run is null || RunStateNames.IsFinal(run.State) || await runs.IsCancelRequestedAsync(runId, ct))
        {
            await SetStateAsync(runId, seq, BatchState.Cancelled);
            return;
        }
        // Counted before anything can fail, so that a batch failing early still ends « Failed » after MaxAttempts.
        var attempts = await CountAttemptAsync(runId, seq, ct);
        try
        {
            var context = PublishTranscripts.Scoped(await SharedContextAsync(run, caller, ct), caller);
            var step = context.Definition.Steps.First(s => s.Kind == PublicationLocks.PublishingStepKind);
            // Bound once by the loader, like every step.
            var bound = step.Bound as PublishTranscripts.Options ?? throw new InvalidOperationException($"l'étape {step.Kind} n'a pas été liée par le chargeur");
            await ExecuteAsync(context, PublishTranscripts.Resolve(bound, context), batch, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && attempts >= MaxAttempts)
        {
            await SetStateAsync(runId, seq, BatchState.Failed);
        }
    }

    /// <summary>How long a host reuses a run's context for its next batches before building it again.</summary>
    public static TimeSpan ContextReuse { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per engine (a test process may hold several): run id and caller → when built (ticks), the context being built or built.</summary>
    static readonly ConditionalWeakTable<EngineServices, ConcurrentDictionary<(string, string), (long At, Task<RunContext> Context)>> Contexts = new();

    /// <summary>
    /// The run's context (definition, session with its schools and decision groups, parameters), built once per run and
    /// host and shared by the batches this host executes within <see cref="ContextReuse"/>: building it reads every school
    /// of the session and groups every candidate by decision group, which per batch of 500 cost as much as drawing a few
    /// dozen transcripts on a national session. Each batch works on its own copy (<see cref="PublishTranscripts.Scoped"/>).
    /// A session closed meanwhile stops the batches started after the next rebuild.
    /// </summary>
    async Task<RunContext> SharedContextAsync(RunRecord run, Caller caller, CancellationToken ct)
    {
        var cache = Contexts.GetValue(services, _ => new());
        var now = Environment.TickCount64;
        var reuse = (long)ContextReuse.TotalMilliseconds;
        foreach (var (key, entry) in cache)
            if (now - entry.At > reuse) cache.TryRemove(key, out _);
        var (_, context) = cache.GetOrAdd((run.Id, caller.ToString()), _ => (now, runner.ContextForAsync(run, caller, CancellationToken.None)));
        try
        {
            return await context.WaitAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            cache.TryRemove((run.Id, caller.ToString()), out _); // a failure is not kept: the retry builds it again
            throw;
        }
    }

    async Task<int> CountAttemptAsync(string runId, int seq, CancellationToken ct)
    {
        await using var cn = await Db.OpenAsync(ct);
        return await BatchQueries.CountAttemptAsync(cn, runId, seq, StoreFormat.Instant(services.Clock.GetUtcNow()), ct);
    }

    /// <summary>Writes the batch's versions and marks it done in one transaction (nothing counted twice).</summary>
    async Task ExecuteAsync(RunContext context, PublishTranscripts.Settings settings, PublicationBatch batch, CancellationToken ct)
    {
        await PublishTranscripts.PublishBatchAsync(context, settings, batch.Schools, async (cn, tx, result) =>
        {
            // The owner asked the run to stop meanwhile: nothing of this batch is kept.
            return await BatchQueries.MarkDoneAsync(cn, tx, batch.RunId, batch.Seq, result.Candidates, result.Written, result.Pages, result.Undeliberated,
                StoreFormat.Instant(services.Clock.GetUtcNow()));
        }, ct);
    }

    async Task SetStateAsync(string runId, int seq, BatchState state)
    {
        await using var cn = await Db.OpenAsync(CancellationToken.None);
        await BatchQueries.SetStateAsync(cn, runId, seq, state.ToString(), StoreFormat.Instant(services.Clock.GetUtcNow()));
    }

    async Task CancelPendingAsync(string runId)
    {
        await using var cn = await Db.OpenAsync(CancellationToken.None);
        await BatchQueries.CancelPendingAsync(cn, runId, StoreFormat.Instant(services.Clock.GetUtcNow()));
    }
}
