using CfgResults.Engine.Domain;
using CfgResults.Engine.Identifiers;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>
/// A small hand-made session for cases that need exact control: the memo's school (BUC), a second school
/// (VERSAILLES), four épreuves of every grading mode, windows open around <see cref="EngineFixture.DefaultNow"/>.
/// Candidates are added with <see cref="Add"/>; each gets a numéro candidat in order.
/// </summary>
internal sealed class TinySession
{
    public static readonly School Buc = new("0783546F", "CLG", "FRANCO ALLEMAND", "BUC");
    public static readonly School Versailles = new(Uai.Complete("0781234"), "CLG", "JEAN MOULIN", "VERSAILLES");

    public static readonly SessionInfo Info = new("CFG-2026-06", "CFG", "JUIN 2026", "CERTIFICAT DE FORMATION GÉNÉRALE", "VERSAILLES");

    /// <summary>Épreuve order differs from code order on purpose: columns follow `ordre`.</summary>
    public static readonly IReadOnlyList<Exam> Exams =
    [
        new("ORAL", "Épreuve orale", GradingMode.Entered, 160, 3),
        new("ECRIT-FR", "Épreuve écrite de français", GradingMode.Entered, 120, 1),
        new("SPORT", "Participation sportive", GradingMode.NotGraded, 20, 2),
        new("ECRIT-MATH", "Épreuve écrite de mathématiques", GradingMode.Entered, 120, 4),
        new("TOTAL", "Total des points", GradingMode.Computed, 400, 5),
    ];

    readonly List<Candidate> _candidates = [];
    readonly List<Grade> _grades = [];
    int _serial;

    public List<ServiceWindow> Windows { get; } = OpenWindows(EngineFixture.DefaultNow);

    public static List<ServiceWindow> OpenWindows(DateTimeOffset now)
    {
        var local = ParisTime.ToLocal(now).Date;
        return [.. new[] { ServiceKind.GradeExtraction, ServiceKind.SchoolPublication, ServiceKind.CandidatePublication }
            .Select(k => new ServiceWindow(k, null, local.AddDays(-7).AddHours(8), local.AddDays(30).AddHours(18)))];
    }

    /// <summary>
    /// A candidate of <paramref name="school"/> (BUC by default), group CFG-78, Inscrit, Admis, with the given
    /// grades (exam code → value, position Inscrit in the candidate's school unless <paramref name="grades"/>
    /// is given as full rows through <paramref name="rows"/>).
    /// </summary>
    public Candidate Add(string lastName, string firstNames, Func<Candidate, Candidate>? tweak = null,
        School? school = null, (string Exam, GradeValue Value)[]? grades = null, Func<string, Grade[]>? rows = null)
    {
        var number = $"0782600{++_serial:0000}";
        var s = school ?? Buc;
        var c = new Candidate(number, "001", "03", lastName, firstNames, new DateOnly(2010, 3, 7), Ine.CompleteBea($"12345{_serial:00000}"),
            s.Uai, CandidateCategory.SchoolPupil, RegistrationState.Registered, null, "CFG-78", false, false, false, Result.Admitted);
        if (tweak is not null) c = tweak(c);
        _candidates.Add(c);
        if (rows is not null) _grades.AddRange(rows(c.Number));
        else
            foreach (var (exam, value) in grades ?? DefaultGrades)
                _grades.Add(new Grade(c.Number, exam, ExamPosition.Registered, exam == "TOTAL" ? null : s.Uai, value));
        return c;
    }

    public static readonly (string, GradeValue)[] DefaultGrades =
    [
        ("ECRIT-FR", GradeValue.Of(80)), ("SPORT", GradeValue.Of(15)), ("ORAL", GradeValue.Of(100)), ("ECRIT-MATH", GradeValue.Of(60)),
        ("TOTAL", GradeValue.Of(240)),
    ];

    public SessionData Build() => new(Info, [Buc, Versailles], Exams, _candidates.ToList(), _grades.ToList(), Windows.ToList());
}
