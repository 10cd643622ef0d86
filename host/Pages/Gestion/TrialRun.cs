using System.Collections.Concurrent;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Data;
using CfgResults.Engine.Running;
using CfgResults.Engine.Templates;
using CfgResults.Engine.Versioning;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>What a trial runs: a definition (a draft, or the one in force), templates overlaid, as whom, when.</summary>
public sealed record TrialRequest(
    WorkflowDefinition Definition,
    int DefinitionVersion,
    IReadOnlyDictionary<string, string> TemplateOverrides,
    Caller ActingAs,
    Caller Manager,
    string? SessionCode,
    DateTimeOffset Instant,
    IReadOnlyDictionary<string, string> Parameters);

/// <summary>The recorded run, and for a PDF the document markup shown as HTML.</summary>
public sealed record TrialResult(RunRecord Run, string? PreviewHtml);

/// <summary>
/// Runs a draft without publishing it (« Essai ») : a runner of its own over the draft definition and the
/// templates in force with the drafts overlaid, with a clock stopped at the chosen instant, acting as the
/// chosen school or candidate. The run is recorded like any other, under the exam manager who asked (so it
/// is never in the school's list of runs), with an idempotency key `essai:…` that marks it as a trial.
/// A definition that publishes (`publish.*`) is refused: a trial must never publish a transcript.
/// </summary>
public sealed class TrialRunner(EngineServices engineServices, VersionedTemplateSource templatesInForce, TemplateEngine templates, SessionStore sessions,
    RunStore runs, TimeProvider clock, ILogger<TrialRunner> log)
{
    public const string KeyPrefix = "essai:";
    public const string PreviewStepKind = "essai.apercu";

    /// <summary>The engine's step kinds plus the preview capture below.</summary>
    static readonly Lazy<StepKindRegistry> Kinds = new(() => new StepKindRegistry(typeof(StepKindRegistry).Assembly, typeof(TrialPreviewStep).Assembly));

    public static bool Publishes(WorkflowDefinition definition) => definition.Steps.Any(s => s.Kind.StartsWith("publish.", StringComparison.Ordinal));

    public static bool IsTrial(RunRecord run) => run.IdempotencyKey?.StartsWith(KeyPrefix, StringComparison.Ordinal) == true;

    /// <summary>Throws RunInputException (bad parameter, unknown session) and NotAllowedException (wrong audience, publishing definition).</summary>
    public async Task<TrialResult> RunAsync(TrialRequest request, CancellationToken ct)
    {
        if (Publishes(request.Definition))
            throw new NotAllowedException("une définition qui publie des documents ne peut pas être essayée : l'essai ne publie jamais de relevé");
        // The engine's services with the drafts overlaid and the clock stopped; no dispatcher and no runner of the engine's (a trial never publishes).
        var services = engineServices with
        {
            Templates = new TemplateEngine(new OverlayTemplateSource(templatesInForce, request.TemplateOverrides), templates.Limits, clock),
            Clock = new FixedTimeProvider(request.Instant),
            Dispatcher = null,
            Runner = null,
        };
        var definition = WithPreview(request.Definition);
        var runner = new Runner(services, new SingleDefinitionSource(new PublishedDefinition(definition, request.DefinitionVersion)),
            sessions, runs, Kinds.Value);

        var runRequest = new RunRequest(definition.Id, request.ActingAs, request.SessionCode, request.Parameters, []);
        var checkedRun = await runner.ValidateAsync(runRequest, ct);
        var id = Guid.NewGuid().ToString("N");
        var record = new RunRecord(id, definition.Id, request.DefinitionVersion, "{}", checkedRun.SessionCode, request.Manager.ToString(),
            JsonSerializer.Serialize(request.Parameters), "[]", KeyPrefix + id, RunState.Pending, null, 0, 0, clock.GetUtcNow(),
            null, null, null, null, null);
        await runs.CreateAsync(record, ct);
        string? markup = null;
        try
        {
            await runner.ExecuteAsync(id, request.ActingAs, null, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The runner has recorded the failure with its message; the page shows the recorded run.
            log.LogWarning(e, "Essai {RunId} de {Definition} en échec", id, definition.Id);
        }
        finally
        {
            markup = TrialPreviewStep.Take(id);
        }
        var run = await runs.GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"essai {id} introuvable");
        return new TrialResult(run, markup is null ? null : HtmlPreview.Render(markup));
    }

    /// <summary>After each PDF rendering, a step that keeps the markup for the HTML preview.</summary>
    static WorkflowDefinition WithPreview(WorkflowDefinition d)
    {
        var steps = new List<StepDefinition>();
        foreach (var step in d.Steps)
        {
            steps.Add(step);
            if (step.Bound is Engine.Steps.RenderPdf.Options pdf)
                steps.Add(new StepDefinition(PreviewStepKind, new Dictionary<string, object?> { ["template"] = pdf.Template },
                    new Dictionary<string, SourceLocation>(), step.Location) { Bound = new TrialPreviewStep.Options(pdf.Template) });
        }
        return d with { Steps = steps };
    }

    sealed class SingleDefinitionSource(PublishedDefinition definition) : IDefinitionSource
    {
        public IReadOnlyList<PublishedDefinition> List() => [definition];
        public PublishedDefinition? Get(string id) => id == definition.Definition.Id ? definition : null;
    }
}

/// <summary>
/// Trial runs only (never in a definition: the loader does not know this kind): renders the PDF template's
/// markup once more and keeps it, by run id, for the page to show as HTML.
/// </summary>
[StepKind(TrialRunner.PreviewStepKind)]
public sealed class TrialPreviewStep : StepKind<TrialPreviewStep.Options>
{
    public sealed record Options(string Template);

    internal static readonly ConcurrentDictionary<string, string> Captured = new(StringComparer.Ordinal);

    /// <summary>Markup kept by <see cref="ExecuteAsync"/> for this run; removed from memory when taken.</summary>
    internal static string? Take(string runId) => Captured.TryRemove(runId, out var markup) ? markup : null;

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        Captured[context.RunId] = context.Services.Templates.RenderText(options.Template, RunModel.Build(context), ct);
        return Task.CompletedTask;
    }
}
