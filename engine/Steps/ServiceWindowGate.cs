using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>
/// Lets the run through only while a window of the service is open, [opens, closes) in Europe/Paris.
/// Windows of the whole session apply to everyone; a window with a groupe de décision applies when the
/// run's `groupe_decision` parameter names that group (or, without that parameter, to anyone).
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
        var verdict = Evaluate(context.Session.Windows.Select(w => w.Window), service, group, context.Now);
        if (verdict.IsOpen) return Task.CompletedTask;
        var text = verdict.Cited is { } w
            ? options.Message.Replace("{{ ouverture }}", Format(w.Opens)).Replace("{{ fermeture }}", Format(w.Closes))
            : options.MessageWithoutWindow ?? options.Message.Replace("{{ ouverture }}", "—").Replace("{{ fermeture }}", "—");
        throw new GateRefusedException(text);
    }

    public readonly record struct Verdict(bool IsOpen, ServiceWindow? Cited);

    /// <summary>
    /// Bounds are Paris wall-clock times turned into instants before comparing, so a window is open for
    /// exactly [opens, closes) even when the autumn change repeats an hour (the first occurrence counts).
    /// </summary>
    public static Verdict Evaluate(IEnumerable<ServiceWindow> windows, ServiceKind service, string? group, DateTimeOffset now)
    {
        var applicable = windows.Where(w => w.Service == service && (w.DecisionGroup is null || group is null || w.DecisionGroup == group))
            .Select(w => (Window: w, Opens: ParisTime.ToInstant(w.Opens), Closes: ParisTime.ToInstant(w.Closes))).ToList();
        if (applicable.Any(w => w.Opens <= now && now < w.Closes)) return new(true, null);
        var next = applicable.Where(w => w.Opens > now).OrderBy(w => w.Opens).Select(w => w.Window).FirstOrDefault();
        var last = applicable.Where(w => w.Closes <= now).OrderByDescending(w => w.Closes).Select(w => w.Window).FirstOrDefault();
        return new(false, next ?? last);
    }

    /// <summary>
    /// Stops a Paris wall-clock time from being passed for an instant: C# would convert it silently with the
    /// server's own time zone, shifting every window by an hour or two on a server set to UTC.
    /// </summary>
    [Obsolete("Passer l'instant (DateTimeOffset), pas l'heure de Paris.", error: true)]
    public static Verdict Evaluate(IEnumerable<ServiceWindow> windows, ServiceKind service, string? group, DateTime localNow) =>
        throw new InvalidOperationException();

    static string Format(DateTime t) => t.ToString("dd/MM/yyyy HH:mm", French.Culture);
}
