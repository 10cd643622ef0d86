namespace CfgResults.Engine.Domain;

/// <summary>One exam session, e.g. CFG « JUIN 2026 » (session.csv).</summary>
public sealed record SessionInfo(
    string Code,      // CFG-2026-06
    string Domain,    // CFG
    string Label,     // JUIN 2026
    string Title,     // CERTIFICAT DE FORMATION GÉNÉRALE
    string Academy);  // VERSAILLES

/// <summary>A school (établissement), which may also be an exam centre (etablissements.csv).</summary>
public sealed record School(string Uai, string Type, string Name, string Town)
{
    /// <summary>`CLG FRANCO ALLEMAND – BUC (0783546F)`</summary>
    public string DisplayWithUai => $"{Type} {Name} – {Town} ({Uai})";

    /// <summary>`CLG FRANCO ALLEMAND - BUC`</summary>
    public string DisplayName => $"{Type} {Name} - {Town}";
}

/// <summary>An épreuve (epreuves.csv). MaxPoints is the barème; ShortLabel (optional) heads a spreadsheet column.</summary>
public sealed record Exam(string Code, string Label, GradingMode GradingMode, decimal MaxPoints, int Order, string? ShortLabel = null);

/// <summary>A candidate and their candidacy in the session (candidats.csv).</summary>
public sealed record Candidate(
    string Number,              // numéro candidat, 11 digits
    string RegistrationNumber,  // numéro d'inscription, 3 digits
    string Version,             // 2 digits
    string LastName,
    string FirstNames,
    DateOnly BirthDate,
    string? Ine,
    string RegistrationSchoolUai,
    CandidateCategory Category,
    RegistrationState State,
    string? Speciality,
    string DecisionGroup,
    bool RedList,
    bool FraudSuspected,
    bool ReplacementSession,
    Result? Result)
{
    /// <summary>`001 Version 03`</summary>
    public string RegistrationDisplay => $"{RegistrationNumber} Version {Version}";
}

/// <summary>One row of notes.csv: a candidate's grade in one épreuve.</summary>
public sealed record Grade(string CandidateNumber, string ExamCode, ExamPosition Position, string? CentreUai, GradeValue Value)
{
    /// <summary>IMPORT-FORMAT.md: sat in a centre = position Inscrit and a numeric note there.</summary>
    public bool SatIn(string centreUai) =>
        Position == ExamPosition.Registered && Value.Kind == GradeKind.Points && CentreUai == centreUai;
}

/// <summary>A grade's value: points, AB, DI, or not entered yet.</summary>
public readonly record struct GradeValue(GradeKind Kind, decimal? Points)
{
    public static readonly GradeValue NotEntered = new(GradeKind.NotEntered, null);
    public static readonly GradeValue Absent = new(GradeKind.Absent, null);
    public static readonly GradeValue Exempted = new(GradeKind.Exempted, null);
    public static GradeValue Of(decimal points) => new(GradeKind.Points, points);
}

/// <summary>A dated period in which a service is open, Europe/Paris local time, [Opens, Closes).</summary>
public sealed record ServiceWindow(ServiceKind Service, string? DecisionGroup, DateTime Opens, DateTime Closes);

/// <summary>A whole session as exchanged with the upstream exam system (one folder of CSV files).</summary>
public sealed record SessionData(
    SessionInfo Session,
    IReadOnlyList<School> Schools,
    IReadOnlyList<Exam> Exams,
    IReadOnlyList<Candidate> Candidates,
    IReadOnlyList<Grade> Grades,
    IReadOnlyList<ServiceWindow> Windows);

/// <summary>
/// A session's rows as they are read from the store, for writing them out without holding them all: candidates
/// and grades come in key order (ordinal: number; candidate number then épreuve code) and can be walked once.
/// </summary>
public sealed record SessionRows(
    SessionInfo Session,
    IReadOnlyList<School> Schools,
    IReadOnlyList<Exam> Exams,
    IEnumerable<Candidate> CandidatesInOrder,
    IEnumerable<Grade> GradesInOrder,
    IReadOnlyList<ServiceWindow> Windows);
