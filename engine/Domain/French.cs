using System.Globalization;
using System.Text;

namespace CfgResults.Engine.Domain;

/// <summary>
/// The one place where enumerations meet their French spelling: the canonical spelling written in
/// the interchange files and the store, and the lenient match of IMPORT-FORMAT.md (case and accents ignored).
/// </summary>
public static class French
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    static readonly (GradingMode, string)[] GradingModes = [(GradingMode.Entered, "Saisie"), (GradingMode.Computed, "Calculée"), (GradingMode.NotGraded, "Non notée")];
    static readonly (ExamPosition, string)[] Positions = [(ExamPosition.Registered, "Inscrit"), (ExamPosition.Benefit, "Bénéfice"), (ExamPosition.Exempted, "Dispensé")];
    static readonly (RegistrationState, string)[] States = [(RegistrationState.Registered, "Inscrit"), (RegistrationState.Cancelled, "Annulé")];
    static readonly (CandidateCategory, string)[] Categories = [(CandidateCategory.SchoolPupil, "scolaire"), (CandidateCategory.Individual, "individuel")];
    static readonly (Result, string)[] Results = [(Result.Admitted, "Admis"), (Result.Refused, "Refusé"), (Result.Absent, "Absent")];
    static readonly (ServiceKind, string)[] Services = [(ServiceKind.GradeExtraction, "extraction_notes"), (ServiceKind.SchoolPublication, "publication_etablissement"), (ServiceKind.CandidatePublication, "publication_candidat")];

    public static string Name(GradingMode v) => Lookup(GradingModes, v);
    public static string Name(ExamPosition v) => Lookup(Positions, v);
    public static string Name(RegistrationState v) => Lookup(States, v);
    public static string Name(CandidateCategory v) => Lookup(Categories, v);
    public static string Name(Result v) => Lookup(Results, v);
    public static string Name(ServiceKind v) => Lookup(Services, v);

    public static bool TryParse(string text, out GradingMode v) => TryMatch(GradingModes, text, out v);
    public static bool TryParse(string text, out ExamPosition v) => TryMatch(Positions, text, out v);
    public static bool TryParse(string text, out RegistrationState v) => TryMatch(States, text, out v);
    public static bool TryParse(string text, out CandidateCategory v) => TryMatch(Categories, text, out v);
    public static bool TryParse(string text, out Result v) => TryMatch(Results, text, out v);
    public static bool TryParse(string text, out ServiceKind v) => TryMatch(Services, text, out v);

    /// <summary>Canonical spellings, for messages ("expected: Saisie, Calculée, Non notée").</summary>
    public static IReadOnlyList<string> Names<T>() where T : struct, Enum => typeof(T).Name switch
    {
        nameof(GradingMode) => GradingModes.Select(p => p.Item2).ToArray(),
        nameof(ExamPosition) => Positions.Select(p => p.Item2).ToArray(),
        nameof(RegistrationState) => States.Select(p => p.Item2).ToArray(),
        nameof(CandidateCategory) => Categories.Select(p => p.Item2).ToArray(),
        nameof(Result) => Results.Select(p => p.Item2).ToArray(),
        nameof(ServiceKind) => Services.Select(p => p.Item2).ToArray(),
        _ => throw new ArgumentException(typeof(T).Name),
    };

    /// <summary>Case- and accent-insensitive key: « Refusé » and « REFUSE » give the same key.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>French collation: accents ignored at first level (ÉMILE sorts with EMILE).</summary>
    public static readonly StringComparer Collation = StringComparer.Create(Culture, CompareOptions.IgnoreCase);

    /// <summary>First level only: letters, without accents or case (ÉMILE = EMILE = émile).</summary>
    public static readonly StringComparer PrimaryCollation = StringComparer.Create(Culture, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace);

    /// <summary>
    /// Compares keys (nom, prénoms…) the French way: all keys at the first level before accents and case
    /// break ties, so that « EMILE Zoé » comes after « ÉMILE Anna ».
    /// </summary>
    public static int CompareKeys(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (var i = 0; i < a.Count; i++)
        {
            var r = PrimaryCollation.Compare(a[i], b[i]);
            if (r != 0) return r;
        }
        for (var i = 0; i < a.Count; i++)
        {
            var r = Collation.Compare(a[i], b[i]);
            if (r != 0) return r;
        }
        return 0;
    }

    static string Lookup<T>((T, string)[] table, T value) where T : struct, Enum
    {
        foreach (var (k, name) in table) if (k.Equals(value)) return name;
        throw new ArgumentOutOfRangeException(nameof(value), value, null);
    }

    static bool TryMatch<T>((T, string)[] table, string text, out T value) where T : struct, Enum
    {
        var key = Fold(text);
        foreach (var (k, name) in table)
            if (Fold(name) == key) { value = k; return true; }
        value = default;
        return false;
    }
}
