using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Steps;
using CfgResults.Host.Pages.Activites;

namespace CfgResults.Host.Pages.Navigation;

/// <summary>
/// Issue 13 item 2: each service's state as a school reads it on its home page, from the windows of its own groups:
/// « Extraction des notes ouverte jusqu'au 14/07/2026 18:00 », « Publication aux établissements fermée, ouvre le
/// 01/07/2026 08:00 ». A service open for some of its groups only says which.
/// </summary>
public static class ServiceStates
{
    public sealed record State(ServiceKind Service, bool Open, string Text);

    static readonly (ServiceKind Kind, string Name)[] Services =
    [
        (ServiceKind.GradeExtraction, "Extraction des notes"),
        (ServiceKind.SchoolPublication, "Publication aux établissements"),
        (ServiceKind.CandidatePublication, "Publication aux candidats"),
    ];

    public static IReadOnlyList<State> For(SessionContext session, DateTimeOffset now)
    {
        var windows = GroupWindows.ForCaller(session).ToList();
        return Services.Select(s => Describe(windows, s.Kind, s.Name, now)).ToList();
    }

    static State Describe(List<ServiceWindow> windows, ServiceKind kind, string name, DateTimeOffset now)
    {
        var verdict = ServiceWindows.Evaluate(windows, kind, null, now);
        if (verdict.IsOpen)
        {
            var open = windows.Where(w => w.Service == kind && ParisTime.ToInstant(w.Opens) <= now && now < ParisTime.ToInstant(w.Closes)
                                          && (verdict.OpenGroups is null || w.DecisionGroup is null || verdict.OpenGroups.Contains(w.DecisionGroup))).ToList();
            var until = open.Max(w => w.Closes);
            var groups = verdict.OpenGroups is { } g ? $" pour {string.Join(", ", g)}" : "";
            return new State(kind, true, $"{name} ouverte{groups} jusqu'au {Format(until)}");
        }
        return verdict.Cited switch
        {
            { } w when ParisTime.ToInstant(w.Opens) > now => new State(kind, false, $"{name} fermée, ouvre le {Format(w.Opens)}"),
            { } w => new State(kind, false, $"{name} fermée depuis le {Format(w.Closes)}"),
            _ => new State(kind, false, $"{name} fermée (aucune période prévue)"),
        };
    }

    static string Format(DateTime t) => t.ToString("dd/MM/yyyy HH:mm", French.Culture);
}
