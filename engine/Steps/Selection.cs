using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data.Queries;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>
/// Loads candidates and their grades for a selection step. The guard rails of ARCHITECTURE.md
/// (decision 8) are added here, in code, whatever the definition says: a school reads its own
/// students (or, as exam centre, who sat there), a candidate reads only themself, and a public
/// output never holds a red-listed or fraud-held candidate.
/// </summary>
internal static class Selection
{
    public enum Scope { RegisteredStudents, SatInCentre }

    public sealed record Query(SqlFilter CandidateFilter, SqlFilter GradeFilter, Scope Scope, bool Public);

    public static async Task<List<CandidateRecord>> LoadAsync(RunContext context, Query query, CancellationToken ct)
    {
        var guard = Guard(context.Caller, query.Scope, query.Public, context.Session.Session.Code, context.OpenDecisionGroups);
        await using var cn = await context.Services.Database.OpenAsync(ct);
        var selected = await CandidateQueries.SelectAsync(cn, new Where(guard.Sql, guard.Parameters),
            new Where(query.CandidateFilter.Sql, query.CandidateFilter.Parameters), new Where(query.GradeFilter.Sql, query.GradeFilter.Parameters), ct);
        return selected.Select(s => new CandidateRecord(s.Candidate, s.Grades)).ToList();
    }

    /// <summary>The filter the caller's identity and the open service windows impose; never from YAML.</summary>
    internal static SqlFilter Guard(Caller caller, Scope scope, bool isPublic, string sessionCode, IReadOnlyList<string>? openGroups = null)
    {
        var parts = new List<string>();
        var ps = new List<KeyValuePair<string, object>> { new("session_code", sessionCode) };
        switch (caller.Role)
        {
            case CallerRole.School when scope == Scope.SatInCentre:
                parts.Add(CandidateQueries.SatInCentre("guard_uai"));
                ps.Add(new("guard_uai", caller.Uai ?? throw new NotAllowedException("établissement sans UAI")));
                break;
            case CallerRole.Manager when scope == Scope.SatInCentre:
                throw new NotAllowedException("une liste d'affichage se fait pour un centre d'épreuve");
            case CallerRole.School or CallerRole.Candidate:
                var own = CallerScope.OwnStudents(caller);
                parts.Add(own.Sql);
                ps.AddRange(own.Parameters);
                break;
        }
        if (isPublic || scope == Scope.SatInCentre)
            parts.Add("c.red_list = 0 AND c.fraud_suspected = 0");
        if (openGroups is not null)
        {
            if (openGroups.Count == 0) parts.Add("1 = 0");
            else
            {
                parts.Add($"c.decision_group IN ({string.Join(", ", openGroups.Select((_, i) => "@guard_group" + i))})");
                ps.AddRange(openGroups.Select((g, i) => new KeyValuePair<string, object>("guard_group" + i, g)));
            }
        }
        return new SqlFilter(parts.Count == 0 ? "1 = 1" : string.Join(" AND ", parts), ps);
    }
}
