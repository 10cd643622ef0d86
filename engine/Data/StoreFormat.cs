using System.Globalization;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Data;

/// <summary>
/// How domain values are written in the store, per the conventions in the header of
/// Migrations/*/001_initial.sql. Kept in one place so that both dialects read and write the same text.
/// </summary>
internal static class StoreFormat
{
    const string DateFormat = "yyyy-MM-dd";
    const string LocalDateTimeFormat = "yyyy-MM-ddTHH:mm";
    const string InstantFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Window bounds are stored to the minute; a bound with seconds is refused rather than silently moved,
    /// because a window that opens 59 s earlier than set is a wrong window.
    /// </summary>
    public static string LocalDateTime(DateTime value)
    {
        if (value.Ticks % TimeSpan.TicksPerMinute != 0)
            throw new ArgumentException($"Une date de fenêtre se donne à la minute près : {value:O}.", nameof(value));
        return value.ToString(LocalDateTimeFormat, CultureInfo.InvariantCulture);
    }

    /// <summary>Europe/Paris wall-clock time, hence Kind = Unspecified.</summary>
    public static DateTime ParseLocalDateTime(string text) =>
        DateTime.SpecifyKind(DateTime.ParseExact(text, LocalDateTimeFormat, CultureInfo.InvariantCulture), DateTimeKind.Unspecified);

    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseInstant(string text) =>
        DateTimeOffset.ParseExact(text, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>12.5 points → 1250. More than two decimals cannot be stored exactly, so it is refused.</summary>
    public static int Centi(decimal points)
    {
        var centi = points * 100m;
        if (centi != decimal.Truncate(centi))
            throw new ArgumentException($"Une note se donne au centième près : {points.ToString(CultureInfo.InvariantCulture)}.", nameof(points));
        return checked((int)centi);
    }

    public static decimal Points(long centi) => centi / 100m;

    public static int Bool(bool value) => value ? 1 : 0;

    /// <param name="column">table.column, for the message.</param>
    public static bool ParseBool(long value, string column) => value switch
    {
        0 => false,
        1 => true,
        _ => throw new FormatException($"Booléen invalide en base dans {column} : {value} (attendu : 0 ou 1)."),
    };

    // The store holds only canonical spellings (written by French.Name), so reading is an exact lookup:
    // French.TryParse's lenient match folds accents for every row, which costs seconds on a million grades.
    static readonly Dictionary<string, GradingMode> GradingModes = Canonical<GradingMode>(t => French.TryParse(t, out GradingMode v) ? v : null);
    static readonly Dictionary<string, ExamPosition> Positions = Canonical<ExamPosition>(t => French.TryParse(t, out ExamPosition v) ? v : null);
    static readonly Dictionary<string, RegistrationState> States = Canonical<RegistrationState>(t => French.TryParse(t, out RegistrationState v) ? v : null);
    static readonly Dictionary<string, CandidateCategory> Categories = Canonical<CandidateCategory>(t => French.TryParse(t, out CandidateCategory v) ? v : null);
    static readonly Dictionary<string, Result> Results = Canonical<Result>(t => French.TryParse(t, out Result v) ? v : null);
    static readonly Dictionary<string, ServiceKind> Services = Canonical<ServiceKind>(t => French.TryParse(t, out ServiceKind v) ? v : null);

    public static GradingMode ParseGradingMode(string text) => Parse(GradingModes, text, "exams.grading_mode");
    public static ExamPosition ParsePosition(string text) => Parse(Positions, text, "grades.position");
    public static RegistrationState ParseState(string text) => Parse(States, text, "candidates.state");
    public static CandidateCategory ParseCategory(string text) => Parse(Categories, text, "candidates.category");
    public static Result ParseResult(string text) => Parse(Results, text, "candidates.result");
    public static ServiceKind ParseService(string text) => Parse(Services, text, "service_windows.service");

    static Dictionary<string, T> Canonical<T>(Func<string, T?> parse) where T : struct, Enum =>
        French.Names<T>().ToDictionary(name => name, name => parse(name) ?? throw new InvalidOperationException(name), StringComparer.Ordinal);

    /// <param name="column">table.column, for the message: an unknown value is an error naming where it was found.</param>
    static T Parse<T>(Dictionary<string, T> canonical, string text, string column) where T : struct, Enum =>
        canonical.TryGetValue(text, out var value)
            ? value
            : throw new FormatException($"Valeur « {text} » invalide en base dans {column} (attendu : {string.Join(", ", French.Names<T>())}).");

    /// <summary>grades.note_kind holds the GradeKind name (not a French spelling): see the schema header.</summary>
    public static string NoteKind(GradeKind kind) => kind switch
    {
        GradeKind.NotEntered or GradeKind.Points or GradeKind.Absent or GradeKind.Exempted => kind.ToString(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static GradeKind ParseNoteKind(string text) => text switch
    {
        nameof(GradeKind.NotEntered) => GradeKind.NotEntered,
        nameof(GradeKind.Points) => GradeKind.Points,
        nameof(GradeKind.Absent) => GradeKind.Absent,
        nameof(GradeKind.Exempted) => GradeKind.Exempted,
        _ => throw new FormatException($"Type de note invalide en base dans grades.note_kind : « {text} » (attendu : {string.Join(", ", Enum.GetNames<GradeKind>())})."),
    };

    /// <summary>Points are stored only for a numeric note; any other kind carries none.</summary>
    public static int? GradePoints(GradeValue value) => value.Kind switch
    {
        GradeKind.Points when value.Points is { } p => Centi(p),
        GradeKind.Points => throw new ArgumentException("Une note numérique sans valeur ne peut être enregistrée.", nameof(value)),
        _ when value.Points is not null => throw new ArgumentException($"Une note {value.Kind} ne porte pas de points.", nameof(value)),
        _ => null,
    };

    public static GradeValue ParseGradeValue(string noteKind, long? centi)
    {
        var kind = ParseNoteKind(noteKind);
        return kind == GradeKind.Points
            ? GradeValue.Of(Points(centi ?? throw new FormatException("Note numérique sans points en base (grades.points_centi vide).")))
            : new GradeValue(kind, null);
    }
}
