using System.Text.Json;
using CfgResults.Engine.Steps;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using Hangfire;

namespace CfgResults.Host.Jobs;

/// <summary>What starting a run gave: a run under way, or a publication planned for later.</summary>
public sealed record LaunchResult(RunRecord? Run, PlannedPublication? Planned);

/// <summary>
/// Starts runs for the web host: the request is checked and recorded at once (input errors answer
/// immediately), then executed by a Hangfire worker that receives only ids. A definition with a
/// `planifier_le` parameter set in the future is recorded as a planned publication instead.
/// </summary>
public sealed class RunLauncher(Runner runner, PlannedPublicationStore plannedPublications, AuditLog audit, IBackgroundJobClient jobs, TimeProvider clock)
{
    public const string ScheduleParameter = "planifier_le";

    public async Task<LaunchResult> StartAsync(RunRequest request, CancellationToken ct = default)
    {
        if (request.Parameters.TryGetValue(ScheduleParameter, out var when) && !string.IsNullOrWhiteSpace(when))
        {
            if (!ParameterBinder.TryDateTime(when.Trim(), out var local))
                throw new RunInputException([new Engine.Definitions.Diagnostic(new(ScheduleParameter, 0, 0), Engine.Definitions.DiagnosticCodes.InvalidParameter,
                    $"le paramètre « Générer le » a une valeur invalide « {when} » (attendu : une date et heure JJ/MM/AAAA HH:MM)")]);
            var due = ParisTime.ToInstant(local);
            if (due > clock.GetUtcNow())
                return new LaunchResult(null, await PlanAsync(request with
                {
                    Parameters = request.Parameters.Where(p => p.Key != ScheduleParameter).ToDictionary(p => p.Key, p => p.Value),
                }, due, ct));
        }
        var (run, created) = await runner.PrepareOnceAsync(request with
        {
            Parameters = request.Parameters.Where(p => p.Key != ScheduleParameter).ToDictionary(p => p.Key, p => p.Value),
        }, ct);
        if (created) jobs.Enqueue<RunJob>(j => j.ExecuteAsync(run.Id, request.Caller.ToString(), CancellationToken.None));
        return new LaunchResult(run, null);
    }

    /// <summary>Records a publication for `due` and schedules it; checked now with the same rules as a run.</summary>
    public async Task<PlannedPublication> PlanAsync(RunRequest request, DateTimeOffset due, CancellationToken ct = default)
    {
        var check = await runner.ValidateAsync(request, ct);
        // With an idempotency key the id is derived from it (per caller): a double submission finds the first plan.
        var id = Idempotency.PlannedId(request.Caller, request.IdempotencyKey);
        if (await plannedPublications.GetAsync(id, ct) is { } existing) return existing;
        var planned = new PlannedPublication(id, request.DefinitionId, check.SessionCode, request.Caller.ToString(),
            JsonSerializer.Serialize(request.Parameters), JsonSerializer.Serialize(request.Criteria), due, PlannedState.Planned, null, clock.GetUtcNow());
        try
        {
            await plannedPublications.AddAsync(planned, ct);
        }
        catch (System.Data.Common.DbException) when (request.IdempotencyKey is not null)
        {
            // The same key raced in: one plan.
            return await plannedPublications.GetAsync(id, ct) ?? throw new InvalidOperationException($"publication planifiée {id} introuvable");
        }
        jobs.Schedule<PublicationJob>(j => j.RunAsync(planned.Id, false, CancellationToken.None), due);
        await audit.RecordAsync(request.Caller, AuditActions.PublicationPlanned, $"publication-planifiee:{planned.Id}", due.ToString("u"));
        return planned;
    }
}

/// <summary>Executes a recorded run. Safe to run twice: a finished run is left as it is.</summary>
public sealed class RunJob(Runner runner)
{
    [AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Édition {0}")]
    public async Task ExecuteAsync(string runId, string caller, CancellationToken ct)
    {
        // A host shutting down stops the run without ending it: it is taken up again after the restart.
        // Audited once by the runner when the run was accepted, not here (a job may run twice).
        await runner.ExecuteAsync(runId, Caller.Parse(caller), null, ct, resumeIfStopped: true);
    }
}

/// <summary>Runs a planned publication once, whatever the number of workers or restarts that fire it.</summary>
public sealed class PublicationJob(Runner runner, PlannedPublicationStore plannedPublications, PublicationLocks locks, AuditLog audit, IBackgroundJobClient jobs)
{
    /// <summary>How long a planned publication due while another publication of its session runs waits before looking again.</summary>
    public static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(30);

    [AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [JobDisplayName("Publication planifiée {0}")]
    public async Task RunAsync(string plannedId, bool reclaim, CancellationToken ct)
    {
        // Queued behind a publication of the same session under way: looked at again a little later.
        if (await plannedPublications.GetAsync(plannedId, ct) is { State: PlannedState.Planned } due
            && await locks.HolderAsync(due.SessionCode, ct) is not null)
        {
            jobs.Schedule<PublicationJob>(j => j.RunAsync(plannedId, reclaim, CancellationToken.None), BusyRetry);
            return;
        }
        // Already claimed (Running): this is a firing again after its host stopped; the run, found by its key, is taken up where it stopped.
        if (!await plannedPublications.ClaimAsync(plannedId, reclaim, ct) && (await plannedPublications.GetAsync(plannedId, ct))?.State != PlannedState.Running) return;
        var p = await plannedPublications.GetAsync(plannedId, ct) ?? throw new InvalidOperationException($"publication planifiée inconnue {plannedId}");
        var caller = Caller.Parse(p.Caller);
        var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(p.Parameters) ?? [];
        var criteria = JsonSerializer.Deserialize<List<Engine.Criteria.CriterionChange>>(p.Criteria) ?? [];
        try
        {
            // The planned id is the idempotency key: a second firing finds the same run instead of publishing twice.
            var (prepared, _) = await runner.PrepareOnceAsync(new RunRequest(p.DefinitionId, caller, p.SessionCode, parameters, criteria, Idempotency.ForPlanned(p.Id)), ct);
            // A host shutting down leaves the run unfinished (not « Annulée »): this job is fired again and takes it up.
            var run = await runner.ExecuteAsync(prepared.Id, caller, null, ct, resumeIfStopped: true);
            await plannedPublications.FinishAsync(p.Id, run.State == RunState.Succeeded ? PlannedState.Done : PlannedState.Failed, run.Id);
            await audit.RecordAsync(p.Caller, AuditActions.PublicationPlannedEnded, $"publication-planifiee:{p.Id}", $"édition {run.Id} : {RunStateNames.French(run.State)}");
        }
        catch (Exception e) when (e is RunInputException or NotAllowedException or PublicationBusyException)
        {
            await plannedPublications.FinishAsync(p.Id, PlannedState.Failed, null);
        }
    }
}

/// <summary>
/// On start: what the product's database says is due gets (re)planned. With in-memory Hangfire (one
/// process) the unfinished runs are re-enqueued too; with PostgreSQL Hangfire keeps them itself.
/// </summary>
public sealed class JobReconciler(PlannedPublicationStore plannedPublications, RunStore runs, IBackgroundJobClient jobs, Microsoft.Extensions.Options.IOptions<Setup.CfgResultsOptions> options,
    TimeProvider clock, ILogger<JobReconciler> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var singleProcess = string.IsNullOrEmpty(options.Value.Db);
        foreach (var p in await plannedPublications.ListUnfinishedAsync(ct))
        {
            if (p.State == PlannedState.Running && !singleProcess) continue;
            if (p.DueAt <= clock.GetUtcNow()) jobs.Enqueue<PublicationJob>(j => j.RunAsync(p.Id, singleProcess, CancellationToken.None));
            else jobs.Schedule<PublicationJob>(j => j.RunAsync(p.Id, false, CancellationToken.None), p.DueAt);
            log.LogInformation("Publication planifiée {Id} replanifiée pour {Due}.", p.Id, p.DueAt);
        }
        if (!singleProcess) return;
        foreach (var run in await runs.ListUnfinishedAsync(ct))
        {
            jobs.Enqueue<RunJob>(j => j.ExecuteAsync(run.Id, run.Caller, CancellationToken.None));
            log.LogInformation("Édition {Id} reprise après redémarrage.", run.Id);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>One batch of a fanned-out publication (issue 9, item 4): any host of the cluster takes it.</summary>
public sealed class PublicationBatchJob(PublicationBatches batches)
{
    // Retried by Hangfire (on any host) until the batch records itself Failed after PublicationBatches.MaxAttempts.
    [AutomaticRetry(Attempts = PublicationBatches.MaxAttempts, DelaysInSeconds = [1, 2, 5], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Publication {0}, lot {1}")]
    public Task ExecuteAsync(string runId, int seq, string caller, CancellationToken ct) =>
        batches.ExecuteJobAsync(runId, seq, Caller.Parse(caller), ct);
}

/// <summary>Batches go to Hangfire: with PostgreSQL every host of the cluster executes some.</summary>
public sealed class HangfireBatchDispatcher(IBackgroundJobClient jobs) : IBatchDispatcher
{
    public void Enqueue(string runId, int seq, string caller) => jobs.Enqueue<PublicationBatchJob>(j => j.ExecuteAsync(runId, seq, caller, CancellationToken.None));
}
