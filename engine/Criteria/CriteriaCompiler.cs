using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CfgResults.Engine.Data.Queries;
using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Criteria;

/// <summary>A WHERE fragment and its parameters (`@p0`, `@p1`…). Values only ever travel as parameters.</summary>
public sealed record SqlFilter(string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters);

/// <summary>
/// Effective criteria → parameterised SQL over the schema of Data/Migrations (aliases `c` candidates,
/// `g` grades, `e` exams). The same SQL runs on SQLite and PostgreSQL: booleans compare to 0/1,
/// dates to 'yyyy-MM-dd' text, enumerations to their canonical French spelling, names through a
/// case- and accent-folding expression written with REPLACE and UPPER only (SQLite's UPPER folds
/// ASCII letters only, so accents are removed before it).
/// </summary>
public static partial class CriteriaCompiler
{
    /// <summary>
    /// Filter on `candidates c`. Grade-level criteria become one EXISTS over the candidate's grades,
    /// so they must all hold on the same grade row: `centre_epreuve = X` and `position_epreuve = Inscrit`
    /// select the candidates who sat (registered) an épreuve in centre X.
    /// </summary>
    public static SqlFilter CompileCandidateFilter(IReadOnlyList<EffectiveCriterion> criteria, string parameterPrefix = "p")
    {
        var builder = new Builder(parameterPrefix);
        var parts = criteria.Where(c => c.Field.Level == CriterionLevel.Candidate).Select(builder.Condition).ToList();
        var gradeLevel = criteria.Where(c => c.Field.Level == CriterionLevel.Grade).ToList();
        if (gradeLevel.Count > 0)
            parts.Add(CandidateQueries.AnyGrade(string.Join(" AND ", gradeLevel.Select(builder.Condition))));
        return builder.Filter(parts);
    }

    /// <summary>
    /// Filter on grade rows only (candidate-level criteria are ignored: apply CompileCandidateFilter for them),
    /// for a query that joins `grades g` and `exams e ON e.session_id = g.session_id AND e.code = g.exam_code`.
    /// Give it another parameterPrefix than the candidate filter of the same query.
    /// </summary>
    public static SqlFilter CompileGradeFilter(IReadOnlyList<EffectiveCriterion> criteria, string parameterPrefix = "gp")
    {
        var builder = new Builder(parameterPrefix);
        return builder.Filter(criteria.Where(c => c.Field.Level == CriterionLevel.Grade).Select(builder.Condition).ToList());
    }

    /// <summary>The value a name is compared on, computed the same way as <see cref="FoldSql"/>.</summary>
    public static string FoldName(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Trim().Normalize(NormalizationForm.FormC))
        {
            var mapped = Unaccented(ch);
            if (mapped is null) sb.Append(ch);
            else sb.Append(mapped);
        }
        return sb.ToString().ToUpperInvariant();
    }

    [GeneratedRegex("^[a-z]{1,8}$")]
    private static partial Regex PrefixPattern();

    // Letters of French names (and ñ): lower and upper case, each with the letters it folds to.
    static readonly (char Letter, string Base)[] Accents =
    [
        ('à', "a"), ('â', "a"), ('ä', "a"), ('À', "A"), ('Â', "A"), ('Ä', "A"),
        ('ç', "c"), ('Ç', "C"),
        ('é', "e"), ('è', "e"), ('ê', "e"), ('ë', "e"), ('É', "E"), ('È', "E"), ('Ê', "E"), ('Ë', "E"),
        ('î', "i"), ('ï', "i"), ('Î', "I"), ('Ï', "I"),
        ('ñ', "n"), ('Ñ', "N"),
        ('ô', "o"), ('ö', "o"), ('Ô', "O"), ('Ö', "O"),
        ('ù', "u"), ('û', "u"), ('ü', "u"), ('Ù', "U"), ('Û', "U"), ('Ü', "U"),
        ('ÿ', "y"), ('Ÿ', "Y"),
        ('æ', "ae"), ('Æ', "AE"), ('œ', "oe"), ('Œ', "OE"),
    ];

    static string? Unaccented(char ch)
    {
        foreach (var (letter, b) in Accents)
            if (letter == ch) return b;
        return null;
    }

    /// <summary>`UPPER(REPLACE(REPLACE(col, 'à', 'a'), …))`: only constants of this table enter the SQL text.</summary>
    internal static string FoldSql(string column)
    {
        var sql = column;
        foreach (var (letter, b) in Accents)
            sql = $"REPLACE({sql}, '{letter}', '{b}')";
        return $"UPPER({sql})";
    }

    sealed class Builder
    {
        readonly string prefix;
        readonly List<KeyValuePair<string, object>> parameters = [];

        public Builder(string parameterPrefix)
        {
            // The prefix is written into the SQL text: it comes from code, but is checked all the same.
            if (!PrefixPattern().IsMatch(parameterPrefix))
                throw new ArgumentException("parameter prefix must be 1 to 8 lower-case letters", nameof(parameterPrefix));
            prefix = parameterPrefix;
        }

        public SqlFilter Filter(List<string> parts) =>
            new(parts.Count == 0 ? "1 = 1" : string.Join(" AND ", parts.Select(p => "(" + p + ")")), parameters);

        public string Condition(EffectiveCriterion criterion)
        {
            var field = criterion.Field;
            var column = field.Type == CriterionValueType.Name ? FoldSql(field.Column) : field.Column;
            var values = criterion.Values;
            switch (criterion.Operator)
            {
                case CriterionOperator.Equals:
                    return $"{column} = {Add(field, values[0])}";
                case CriterionOperator.In:
                    return $"{column} IN ({string.Join(", ", values.Select(v => Add(field, v)))})";
                case CriterionOperator.NotIn:
                    // "not Admis" includes the candidates with no result yet: NULL would otherwise drop them silently.
                    var notIn = $"{column} NOT IN ({string.Join(", ", values.Select(v => Add(field, v)))})";
                    return field.Nullable ? $"{field.Column} IS NULL OR {notIn}" : notIn;
                case CriterionOperator.Between:
                    return $"{column} BETWEEN {Add(field, values[0])} AND {Add(field, values[1])}";
                case CriterionOperator.StartsWith:
                    // The wildcard is added to the value, not to the SQL; LIKE's own wildcards in the value are escaped.
                    var text = (string)Value(field, values[0]);
                    return $"{column} LIKE {AddRaw(EscapeLike(text) + "%")} ESCAPE '\\'";
                case CriterionOperator.Present:
                    return (bool)values[0] ? $"{field.Column} IS NOT NULL" : $"{field.Column} IS NULL";
                default:
                    throw new ArgumentOutOfRangeException(nameof(criterion), criterion.Operator, null);
            }
        }

        string Add(CriteriaField field, object value) => AddRaw(Value(field, value));

        string AddRaw(object value)
        {
            var name = "@" + prefix + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add(new(name, value));
            return name;
        }

        static object Value(CriteriaField field, object value) => value switch
        {
            bool b => b ? 1 : 0,
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            string s when field.Type == CriterionValueType.Name => FoldName(s),
            string s => s,
            _ => throw new ArgumentException($"unexpected value type {value.GetType().Name}", nameof(value)),
        };

        static string EscapeLike(string text) =>
            text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
    }
}
