using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Presets;

/// <summary>Settings (a saved edition's, or a past run's) as they apply to the activity in force and the current session.</summary>
/// <param name="Dropped">What could not be carried over, one French sentence each (« Groupe de décision : … »).</param>
public sealed record CarriedSettings(Dictionary<string, string> Parameters, List<CriterionChange> Criteria, IReadOnlyList<string> Dropped);

/// <summary>
/// Carries the settings of a « modèle d'édition » or of a past run (« Relancer ») over to the definition now published
/// and the current session: what still exists is kept as it was typed; a parameter the activity no longer has, a
/// choice the session does not offer (a decision group of last year), a criterion field that is gone or now locked,
/// and values naming what the session does not hold (a group, an épreuve, a school) are dropped, each with its reason.
/// The run still checks everything kept, as for any request.
/// </summary>
public static class SettingsCarryOver
{
    /// <summary>Criterion fields whose values name things of one session.</summary>
    static readonly string[] SessionValueFields = ["groupe_decision", "epreuve", "etablissement_inscription", "centre_epreuve"];

    public static CarriedSettings Apply(WorkflowDefinition definition, SessionContext? session,
        IReadOnlyDictionary<string, string> parameters, IReadOnlyList<CriterionChange> criteria)
    {
        var dropped = new List<string>();
        var sessionName = session is null ? "la session" : $"la session {session.Session.Label}";
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, value) in parameters)
        {
            var p = definition.Parameters.FirstOrDefault(x => x.Id == id);
            if (p is null)
            {
                dropped.Add($"Paramètre « {id} » : l'activité ne l'a plus.");
                continue;
            }
            if (p.Type == ParameterType.Choice && !string.IsNullOrWhiteSpace(value) && session is not null
                && !ParameterBinder.Options(p, session).Any(o => French.Fold(o) == French.Fold(value)))
            {
                dropped.Add($"{p.Label} : la valeur « {value} » n'existe pas dans {sessionName}.");
                continue;
            }
            kept[id] = value;
        }

        var changes = new List<CriterionChange>();
        foreach (var change in criteria)
        {
            if (!CriteriaCatalog.TryGet(change.Field, out var field))
            {
                dropped.Add($"Critère « {change.Field} » : il n'existe plus.");
                continue;
            }
            if (definition.Criteria.FirstOrDefault(c => c.Field == change.Field) is { Locked: true })
            {
                dropped.Add($"Critère « {field.Label} » : il est désormais verrouillé par l'activité.");
                continue;
            }
            if (!change.Remove && session is not null && SessionValueFields.Contains(change.Field))
            {
                var known = SessionValues(change.Field, session);
                var missing = change.Values.Where(v => !known.Contains(v) && !CriterionRules.IsExpression(v)).ToList();
                if (missing.Count > 0)
                {
                    var left = change.Values.Except(missing).ToList();
                    dropped.Add($"Critère « {field.Label} » : {string.Join(", ", missing.Select(m => $"« {m} »"))} n'existe pas dans {sessionName}"
                        + (left.Count == 0 || change.Operator == CriterionOperator.Between ? " ; critère non repris." : " ; valeur retirée."));
                    if (left.Count == 0 || change.Operator == CriterionOperator.Between) continue;
                    changes.Add(change with { Values = left });
                    continue;
                }
            }
            changes.Add(change);
        }
        return new CarriedSettings(kept, changes, dropped);
    }

    /// <summary>What a past run was asked with (its parameters and criteria changes as recorded), for « Relancer ».</summary>
    public static (Dictionary<string, string> Parameters, List<CriterionChange> Criteria) OfRun(RunRecord run) =>
        (System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(run.Parameters) ?? [],
         System.Text.Json.JsonSerializer.Deserialize<List<CriterionChange>>(run.Criteria) ?? []);

    static HashSet<string> SessionValues(string field, SessionContext session) => field switch
    {
        "groupe_decision" => session.DecisionGroups.ToHashSet(StringComparer.OrdinalIgnoreCase),
        "epreuve" => session.Exams.Select(e => e.Code).ToHashSet(StringComparer.OrdinalIgnoreCase),
        _ => session.Schools.Select(s => s.Uai).ToHashSet(StringComparer.OrdinalIgnoreCase),
    };
}
