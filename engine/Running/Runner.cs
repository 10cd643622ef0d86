using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Running;

/// <summary>A definition as published, with its version number (recorded with every run).</summary>
public sealed record PublishedDefinition(WorkflowDefinition Definition, int Version);

/// <summary>Where the runner finds the definitions in force.</summary>
public interface IDefinitionSource
{
    IReadOnlyList<PublishedDefinition> List();
    PublishedDefinition? Get(string id);

    /// <summary>A given published version (the one a run recorded), even when a newer one is in force.</summary>
    Task<PublishedDefinition?> GetVersionAsync(string id, int version, CancellationToken ct) =>
        Task.FromResult(Get(id) is { } d && d.Version == version ? d : null);
}

/// <summary>What a caller asks: run this activity with these values (written as in the interchange format).</summary>
public sealed record RunRequest(
    string DefinitionId,
    Caller Caller,
    string? SessionCode,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<CriterionChange> Criteria,
    string? IdempotencyKey = null);

/// <summary>
/// Runs definitions: checks the request (audience, parameters, criteria), records the run, executes its
/// steps in order over a run context, and records how it ended. Prepare and Execute are separate so that
/// a host can answer input errors at once and execute the run on a background worker by its id.
/// </summary>
/// <param name="audit">Where every accepted run is recorded, once, whatever the entry point (page, API, command line, job).</param>
public sealed class Runner(EngineServices services, IDefinitionSource definitions, SessionStore sessions, RunStore runs, StepKindRegistry kinds,
    AuditLog? audit = null, RunQuota? quota = null)
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public RunStore Runs => runs;

    /// <summary>The per-school limits in force (null: none).</summary>
    public RunQuota? Quota => quota;

    /// <summary>Checks and records a run (state Pending). Throws RunInputException, NotAllowedException.</summary>
    public async Task<RunRecord> PrepareAsync(RunRequest request, CancellationToken ct = default) => (await PrepareOnceAsync(request, ct)).Run;

    /// <summary>
    /// As <see cref="PrepareAsync"/>, and says whether this call created the run: with an idempotency key already
    /// used, the existing run comes back with Created false, so that only one caller starts executing it.
    /// </summary>
    public async Task<(RunRecord Run, bool Created)> PrepareOnceAsync(RunRequest request, CancellationToken ct = default)
    {
        var (definition, session, _, _) = await ResolveAsync(request.DefinitionId, request.Caller, request.SessionCode,
            request.Parameters, request.Criteria, ct);
        if (quota is not null) await quota.CheckAsync(request.Caller, request.IdempotencyKey, ct);
        var record = new RunRecord(Guid.NewGuid().ToString("N"), definition.Definition.Id, definition.Version,
            RecordedVersions.TemplatesInForce(definition.Definition, services.Templates.Source), session.Session.Code,
            request.Caller.ToString(), JsonSerializer.Serialize(request.Parameters, Json), JsonSerializer.Serialize(request.Criteria, Json),
            request.IdempotencyKey, RunState.Pending, null, 0, 0, services.Clock.GetUtcNow(), null, null, null, null, null);
        var created = await runs.CreateAsync(record, ct);
        if (created.Created && audit is not null)
            await audit.RecordAsync(request.Caller, RunAuditAction(definition.Definition), $"edition:{created.Run.Id}",
                $"{definition.Definition.Id} v{definition.Version}; session={session.Session.Code}", ct);
        // One publication of a session at a time: the second is recorded « Refusée » and its caller told at once.
        if (created.Created && PublicationLocks.Applies(definition.Definition))
        {
            try { await new PublicationLocks(services.Database, services.Clock).AcquireAsync(session.Session.Code, record.Id, ct); }
            catch (PublicationBusyException e)
            {
                await runs.CompleteAsync(record.Id, RunState.Refused, e.Message, services.Clock.GetUtcNow(), null, null, null);
                throw;
            }
        }
        return created;
    }

    /// <summary>A run that publishes documents is a publication in the audit log; any other run is an édition.</summary>
    public static string RunAuditAction(WorkflowDefinition definition) =>
        definition.Steps.Any(s => s.Kind.StartsWith("publish.", StringComparison.Ordinal)) ? AuditActions.Publication : AuditActions.Run;

    /// <summary>Checks a request as a run would, without recording anything (for planning it later).</summary>
    public async Task<RunRecord> ValidateAsync(RunRequest request, CancellationToken ct = default)
    {
        var (definition, session, _, _) = await ResolveAsync(request.DefinitionId, request.Caller, request.SessionCode, request.Parameters, request.Criteria, ct);
        return new RunRecord("", definition.Definition.Id, definition.Version, "{}", session.Session.Code, request.Caller.ToString(), "", "", null,
            RunState.Pending, null, 0, 0, services.Clock.GetUtcNow(), null, null, null, null, null);
    }

    /// <summary>Prepare then execute, in this process.</summary>
    public async Task<RunRecord> RunAsync(RunRequest request, IProgress<RunProgress>? progress = null, CancellationToken ct = default)
    {
        var run = await PrepareAsync(request, ct);
        return await ExecuteAsync(run.Id, request.Caller, progress, ct);
    }

    /// <summary>
    /// Executes a recorded run. Safe to call twice: a run already in a final state is returned as it is.
    /// The caller is passed again (not parsed back from text) so that a job carries only ids.
    /// </summary>
    /// <param name="resumeIfStopped">
    /// For a job: when <paramref name="ct"/> stops the run (the host shutting down), the run is left unfinished and the
    /// cancellation rethrown, so that it is taken up again after the restart (publication skips what was already written)
    /// instead of ending « Annulée ». A run its owner asked to stop always ends « Annulée ».
    /// </param>
    public async Task<RunRecord> ExecuteAsync(string runId, Caller caller, IProgress<RunProgress>? progress = null, CancellationToken ct = default,
        bool resumeIfStopped = false)
    {
        var stopping = ct;
        var run = await runs.GetAsync(runId, CancellationToken.None) ?? throw new InvalidOperationException($"édition inconnue {runId}");
        if (RunStateNames.IsFinal(run.State)) return run;
        RenderedFile? rendered = null;
        RunContext? context = null;
        // The owner may ask the run to stop (RunStore.RequestCancelAsync): watched while it runs.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopWatching = new CancellationTokenSource();
        var watcher = WatchCancellationAsync(runId, cancel, stopWatching.Token);
        ct = cancel.Token;
        try
        {
            if (await runs.IsCancelRequestedAsync(runId, ct)) throw new OperationCanceledException(ct);
            var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(run.Parameters, Json) ?? [];
            var changes = JsonSerializer.Deserialize<List<CriterionChange>>(run.Criteria, Json) ?? [];
            // The versions recorded at submission, not those in force now.
            var (definition, session, values, criteria) = await ResolveAsync(run.DefinitionId, caller, run.SessionCode, parameters, changes, ct,
                run.DefinitionVersion);
            var pinned = await RecordedVersions.PinAsync(services, run, ct);
            // The run's renders share one memory budget in this process (TPL114).
            pinned = pinned with { Templates = pinned.Templates.ForRun(runId) };
            await runs.MarkStartedAsync(runId, services.Clock.GetUtcNow(), ct);
            var reporter = new ProgressRecorder(runs, runId, progress);
            context = new RunContext
            {
                RunId = runId, Definition = definition.Definition, Caller = caller, Session = session, Parameters = values,
                Criteria = criteria, Now = services.Clock.GetUtcNow(), Services = pinned, Progress = reporter,
                PublicOutput = Loading.PublicOutputs.IsPublic(definition.Definition, kinds),
            };
            foreach (var step in definition.Definition.Steps)
            {
                ct.ThrowIfCancellationRequested();
                if (!step.Applies(values)) continue;
                if (!kinds.TryGet(step.Kind, out var kind)) throw new InvalidOperationException($"type d'étape inconnu « {step.Kind} »");
                // Bound once by the loader; a step that reached here unbound is a programming error.
                if (!kind.OptionsType.IsInstanceOfType(step.Bound)) throw new InvalidOperationException($"l'étape {step.Kind} n'a pas été liée par le chargeur");
                await kind.ExecuteAsync(step.Bound!, context, ct);
                rendered = context.Rendered;
            }
            await reporter.FlushAsync();
            await runs.CompleteAsync(runId, RunState.Succeeded, context.Notes.Count > 0 ? string.Join(" ", context.Notes) : null,
                services.Clock.GetUtcNow(), context.Output, context.RowCount, context.PageCount,
                JsonSerializer.Serialize(context.TemplateVersions, Json));
        }
        catch (GateRefusedException e)
        {
            await runs.CompleteAsync(runId, RunState.Refused, e.Message, services.Clock.GetUtcNow(), null, null, null, failure: RunFailure.Gate);
        }
        catch (OperationCanceledException)
        {
            var asked = await runs.IsCancelRequestedAsync(runId, CancellationToken.None);
            if (!asked && resumeIfStopped && stopping.IsCancellationRequested) throw;
            await runs.CompleteAsync(runId, RunState.Cancelled, asked ? RunMessages.CancelledOnRequest : RunMessages.Cancelled, services.Clock.GetUtcNow(), null, null, null);
        }
        catch (Exception e) when (e is RunInputException or NotAllowedException)
        {
            await runs.CompleteAsync(runId, RunState.Failed, string.Format(RunMessages.Failed, e.Message), services.Clock.GetUtcNow(), null, null, null,
                failure: e is NotAllowedException ? RunFailure.NotAllowed : RunFailure.Input);
        }
        catch (Exception e)
        {
            // Recorded, then rethrown: the job system sees the failure (and may retry an idempotent run).
            await runs.CompleteAsync(runId, RunState.Failed, string.Format(RunMessages.Failed, e.Message), services.Clock.GetUtcNow(), null, null, null,
                failure: RunFailure.Error);
            throw;
        }
        finally
        {
            stopWatching.Cancel();
            await watcher;
            if (rendered is not null && File.Exists(rendered.TempPath)) File.Delete(rendered.TempPath);
        }
        return (await runs.GetAsync(runId, CancellationToken.None))!;
    }

    /// <summary>
    /// The context a recorded run executes with, rebuilt for a batch of a fanned-out publication executed by another job
    /// (maybe on another host): same definition, session, values and criteria; its instant is the run's start.
    /// </summary>
    public async Task<RunContext> ContextForAsync(RunRecord run, Caller caller, CancellationToken ct = default)
    {
        var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(run.Parameters, Json) ?? [];
        var changes = JsonSerializer.Deserialize<List<CriterionChange>>(run.Criteria, Json) ?? [];
        var (definition, session, values, criteria) = await ResolveAsync(run.DefinitionId, caller, run.SessionCode, parameters, changes, ct);
        return new RunContext
        {
            RunId = run.Id, Definition = definition.Definition, Caller = caller, Session = session, Parameters = values,
            Criteria = criteria, Now = run.StartedAt ?? services.Clock.GetUtcNow(), Services = services with { Templates = services.Templates.ForRun(run.Id) },
        };
    }

    /// <summary>How often a running run looks whether its owner asked it to stop.</summary>
    public static readonly TimeSpan CancellationPollInterval = TimeSpan.FromSeconds(1);

    async Task WatchCancellationAsync(string runId, CancellationTokenSource cancel, CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(CancellationPollInterval);
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (!await runs.IsCancelRequestedAsync(runId, stop)) continue;
                await cancel.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended first.
        }
        catch (System.Data.Common.DbException)
        {
            // The store cannot be read: the run's own next write meets the same failure and records it (Failed);
            // the watcher only stops watching rather than fail a run that may still complete.
        }
    }

    async Task<(PublishedDefinition, SessionContext, Dictionary<string, object?>, IReadOnlyList<EffectiveCriterion>)> ResolveAsync(
        string definitionId, Caller caller, string? sessionCode, IReadOnlyDictionary<string, string> rawParameters,
        IReadOnlyList<CriterionChange> changes, CancellationToken ct, int? version = null)
    {
        var definition = (version is { } v ? await definitions.GetVersionAsync(definitionId, v, ct) : definitions.Get(definitionId))
            ?? throw new RunInputException([Messages.At(new SourceLocation(definitionId, 0, 0), DiagnosticCodes.UnknownActivity, definitionId)]);
        if (!AudienceAllows(definition.Definition.Audience, caller))
            throw new NotAllowedException(string.Format(RunMessages.WrongAudience, AudienceName(definition.Definition.Audience)));

        // The session in progress for this caller unless one is asked for (one rule with the pages: SessionResolver).
        var code = sessionCode ?? await new Sessions.SessionResolver(sessions, services.Clock).DefaultCodeAsync(caller, ct)
            ?? throw new RunInputException([new Diagnostic(new SourceLocation("session", 0, 0), DiagnosticCodes.UnknownSession, RunMessages.NoSession)]);
        // A school (the only caller with a UAI) is offered, and may choose, only the decision groups where it has students or candidates.
        var session = await sessions.LoadContextAsync(code, caller.Uai, ct)
            ?? throw new RunInputException([new Diagnostic(new SourceLocation("session", 0, 0), DiagnosticCodes.UnknownSession, string.Format(RunMessages.UnknownSession, code))]);

        // A closed or archived session is read-only: nothing is published in it any more (its documents stay downloadable).
        if (definition.Definition.Steps.Any(s => s.Kind.StartsWith("publish.", StringComparison.Ordinal))
            && await new SessionCatalog(sessions.Database).StatusAsync(code, ct) is { } status and not SessionStatus.Open)
            throw new RunInputException([new Diagnostic(new SourceLocation("session", 0, 0), DiagnosticCodes.SessionReadOnly,
                string.Format(RunMessages.SessionReadOnly, code, SessionStatusNames.French(status)))]);

        var school = caller.Uai is { } uai ? session.Schools.FirstOrDefault(s => s.Uai == uai) : null;
        var localNow = ParisTime.ToLocal(services.Clock.GetUtcNow());
        string Resolve(string text) => Placeholders.Resolve(text, caller, school, session.Session, localNow);

        var (values, errors) = ParameterBinder.Bind(definition.Definition, rawParameters, session, Resolve);
        if (errors.Count == 0)
            foreach (var step in definition.Definition.Steps)
                if (kinds.TryGet(step.Kind, out var kind) && kind is IInputCheck check && step.Bound is { } options)
                    errors.AddRange(check.CheckInput(options, values, definition.Definition));
        // `{{ parametres.x }}` ties a criterion to a parameter; left empty, the parameter leaves the criterion out.
        var definitionCriteria = definition.Definition.Criteria
            .Where(c => !c.Values.All(v => v.Contains("parametres.", StringComparison.Ordinal)
                                           && string.IsNullOrEmpty(Placeholders.ResolveParameters(v, values))))
            .ToList();
        errors.AddRange(Loading.PublicOutputs.CheckChanges(definition.Definition, changes, kinds));
        var merged = CriteriaMerger.Merge(definitionCriteria, changes, v => Resolve(Placeholders.ResolveParameters(v, values)) is var r && !Placeholders.HasPlaceholder(r) ? r : null);
        errors.AddRange(merged.Errors.Select(e => new Diagnostic(new SourceLocation("critères", 0, 0) with { File = e.Field }, e.Code, e.Message)));
        if (errors.Count > 0) throw new RunInputException(errors);
        var resolved = merged.Criteria;
        return (definition, session, values, resolved);
    }

    public static bool AudienceAllows(Audience audience, Caller caller) => (audience, caller.Role) switch
    {
        (Audience.School, CallerRole.School) => true,
        (Audience.Manager, CallerRole.Manager) => true,
        (Audience.Candidate, CallerRole.Candidate) => true,
        _ => false,
    };

    public static string AudienceName(Audience a) => a switch
    {
        Audience.School => "établissement",
        Audience.Manager => "gestionnaire examens",
        _ => "candidat",
    };

    /// <summary>Writes progress to the run record at most every half second, so readers see it move.</summary>
    sealed class ProgressRecorder(RunStore runs, string runId, IProgress<RunProgress>? next) : IProgress<RunProgress>
    {
        RunProgress last;
        long lastWrite;

        public void Report(RunProgress value)
        {
            last = value;
            next?.Report(value);
            var now = Environment.TickCount64;
            if (now - Interlocked.Read(ref lastWrite) < 500 && value.Done < value.Total) return;
            Interlocked.Exchange(ref lastWrite, now);
            runs.ReportProgressAsync(runId, value).GetAwaiter().GetResult();
        }

        public Task FlushAsync() => last.Total > 0 ? runs.ReportProgressAsync(runId, last) : Task.CompletedTask;
    }
}
