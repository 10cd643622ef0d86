using CfgResults.Engine.Criteria;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>
/// The candidates the criteria select, with all their grades (results list, transcripts).
/// `public: true` marks an output that others than the school may see.
/// </summary>
[StepKind("select.candidates")]
[Loading.CriteriaLevels(CriterionLevel.Candidate)]
public sealed class SelectCandidates : StepKind<SelectCandidates.Options>
{
    public sealed record Options(bool Public = false);

    protected override async Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        var query = new Selection.Query(CriteriaCompiler.CompileCandidateFilter(CandidateLevel(context), "cp"),
            new SqlFilter("1 = 1", []), Selection.Scope.RegisteredStudents, options.Public || context.PublicOutput);
        context.Data = new Dataset { Candidates = await Selection.LoadAsync(context, query, ct), Columns = context.Session.Exams.OrderBy(e => e.Order).ToList() };
        context.RowCount = context.Data.Candidates.Count;
    }

    internal static IReadOnlyList<EffectiveCriterion> CandidateLevel(RunContext context) =>
        context.Criteria.Where(c => c.Field.Level != CriterionLevel.Grade).ToList();

    internal static IReadOnlyList<EffectiveCriterion> GradeLevel(RunContext context) =>
        context.Criteria.Where(c => c.Field.Level == CriterionLevel.Grade).ToList();

}

/// <summary>
/// Grades for an extraction: the candidates the criteria select who have at least one grade passing the
/// grade-level criteria (mode de notation, position, centre, épreuve); only those grades are kept, and
/// the columns are the épreuves whose mode passes the criteria, in épreuve order.
/// </summary>
[StepKind("select.grades")]
[Loading.CriteriaLevels(CriterionLevel.Candidate, CriterionLevel.Grade)]
public sealed class SelectGrades : StepKind<SelectGrades.Options>
{
    public sealed record Options(bool Public = false);

    protected override async Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        var gradeCriteria = SelectCandidates.GradeLevel(context);
        var all = context.Criteria.ToList();
        var query = new Selection.Query(CriteriaCompiler.CompileCandidateFilter(all, "cp"), CriteriaCompiler.CompileGradeFilter(gradeCriteria, "gp"),
            Selection.Scope.RegisteredStudents, options.Public || context.PublicOutput);
        var modes = gradeCriteria.Where(c => c.Field.Name == "mode_notation").ToList();
        var columns = context.Session.Exams
            .Where(e => modes.All(m => CriterionMatches(m, French.Name(e.GradingMode))))
            .Where(e => gradeCriteria.Where(c => c.Field.Name == "epreuve").All(m => CriterionMatches(m, e.Code)))
            .OrderBy(e => e.Order).ThenBy(e => e.Code, StringComparer.Ordinal).ToList();
        context.Data = new Dataset { Candidates = await Selection.LoadAsync(context, query, ct), Columns = columns };
        context.RowCount = context.Data.Candidates.Count;
    }

    /// <summary>In-memory check of an enumeration criterion against one canonical value (for columns).</summary>
    internal static bool CriterionMatches(EffectiveCriterion c, string value)
    {
        bool In() => c.Values.Any(v => v is string s && French.Fold(s) == French.Fold(value));
        return c.Operator switch
        {
            Definitions.CriterionOperator.Equals or Definitions.CriterionOperator.In => In(),
            Definitions.CriterionOperator.NotIn => !In(),
            Definitions.CriterionOperator.StartsWith => c.Values.Any(v => v is string s && French.Fold(value).StartsWith(French.Fold(s), StringComparison.Ordinal)),
            _ => true,
        };
    }
}

/// <summary>
/// The candidates who sat at least one épreuve in the caller's exam centre (position Inscrit and a
/// numeric note there, IMPORT-FORMAT.md). Always a public output: red-listed and fraud-held candidates
/// are removed in code.
/// </summary>
[StepKind("select.sat-in-centre")]
[Loading.PublicOutput]
[Loading.CriteriaLevels(CriterionLevel.Candidate)]
public sealed class SelectSatInCentre : StepKind<SelectSatInCentre.Options>
{
    public sealed record Options;

    protected override async Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        var query = new Selection.Query(CriteriaCompiler.CompileCandidateFilter(SelectCandidates.CandidateLevel(context), "cp"),
            new SqlFilter("1 = 1", []), Selection.Scope.SatInCentre, Public: true);
        context.Data = new Dataset { Candidates = await Selection.LoadAsync(context, query, ct), Columns = context.Session.Exams.OrderBy(e => e.Order).ToList() };
        context.RowCount = context.Data.Candidates.Count;
    }
}
