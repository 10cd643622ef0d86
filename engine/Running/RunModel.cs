using System.Globalization;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Running;

/// <summary>
/// The plain data a template sees (French keys, no .NET objects): `session`, `etablissement`, `parametres`,
/// `maintenant`, `epreuves`, `candidats`, `groupes`. Red-listed and fraud-held candidates of a public
/// output were already removed by the selection, before any template runs.
/// </summary>
public static class RunModel
{
    /// <param name="streamCandidates">
    /// For a CSV: `candidats` is handed to the template one row at a time (one pass only), so that memory
    /// stays flat whatever the number of rows. A document template may walk the list several times: not streamed.
    /// </param>
    public static Dictionary<string, object?> Build(RunContext context, bool streamCandidates = false)
    {
        var model = Base(context);
        var data = context.Data;
        if (data is not null)
        {
            model["epreuves"] = data.Columns.Select(ExamModel).ToList<object?>();
            var candidates = data.Candidates.Select(c => CandidateModel(c, data.Columns, context));
            model["candidats"] = streamCandidates
                ? Templates.TemplateRows.Stream(candidates, "candidats")
                : candidates.ToList<object?>();
            model["nombre_candidats"] = data.Candidates.Count;
            if (data.Groups is { } groups)
                model["groupes"] = groups.Select(g => (object?)new Dictionary<string, object?>
                {
                    ["code"] = g.Key,
                    ["candidats"] = g.Candidates.Select(c => CandidateModel(c, data.Columns, context)).ToList<object?>(),
                }).ToList();
        }
        return model;
    }

    public static Dictionary<string, object?> Base(RunContext context)
    {
        var s = context.Session.Session;
        return new Dictionary<string, object?>
        {
            ["session"] = new Dictionary<string, object?>
            {
                ["code"] = s.Code, ["domaine"] = s.Domain, ["libelle"] = s.Label, ["intitule"] = s.Title, ["academie"] = s.Academy,
            },
            ["etablissement"] = context.CallerSchool is { } school ? SchoolModel(school) : null,
            ["parametres"] = context.Parameters.ToDictionary(p => p.Key, p => Plain(p.Value)),
            ["maintenant"] = context.LocalNow,
            ["activite"] = new Dictionary<string, object?> { ["id"] = context.Definition.Id, ["titre"] = context.Definition.Title },
        };
    }

    public static Dictionary<string, object?> SchoolModel(School s) => new()
    {
        ["uai"] = s.Uai, ["type"] = s.Type, ["nom"] = s.Name, ["commune"] = s.Town,
        ["libelle"] = s.DisplayName, ["libelle_uai"] = s.DisplayWithUai,
    };

    public static Dictionary<string, object?> ExamModel(Exam e) => new()
    {
        ["code"] = e.Code, ["libelle"] = e.Label, ["mode"] = French.Name(e.GradingMode), ["bareme"] = e.MaxPoints, ["ordre"] = e.Order,
    };

    public static Dictionary<string, object?> CandidateModel(CandidateRecord record, IReadOnlyList<Exam> columns, RunContext context)
    {
        var c = record.Candidate;
        var exams = context.ExamsByCode;
        var held = c.FraudSuspected;
        var model = new Dictionary<string, object?>
        {
            ["numero"] = c.Number,
            ["numero_inscription"] = c.RegistrationNumber,
            ["version"] = c.Version,
            ["inscription"] = c.RegistrationDisplay,
            ["nom"] = c.LastName,
            ["prenoms"] = c.FirstNames,
            ["date_naissance"] = c.BirthDate.ToDateTime(TimeOnly.MinValue),
            ["ine"] = c.Ine,
            ["etablissement_inscription"] = c.RegistrationSchoolUai,
            ["categorie"] = French.Name(c.Category),
            ["etat"] = French.Name(c.State),
            ["specialite"] = c.Speciality,
            ["groupe_decision"] = c.DecisionGroup,
            ["liste_rouge"] = c.RedList,
            ["presomption_fraude"] = c.FraudSuspected,
            ["session_remplacement"] = c.ReplacementSession,
            // A held result (présomption de fraude) is never shown as a result.
            ["resultat"] = held ? "Résultat réservé" : c.Result is { } r ? French.Name(r) : "",
            ["resultat_reserve"] = held,
            ["total"] = Total(record, exams) is { } t ? FormatPoints(t) : "",
            ["notes"] = record.Grades.Where(g => exams.ContainsKey(g.ExamCode)).OrderBy(g => exams[g.ExamCode].Order).ThenBy(g => g.ExamCode, StringComparer.Ordinal)
                .Select(g => (object?)GradeModel(g, exams[g.ExamCode])).ToList(),
        };
        if (context.Pivoted)
        {
            var cells = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
            var list = new List<object?>(columns.Count);
            foreach (var e in columns)
            {
                var text = "";
                foreach (var g in record.Grades)
                    if (g.ExamCode == e.Code) { text = FormatGrade(g.Value); break; }
                cells[e.Code] = text;
                list.Add(text);
            }
            model["cellules"] = cells;
            model["cellules_liste"] = list;
        }
        return model;
    }

    static Dictionary<string, object?> GradeModel(Grade g, Exam e) => new()
    {
        ["epreuve"] = e.Code,
        ["libelle"] = e.Label,
        ["mode"] = French.Name(e.GradingMode),
        ["bareme"] = FormatPoints(e.MaxPoints),
        ["position"] = French.Name(g.Position),
        ["centre"] = g.CentreUai,
        ["note"] = FormatGrade(g.Value),
        ["valeur"] = g.Value.Points,
    };

    /// <summary>
    /// The candidate's total: when the session has a computed (Calculée) épreuve, its grade and nothing else
    /// (not computed yet: no total, rather than a partial sum); otherwise the sum of the entered points.
    /// </summary>
    public static decimal? Total(CandidateRecord record, IReadOnlyDictionary<string, Exam> exams)
    {
        if (exams.Values.Any(e => e.GradingMode == GradingMode.Computed))
            return record.Grades.FirstOrDefault(g => exams.TryGetValue(g.ExamCode, out var e) && e.GradingMode == GradingMode.Computed
                && g.Value.Kind == GradeKind.Points)?.Value.Points;
        var points = record.Grades.Where(g => g.Value.Kind == GradeKind.Points && exams.TryGetValue(g.ExamCode, out var e) && e.GradingMode == GradingMode.Entered).ToList();
        return points.Count == 0 ? null : points.Sum(g => g.Value.Points!.Value);
    }

    /// <summary>`12,5`, `200`, `AB`, `DI`, or empty.</summary>
    public static string FormatGrade(GradeValue v) => v.Kind switch
    {
        GradeKind.Points => FormatPoints(v.Points!.Value),
        GradeKind.Absent => "AB",
        GradeKind.Exempted => "DI",
        _ => "",
    };

    /// <summary>Decimal comma, no trailing zeros: 12.50 → `12,5`, 200.00 → `200`.</summary>
    public static string FormatPoints(decimal d) => (d / 1.0000000000000000000000000000m).ToString("0.##", French.Culture);

    static object? Plain(object? v) => v switch
    {
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        _ => v,
    };
}
