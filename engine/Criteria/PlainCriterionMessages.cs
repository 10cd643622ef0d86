using CfgResults.Engine.Definitions;
using CfgResults.Engine.Loading;

namespace CfgResults.Engine.Criteria;

/// <summary>
/// Issue 13 item 4: a criterion refused on a school's form, said in plain French — the criterion's name and what is
/// expected in words (« Liste rouge : choisissez Oui ou Non. »), no operator name, no code. The coded message
/// (CFG0xx) stays in the logs, the API and the manager's editor.
/// </summary>
public static class PlainCriterionMessages
{
    /// <param name="code">The coded error (CriterionError.Code or a runner diagnostic's code).</param>
    /// <param name="fieldName">The criterion's field (`liste_rouge`); unknown names give a general sentence.</param>
    /// <param name="op">The operator in use, when known (a list of values or one).</param>
    public static string For(string code, string fieldName, CriterionOperator? op = null)
    {
        if (!CriteriaCatalog.TryGet(fieldName, out var field))
            return "Un critère de sélection n'est pas reconnu : retirez-le ou choisissez-en un dans la liste.";
        var label = field.Label;
        return code switch
        {
            DiagnosticCodes.LockedCriterionChanged or DiagnosticCodes.LockedCriterionRemoved =>
                $"{label} : ce critère est fixé pour cette activité et ne peut pas être modifié.",
            DiagnosticCodes.OperatorNotAllowed or DiagnosticCodes.UnknownOperator =>
                $"{label} : choisissez une condition dans la liste.",
            DiagnosticCodes.CriterionChangedTwice => $"{label} : ce critère est donné deux fois ; gardez-en un seul.",
            DiagnosticCodes.NoCriterionToRemove => $"{label} : ce critère n'est pas utilisé, il n'y a rien à retirer.",
            DiagnosticCodes.BoundsReversed => $"{label} : la première date doit précéder la seconde.",
            _ => $"{label} : {Expected(field, op)}.",
        };
    }

    /// <summary>What a value of the field looks like, in words.</summary>
    static string Expected(CriteriaField field, CriterionOperator? op)
    {
        var several = op is CriterionOperator.In or CriterionOperator.NotIn;
        if (op == CriterionOperator.Present) return "choisissez Oui (renseigné) ou Non (vide)";
        return field.Type switch
        {
            CriterionValueType.Boolean => "choisissez Oui ou Non",
            CriterionValueType.Enumeration => several
                ? $"cochez au moins une valeur parmi {string.Join(", ", field.AllowedValues)}"
                : $"choisissez une valeur parmi {string.Join(", ", field.AllowedValues)}",
            CriterionValueType.Date => op == CriterionOperator.Between
                ? "saisissez deux dates au format JJ/MM/AAAA, par exemple 01/01/2010 et 31/12/2011"
                : "saisissez une date au format JJ/MM/AAAA, par exemple 05/06/2010",
            _ => (field.PatternHint is { } hint ? $"saisissez {hint}" : "saisissez une valeur")
                 + (several ? " (plusieurs valeurs séparées par « ; »)" : ""),
        };
    }
}
