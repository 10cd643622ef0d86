using CfgResults.Engine.Domain;
using CfgResults.Engine.Loading;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>
/// Lets the run through only while a window of the service is open, [opens, closes) in Europe/Paris.
/// Windows of the whole session apply to everyone; a window with a groupe de décision applies when the
/// run's `groupe_decision` parameter names that group. Without that parameter (a display list, a results
/// list, bulk transcripts), a window of the whole session opens the service for every group; otherwise the
/// service is open only for the groups whose own window is open, and the run's selection keeps those groups
/// alone (<see cref="RunContext.OpenDecisionGroups"/>): a group's results never appear before its window.
/// The refusal text is the definition's: `{{ ouverture }}` and `{{ fermeture }}` stand for the window
/// that is next to open, or else the last one closed, as `01/07/2019 08:00`.
/// </summary>
[StepKind("gate.service-window")]
public sealed class ServiceWindowGate : StepKind<ServiceWindowGate.Options>
{
    public sealed record Options(
        [OptionValues("extraction_notes", "publication_etablissement", "publication_candidat")] string Service,
        string Message,
        string? MessageWithoutWindow = null);

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        if (!French.TryParse(options.Service, out ServiceKind service))
            throw new InvalidOperationException($"service inconnu « {options.Service} »");
        var group = context.Parameters.TryGetValue("groupe_decision", out var g) ? g as string : null;
        var verdict = ServiceWindows.Evaluate(context.Session.Windows.Select(w => w.Window), service, group, context.Now);
        if (verdict.IsOpen)
        {
            // Two gates narrow one another: a group is kept only when every gate opens it.
            if (verdict.OpenGroups is { } groups)
                context.OpenDecisionGroups = context.OpenDecisionGroups is { } earlier ? [.. earlier.Intersect(groups, StringComparer.Ordinal)] : groups;
            return Task.CompletedTask;
        }
        throw new GateRefusedException(RefusalText(options, verdict));
    }

    /// <summary>The definition's refusal text for a closed verdict, as the run and the activity page show it.</summary>
    public static string RefusalText(Options options, ServiceWindowVerdict verdict) => verdict.Cited is { } w
        ? options.Message.Replace("{{ ouverture }}", ParisTime.Format(w.Opens)).Replace("{{ fermeture }}", ParisTime.Format(w.Closes))
        : options.MessageWithoutWindow ?? options.Message.Replace("{{ ouverture }}", "—").Replace("{{ fermeture }}", "—");

    /// <summary>A step's options bound as the runner binds them (for the pages that read a definition's gates).</summary>
    public static Options? BindOptions(Definitions.StepDefinition step) => step.Bound as Options;
}
