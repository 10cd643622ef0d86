using System.Globalization;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Templates;

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
            model["candidats"] = streamCandidates
                ? TemplateRows.Stream(new CandidateRows(data.Columns, context).Build(data.Candidates), "candidats")
                : data.Candidates.Select(c => CandidateModel(c, data.Columns, context)).ToList<object?>();
            model["nombre_candidats"] = data.Candidates.Count;
            foreach (var (key, value) in data.Extras) model[key] = value;
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
        ["libelle_court"] = e.ShortLabel ?? "",
    };

    /// <summary>
    /// One candidate as the template sees it. Its streamed twin for CSVs, <see cref="CandidateRows"/>, must give
    /// the same keys in the same order with the same values: a key added here is added there too (RunModelTests
    /// compares them).
    /// </summary>
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
    public static decimal? Total(CandidateRecord record, IReadOnlyDictionary<string, Exam> exams) =>
        Total(record, exams, HasComputedExam(exams));

    static bool HasComputedExam(IReadOnlyDictionary<string, Exam> exams) => exams.Values.Any(e => e.GradingMode == GradingMode.Computed);

    /// <param name="hasComputed"><see cref="HasComputedExam"/>, worked out once per run by the CSV rows.</param>
    static decimal? Total(CandidateRecord record, IReadOnlyDictionary<string, Exam> exams, bool hasComputed)
    {
        if (hasComputed)
        {
            foreach (var g in record.Grades)
                if (exams.TryGetValue(g.ExamCode, out var e) && e.GradingMode == GradingMode.Computed && g.Value.Kind == GradeKind.Points)
                    return g.Value.Points;
            return null;
        }
        decimal? sum = null;
        foreach (var g in record.Grades)
            if (g.Value.Kind == GradeKind.Points && exams.TryGetValue(g.ExamCode, out var e) && e.GradingMode == GradingMode.Entered)
                sum = (sum ?? 0m) + g.Value.Points!.Value;
        return sum;
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

    /// <summary>
    /// A CSV's candidates, built straight as plain template objects, one row at a time (see
    /// <see cref="PlainObject"/>): what is the same on every row (an épreuve's libellé, mode and barème text,
    /// whether the session has a computed épreuve) is worked out once per run, and each grade is formatted once
    /// for both `notes` and `cellules`. Same keys, order and values as <see cref="CandidateModel"/>.
    /// </summary>
    sealed class CandidateRows
    {
        /// <summary>An épreuve's members that are the same on every row.</summary>
        sealed record ExamText(Exam Exam, string Mode, string MaxPoints);

        readonly IReadOnlyList<Exam> _columns;
        readonly RunContext _context;
        readonly IReadOnlyDictionary<string, Exam> _exams;
        readonly Dictionary<string, ExamText> _texts;
        readonly bool _hasComputed;
        // Reused from row to row: rows are built one after the other, never two at once.
        readonly List<(Grade Grade, ExamText Exam, string Text, int Index)> _notes = [];
        string[] _gradeTexts = [];

        public CandidateRows(IReadOnlyList<Exam> columns, RunContext context)
        {
            _columns = columns;
            _context = context;
            _exams = context.ExamsByCode;
            _texts = _exams.Values.ToDictionary(e => e.Code, e => new ExamText(e, French.Name(e.GradingMode), FormatPoints(e.MaxPoints)), StringComparer.Ordinal);
            _hasComputed = HasComputedExam(_exams);
        }

        public IEnumerable<PlainObject> Build(IEnumerable<CandidateRecord> records)
        {
            foreach (var record in records) yield return Row(record);
        }

        PlainObject Row(CandidateRecord record)
        {
            var c = record.Candidate;
            var held = c.FraudSuspected;
            var grades = record.Grades;
            if (_gradeTexts.Length < grades.Count) _gradeTexts = new string[grades.Count];
            for (var i = 0; i < grades.Count; i++) _gradeTexts[i] = FormatGrade(grades[i].Value);

            var row = new PlainObject(_context.Pivoted ? 22 : 20)
                .Add("numero", c.Number)
                .Add("numero_inscription", c.RegistrationNumber)
                .Add("version", c.Version)
                .Add("inscription", c.RegistrationDisplay)
                .Add("nom", c.LastName)
                .Add("prenoms", c.FirstNames)
                .Add("date_naissance", c.BirthDate.ToDateTime(TimeOnly.MinValue))
                .Add("ine", c.Ine)
                .Add("etablissement_inscription", c.RegistrationSchoolUai)
                .Add("categorie", French.Name(c.Category))
                .Add("etat", French.Name(c.State))
                .Add("specialite", c.Speciality)
                .Add("groupe_decision", c.DecisionGroup)
                .Add("liste_rouge", c.RedList)
                .Add("presomption_fraude", c.FraudSuspected)
                .Add("session_remplacement", c.ReplacementSession)
                // A held result (présomption de fraude) is never shown as a result.
                .Add("resultat", held ? "Résultat réservé" : c.Result is { } r ? French.Name(r) : "")
                .Add("resultat_reserve", held)
                .Add("total", Total(record, _exams, _hasComputed) is { } t ? FormatPoints(t) : "")
                .Add("notes", Notes(grades));
            if (_context.Pivoted)
            {
                var cells = new PlainObject(_columns.Count);
                var list = new List<object?>(_columns.Count);
                foreach (var e in _columns)
                {
                    var text = "";
                    for (var i = 0; i < grades.Count; i++)
                        if (grades[i].ExamCode == e.Code) { text = _gradeTexts[i]; break; }
                    cells.Add(e.Code, text);
                    list.Add(text);
                }
                row.Add("cellules", cells).Add("cellules_liste", list);
            }
            return row;
        }

        /// <summary>The session's grades, in épreuve order then code (stable, as `OrderBy().ThenBy()`).</summary>
        List<object?> Notes(IReadOnlyList<Grade> grades)
        {
            _notes.Clear();
            for (var i = 0; i < grades.Count; i++)
                if (_texts.TryGetValue(grades[i].ExamCode, out var exam)) _notes.Add((grades[i], exam, _gradeTexts[i], i));
            _notes.Sort(static (a, b) =>
            {
                var order = a.Exam.Exam.Order.CompareTo(b.Exam.Exam.Order);
                if (order == 0) order = string.CompareOrdinal(a.Grade.ExamCode, b.Grade.ExamCode);
                return order != 0 ? order : a.Index.CompareTo(b.Index);
            });
            var notes = new List<object?>(_notes.Count);
            foreach (var (g, exam, text, _) in _notes)
                notes.Add(new PlainObject(8)
                    .Add("epreuve", exam.Exam.Code)
                    .Add("libelle", exam.Exam.Label)
                    .Add("mode", exam.Mode)
                    .Add("bareme", exam.MaxPoints)
                    .Add("position", French.Name(g.Position))
                    .Add("centre", g.CentreUai)
                    .Add("note", text)
                    .Add("valeur", g.Value.Points));
            return notes;
        }
    }

    static object? Plain(object? v) => v switch
    {
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        _ => v,
    };
}
