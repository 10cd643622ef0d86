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
                ? TemplateRows.Stream(StreamedRows(data.Columns, context, data.Candidates), "candidats")
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
    /// One candidate as the template sees it (a PDF, a transcript): the same builder as a CSV's streamed rows
    /// (<see cref="CandidateRows{TRow}"/>), into plain dictionaries.
    /// </summary>
    public static Dictionary<string, object?> CandidateModel(CandidateRecord record, IReadOnlyList<Exam> columns, RunContext context) =>
        new CandidateRows<Dictionary<string, object?>>(columns, context, DictionaryRow.Create, DictionaryRow.Add).Row(record);

    /// <summary>A CSV's candidates, streamed as plain template objects.</summary>
    static IEnumerable<PlainObject> StreamedRows(IReadOnlyList<Exam> columns, RunContext context, IEnumerable<CandidateRecord> records)
    {
        var rows = new CandidateRows<PlainObject>(columns, context, n => new PlainObject(n), (row, key, value) => row.Add(key, value));
        foreach (var record in records) yield return rows.Row(record);
    }

    static class DictionaryRow
    {
        public static Dictionary<string, object?> Create(int capacity) => new(capacity, StringComparer.Ordinal);

        public static Dictionary<string, object?> Add(Dictionary<string, object?> row, string key, object? value)
        {
            row.Add(key, value);
            return row;
        }
    }

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
    /// The one builder of a candidate as templates see it, one row at a time, into <typeparamref name="TRow"/> (plain
    /// dictionaries for a PDF or a transcript, <see cref="PlainObject"/> streamed for a CSV): what is the same on every
    /// row (an épreuve's libellé, mode and barème text, whether the session has a computed épreuve) is worked out once,
    /// and each grade is formatted once for both `notes` and `cellules`.
    /// </summary>
    sealed class CandidateRows<TRow>
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

        readonly Func<int, TRow> _create;
        readonly Func<TRow, string, object?, TRow> _add;

        public CandidateRows(IReadOnlyList<Exam> columns, RunContext context, Func<int, TRow> create, Func<TRow, string, object?, TRow> add)
        {
            _create = create;
            _add = add;
            _columns = columns;
            _context = context;
            _exams = context.ExamsByCode;
            _texts = _exams.Values.ToDictionary(e => e.Code, e => new ExamText(e, French.Name(e.GradingMode), FormatPoints(e.MaxPoints)), StringComparer.Ordinal);
            _hasComputed = HasComputedExam(_exams);
        }

        public TRow Row(CandidateRecord record)
        {
            var c = record.Candidate;
            var held = c.FraudSuspected;
            var grades = record.Grades;
            if (_gradeTexts.Length < grades.Count) _gradeTexts = new string[grades.Count];
            for (var i = 0; i < grades.Count; i++) _gradeTexts[i] = FormatGrade(grades[i].Value);

            var row = _create(_context.Pivoted ? 22 : 20);
            row = _add(row, "numero", c.Number);
            row = _add(row, "numero_inscription", c.RegistrationNumber);
            row = _add(row, "version", c.Version);
            row = _add(row, "inscription", c.RegistrationDisplay);
            row = _add(row, "nom", c.LastName);
            row = _add(row, "prenoms", c.FirstNames);
            row = _add(row, "date_naissance", c.BirthDate.ToDateTime(TimeOnly.MinValue));
            row = _add(row, "ine", c.Ine);
            row = _add(row, "etablissement_inscription", c.RegistrationSchoolUai);
            row = _add(row, "categorie", French.Name(c.Category));
            row = _add(row, "etat", French.Name(c.State));
            row = _add(row, "specialite", c.Speciality);
            row = _add(row, "groupe_decision", c.DecisionGroup);
            row = _add(row, "liste_rouge", c.RedList);
            row = _add(row, "presomption_fraude", c.FraudSuspected);
            row = _add(row, "session_remplacement", c.ReplacementSession);
            // A held result (présomption de fraude) is never shown as a result.
            row = _add(row, "resultat", held ? "Résultat réservé" : c.Result is { } r ? French.Name(r) : "");
            row = _add(row, "resultat_reserve", held);
            row = _add(row, "total", Total(record, _exams, _hasComputed) is { } t ? FormatPoints(t) : "");
            row = _add(row, "notes", Notes(grades));
            if (_context.Pivoted)
            {
                var cells = _create(_columns.Count);
                var list = new List<object?>(_columns.Count);
                foreach (var e in _columns)
                {
                    var text = "";
                    for (var i = 0; i < grades.Count; i++)
                        if (grades[i].ExamCode == e.Code) { text = _gradeTexts[i]; break; }
                    cells = _add(cells, e.Code, text);
                    list.Add(text);
                }
                row = _add(_add(row, "cellules", cells), "cellules_liste", list);
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
            {
                var note = _create(8);
                note = _add(note, "epreuve", exam.Exam.Code);
                note = _add(note, "libelle", exam.Exam.Label);
                note = _add(note, "mode", exam.Mode);
                note = _add(note, "bareme", exam.MaxPoints);
                note = _add(note, "position", French.Name(g.Position));
                note = _add(note, "centre", g.CentreUai);
                note = _add(note, "note", text);
                note = _add(note, "valeur", g.Value.Points);
                notes.Add(note);
            }
            return notes;
        }
    }

    static object? Plain(object? v) => v switch
    {
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        _ => v,
    };
}
