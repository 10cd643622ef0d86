using System.Globalization;

namespace CfgResults.Engine.Import;

/// <summary>One column of an interchange file (IMPORT-FORMAT.md).</summary>
internal sealed record ColumnSpec(string Name, bool Required);

/// <summary>
/// The contract of IMPORT-FORMAT.md in one place: file names, columns in their documented order
/// (the writer's order), and the canonical spelling of dates, date-times, decimals and booleans.
/// </summary>
internal static class InterchangeFormat
{
    public const string SessionFile = "session.csv";
    public const string SchoolsFile = "etablissements.csv";
    public const string ExamsFile = "epreuves.csv";
    public const string CandidatesFile = "candidats.csv";
    public const string GradesFile = "notes.csv";
    public const string WindowsFile = "fenetres.csv";

    /// <summary>Files in the order they are read and their errors are listed.</summary>
    public static readonly string[] Files = [SessionFile, SchoolsFile, ExamsFile, CandidatesFile, GradesFile, WindowsFile];

    public static readonly ColumnSpec[] SessionColumns =
        [new("code", true), new("domaine", true), new("libelle", true), new("intitule", true), new("academie", true)];

    public static readonly ColumnSpec[] SchoolColumns =
        [new("uai", true), new("type", true), new("nom", true), new("commune", true)];

    public static readonly ColumnSpec[] ExamColumns =
        [new("code", true), new("libelle", true), new("mode_notation", true), new("bareme", true), new("ordre", true), new("libelle_court", false)];

    public static readonly ColumnSpec[] CandidateColumns =
    [
        new("numero_candidat", true), new("numero_inscription", true), new("version", true), new("nom", true),
        new("prenoms", true), new("date_naissance", true), new("ine", false), new("uai_inscription", true),
        new("categorie", true), new("etat", true), new("specialite", false), new("groupe_decision", true),
        new("liste_rouge", true), new("presomption_fraude", true), new("session_remplacement", true), new("resultat", false),
    ];

    public static readonly ColumnSpec[] GradeColumns =
        [new("numero_candidat", true), new("epreuve", true), new("position", true), new("uai_centre", false), new("note", false)];

    public static readonly ColumnSpec[] WindowColumns =
        [new("service", true), new("groupe_decision", false), new("ouverture", true), new("fermeture", true)];

    public const string DateFormat = "dd/MM/yyyy";
    public const string DateTimeFormat = Domain.ParisTime.DateTimeFormat;
    public static readonly string[] DateFormats = [DateFormat, "yyyy-MM-dd"];
    public static readonly string[] DateTimeFormats = [DateTimeFormat, "yyyy-MM-dd'T'HH:mm"];

    public const string Absent = "AB";
    public const string Exempted = "DI";

    public static string FormatDate(DateOnly d) => d.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string FormatDateTime(DateTime d) => d.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Decimal comma, no trailing zeros: 12,5 / 200 / 0,25.</summary>
    public static string FormatDecimal(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture).Replace('.', ',');

    public static string FormatBool(bool b) => b ? "O" : "N";
}
