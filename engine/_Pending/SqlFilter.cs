// TEMPORARY stand-in until the definitions branch lands.
namespace CfgResults.Engine.Criteria;
public sealed record SqlFilter(string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters);
public static class CriteriaCompiler
{
    public static SqlFilter CompileCandidateFilter(IReadOnlyList<CfgResults.Engine.Definitions.CriterionDefinition> c) => throw new NotImplementedException();
    public static SqlFilter CompileGradeFilter(IReadOnlyList<CfgResults.Engine.Definitions.CriterionDefinition> c) => throw new NotImplementedException();
}
public sealed record CriterionChange(string Field, string? Operator, IReadOnlyList<string> Values);
public static class CriteriaMerger
{
    public static (IReadOnlyList<CfgResults.Engine.Definitions.CriterionDefinition> Criteria, IReadOnlyList<CfgResults.Engine.Definitions.Diagnostic> Errors) Merge(
        IReadOnlyList<CfgResults.Engine.Definitions.CriterionDefinition> definition, IReadOnlyList<CriterionChange> changes) => throw new NotImplementedException();
}
