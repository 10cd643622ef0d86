using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Criteria;

/// <summary>How a criterion's values are written and compared.</summary>
public enum CriterionValueType
{
    /// <summary>One of a fixed list, compared on its canonical French spelling (`Inscrit`, `Calculée`).</summary>
    Enumeration,
    /// <summary>Oui / non: accepts O/N, oui/non, true/false.</summary>
    Boolean,
    /// <summary>A person's name: compared ignoring case and accents.</summary>
    Name,
    /// <summary>A date, written JJ/MM/AAAA (or AAAA-MM-JJ).</summary>
    Date,
    /// <summary>A UAI (7 digits and a letter).</summary>
    SchoolCode,
    /// <summary>An épreuve code.</summary>
    ExamCode,
    /// <summary>Any other code, compared exactly (groupe de décision, spécialité, numéro candidat, INE).</summary>
    Code,
}

/// <summary>Whether a field belongs to the candidate (table `candidates c`) or to one grade row (`grades g` joined to `exams e`).</summary>
public enum CriterionLevel { Candidate, Grade }

/// <summary>
/// A field of the criteria tree. <c>Name</c> is what definitions write (`field: etat`), Label what people read.
/// </summary>
public sealed record CriteriaField(
    string Name,
    string Label,
    string Group,
    CriterionValueType Type,
    CriterionLevel Level,
    IReadOnlyList<CriterionOperator> Operators,
    IReadOnlyList<string> AllowedValues)
{
    /// <summary>The SQL column (with its table alias) the field is stored in.</summary>
    internal string Column { get; init; } = "";

    /// <summary>The column may be NULL (no spécialité, no résultat yet…): `present` is meaningful.</summary>
    internal bool Nullable { get; init; }

    /// <summary>For codes: a full value must match this pattern, described by PatternHint.</summary>
    internal string? Pattern { get; init; }
    internal string? PatternHint { get; init; }

    /// <summary>Values are upper-cased before comparing (UAI, INE are stored upper-case).</summary>
    internal bool UpperCase { get; init; }

    /// <summary>Canonical spelling of an enumeration value, or null when the text is not one of them.</summary>
    internal Func<string, string?>? Canonical { get; init; }
}

/// <summary>A branch of the criteria tree, as shown to people (« Candidat », « Candidature », …).</summary>
public sealed record CriteriaGroup(string Label, IReadOnlyList<CriteriaField> Fields);

/// <summary>
/// The « arbre des critères »: every field a criterion can use, grouped as the UI shows them, with
/// its type, its allowed values and operators, and the column it is stored in. A definition or a
/// caller can only ever use these fields, and each compiles to parameterised SQL.
/// </summary>
public static class CriteriaCatalog
{
    const CriterionOperator EqualsOp = CriterionOperator.Equals;
    const CriterionOperator In = CriterionOperator.In;
    const CriterionOperator NotIn = CriterionOperator.NotIn;
    const CriterionOperator Between = CriterionOperator.Between;
    const CriterionOperator StartsWith = CriterionOperator.StartsWith;
    const CriterionOperator Present = CriterionOperator.Present;

    static readonly CriterionOperator[] ChoiceOps = [EqualsOp, In, NotIn];
    static readonly CriterionOperator[] BooleanOps = [EqualsOp];
    static readonly string[] BooleanValues = ["oui", "non"];

    public const string CandidateGroup = "Candidat";
    public const string CandidacyGroup = "Candidature";
    public const string ExamsGroup = "Épreuves";
    public const string ResultGroup = "Résultat";

    public static IReadOnlyList<CriteriaGroup> Groups { get; } =
    [
        new(CandidateGroup,
        [
            new("nom", "Nom de famille", CandidateGroup, CriterionValueType.Name, CriterionLevel.Candidate, [EqualsOp, In, StartsWith], [])
                { Column = "c.last_name" },
            new("prenoms", "Prénoms", CandidateGroup, CriterionValueType.Name, CriterionLevel.Candidate, [EqualsOp, StartsWith], [])
                { Column = "c.first_names" },
            new("date_naissance", "Date de naissance", CandidateGroup, CriterionValueType.Date, CriterionLevel.Candidate, [EqualsOp, Between], [])
                { Column = "c.birth_date" },
            new("numero_candidat", "Numéro candidat", CandidateGroup, CriterionValueType.Code, CriterionLevel.Candidate, [EqualsOp, In, StartsWith], [])
                { Column = "c.number", Pattern = "^[0-9]{11}$", PatternHint = "11 chiffres" },
            new("ine", "INE", CandidateGroup, CriterionValueType.Code, CriterionLevel.Candidate, [EqualsOp, In, Present], [])
                { Column = "c.ine", Nullable = true, UpperCase = true, PatternHint = "10 chiffres et une lettre, 9 chiffres et 2 lettres, ou 4 chiffres, A, 5 chiffres et une lettre",
                  Pattern = "^([0-9]{10}[A-Z]|[0-9]{9}[A-Z]{2}|[0-9]{4}A[0-9]{5}[A-Z])$" },
            new("liste_rouge", "Liste rouge", CandidateGroup, CriterionValueType.Boolean, CriterionLevel.Candidate, BooleanOps, BooleanValues)
                { Column = "c.red_list" },
        ]),
        new(CandidacyGroup,
        [
            new("etat", "État", CandidacyGroup, CriterionValueType.Enumeration, CriterionLevel.Candidate, ChoiceOps, French.Names<RegistrationState>())
                { Column = "c.state", Canonical = t => French.TryParse(t, out RegistrationState v) ? French.Name(v) : null },
            new("etablissement_inscription", "Établissement d'inscription", CandidacyGroup, CriterionValueType.SchoolCode, CriterionLevel.Candidate, ChoiceOps, [])
                { Column = "c.registration_school", UpperCase = true, Pattern = "^[0-9]{7}[A-Z]$", PatternHint = "un UAI, 7 chiffres et une lettre" },
            new("categorie", "Catégorie", CandidacyGroup, CriterionValueType.Enumeration, CriterionLevel.Candidate, ChoiceOps, French.Names<CandidateCategory>())
                { Column = "c.category", Canonical = t => French.TryParse(t, out CandidateCategory v) ? French.Name(v) : null },
            new("specialite", "Spécialité", CandidacyGroup, CriterionValueType.Code, CriterionLevel.Candidate, [EqualsOp, In, NotIn, Present], [])
                { Column = "c.speciality", Nullable = true },
            new("groupe_decision", "Groupe de décision", CandidacyGroup, CriterionValueType.Code, CriterionLevel.Candidate, ChoiceOps, [])
                { Column = "c.decision_group" },
            new("session_remplacement", "Session de remplacement", CandidacyGroup, CriterionValueType.Boolean, CriterionLevel.Candidate, BooleanOps, BooleanValues)
                { Column = "c.replacement_session" },
            new("presomption_fraude", "Présomption de fraude", CandidacyGroup, CriterionValueType.Boolean, CriterionLevel.Candidate, BooleanOps, BooleanValues)
                { Column = "c.fraud_suspected" },
        ]),
        new(ExamsGroup,
        [
            new("epreuve", "Épreuve", ExamsGroup, CriterionValueType.ExamCode, CriterionLevel.Grade, ChoiceOps, [])
                { Column = "g.exam_code" },
            new("mode_notation", "Mode de notation", ExamsGroup, CriterionValueType.Enumeration, CriterionLevel.Grade, ChoiceOps, French.Names<GradingMode>())
                { Column = "e.grading_mode", Canonical = t => French.TryParse(t, out GradingMode v) ? French.Name(v) : null },
            new("position_epreuve", "Position épreuve", ExamsGroup, CriterionValueType.Enumeration, CriterionLevel.Grade, ChoiceOps, French.Names<ExamPosition>())
                { Column = "g.position", Canonical = t => French.TryParse(t, out ExamPosition v) ? French.Name(v) : null },
            new("centre_epreuve", "Centre d'épreuve", ExamsGroup, CriterionValueType.SchoolCode, CriterionLevel.Grade, [EqualsOp, In, NotIn, Present], [])
                { Column = "g.centre_uai", Nullable = true, UpperCase = true, Pattern = "^[0-9]{7}[A-Z]$", PatternHint = "un UAI, 7 chiffres et une lettre" },
        ]),
        new(ResultGroup,
        [
            // present: false selects candidates not deliberated yet.
            new("resultat", "Résultat", ResultGroup, CriterionValueType.Enumeration, CriterionLevel.Candidate, [EqualsOp, In, NotIn, Present], French.Names<Result>())
                { Column = "c.result", Nullable = true, Canonical = t => French.TryParse(t, out Result v) ? French.Name(v) : null },
        ]),
    ];

    static readonly Dictionary<string, CriteriaField> ByName =
        Groups.SelectMany(g => g.Fields).ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<CriteriaField> Fields => ByName.Values;

    public static IReadOnlyCollection<string> FieldNames => ByName.Keys;

    public static bool TryGet(string name, out CriteriaField field) => ByName.TryGetValue(name, out field!);

    static readonly (CriterionOperator Op, string Name)[] OperatorNames =
    [
        (EqualsOp, "equals"), (In, "in"), (NotIn, "not_in"), (Between, "between"), (StartsWith, "starts_with"), (Present, "present"),
    ];

    /// <summary>The names written in definitions: equals, in, not_in, between, starts_with, present.</summary>
    public static IReadOnlyList<string> OperatorKeys { get; } = OperatorNames.Select(o => o.Name).ToArray();

    public static string OperatorName(CriterionOperator op) => OperatorNames.First(o => o.Op == op).Name;

    public static bool TryParseOperator(string name, out CriterionOperator op)
    {
        foreach (var (o, n) in OperatorNames)
            if (n == name) { op = o; return true; }
        op = default;
        return false;
    }
}
