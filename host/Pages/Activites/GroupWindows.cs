using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Steps;

namespace CfgResults.Host.Pages.Activites;

/// <summary>
/// Issue 13 item 2, honest forms: the service windows read for the decision groups the caller may choose. A
/// window of a group the caller has nobody in does not open the service for them; a group whose window is closed
/// is offered with its dates and cannot be chosen.
/// </summary>
public static class GroupWindows
{
    /// <summary>The session's windows that concern the caller: the session's own and those of the caller's groups.</summary>
    public static IEnumerable<ServiceWindow> ForCaller(SessionContext session) =>
        session.Windows.Select(w => w.Window).Where(w => w.DecisionGroup is null || session.DecisionGroups.Contains(w.DecisionGroup));

    /// <summary>The gates of a definition, bound as the runner binds them.</summary>
    public static IEnumerable<(ServiceWindowGate.Options Options, ServiceKind Kind)> Gates(WorkflowDefinition definition)
    {
        foreach (var step in definition.Steps.Where(s => s.Kind == "gate.service-window"))
            if (ServiceWindowGate.BindOptions(step) is { } options && French.TryParse(options.Service, out ServiceKind kind))
                yield return (options, kind);
    }

    /// <summary>
    /// The options of the `groupe_decision` parameter, each closed group marked as such with its dates (the memo's
    /// message), so that a school sees at once which group it may extract and when the others open.
    /// </summary>
    public static void MarkClosedGroups(List<ParameterField> parameters, WorkflowDefinition definition, SessionContext session, DateTimeOffset now)
    {
        var gates = Gates(definition).ToList();
        if (gates.Count == 0) return;
        var windows = ForCaller(session).ToList();
        foreach (var p in parameters.Where(p => p.Definition.Id == "groupe_decision" && p.Definition.Type == ParameterType.Choice))
        {
            var options = p.Options.Select(o =>
            {
                foreach (var (gate, kind) in gates)
                {
                    var verdict = ServiceWindows.Evaluate(windows, kind, o.Value, now);
                    if (!verdict.IsOpen) return o with { Text = $"{o.Text} — fermé : {ServiceWindowGate.RefusalText(gate, verdict)}", Disabled = true };
                }
                return o;
            }).ToList();
            p.Options = options;
        }
    }
}
