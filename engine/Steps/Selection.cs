using System.Data.Common;
using System.Globalization;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
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
        var candFilter = query.CandidateFilter;
        var gradeFilter = query.GradeFilter;

        // Both queries start from the candidates of the guard (a school: ix_candidates_school), never from the whole
        // session: SQLite has no statistics after an import and, left free, walked every candidate (to spare the sort)
        // and every grade of the session for each school — 2,200 schools × 1.1 M grades for a 100,000-candidate
        // publication. `ORDER BY c.number || ''` keeps SQLite from choosing the primary key for its order, and
        // CROSS JOIN fixes the join order on SQLite (PostgreSQL plans it as an inner join with its statistics).
        await using var cn = await context.Services.Database.OpenAsync(ct);
        var candidates = new Dictionary<string, (Candidate C, List<Grade> G)>(StringComparer.Ordinal);
        var order = new List<string>();
        await using (var cmd = cn.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT c.number, c.registration_number, c.version, c.last_name, c.first_names, c.birth_date, c.ine,
                       c.registration_school, c.category, c.state, c.speciality, c.decision_group, c.red_list,
                       c.fraud_suspected, c.replacement_session, c.result
                FROM candidates c
                WHERE c.session_id = (SELECT id FROM sessions WHERE code = @session_code) AND ({guard.Sql}) AND ({candFilter.Sql})
                ORDER BY c.number || ''
                """;
            Bind(cmd, guard.Parameters, candFilter.Parameters);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var c = ReadCandidate(r);
                candidates[c.Number] = (c, new List<Grade>());
                order.Add(c.Number);
            }
        }
        if (candidates.Count == 0) return [];

        await using (var cmd = cn.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT g.candidate_number, g.exam_code, g.position, g.centre_uai, g.note_kind, g.points_centi
                FROM candidates c
                CROSS JOIN grades g
                JOIN exams e ON e.session_id = g.session_id AND e.code = g.exam_code
                WHERE c.session_id = (SELECT id FROM sessions WHERE code = @session_code)
                  AND g.session_id = c.session_id AND g.candidate_number = c.number
                  AND ({guard.Sql}) AND ({candFilter.Sql}) AND ({gradeFilter.Sql})
                ORDER BY g.candidate_number, e.display_order, g.exam_code
                """;
            Bind(cmd, guard.Parameters, candFilter.Parameters, gradeFilter.Parameters);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var g = ReadGrade(r);
                if (candidates.TryGetValue(g.CandidateNumber, out var entry)) entry.G.Add(g);
            }
        }
        return order.Select(n => new CandidateRecord(candidates[n].C, candidates[n].G)).ToList();
    }

    /// <summary>The filter the caller's identity and the open service windows impose; never from YAML.</summary>
    internal static SqlFilter Guard(Caller caller, Scope scope, bool isPublic, string sessionCode, IReadOnlyList<string>? openGroups = null)
    {
        var parts = new List<string>();
        var ps = new List<KeyValuePair<string, object>> { new("session_code", sessionCode) };
        switch (caller.Role)
        {
            case CallerRole.School when scope == Scope.SatInCentre:
                // Not a correlated EXISTS: SQLite would answer it through ix_grades_centre, walking every grade of
                // the centre for each candidate (seconds for a centre of 2,000). The list is built once instead.
                parts.Add("""
                    c.number IN (SELECT gs.candidate_number FROM grades gs
                                 WHERE gs.session_id = (SELECT id FROM sessions WHERE code = @session_code)
                                   AND gs.centre_uai = @guard_uai AND gs.position = 'Inscrit' AND gs.note_kind = 'Points')
                    """);
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

    static void Bind(DbCommand cmd, params IReadOnlyList<KeyValuePair<string, object>>[] sets)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in sets)
            foreach (var (name, value) in set)
            {
                if (!seen.Add(name)) continue;
                var p = cmd.CreateParameter();
                p.ParameterName = name;
                p.Value = value;
                cmd.Parameters.Add(p);
            }
    }

    /// <summary>Stored values are read as the session store reads them (StoreFormat): an unknown one is an error, not a default.</summary>
    internal static Candidate ReadCandidate(DbDataReader r)
    {
        var category = StoreFormat.ParseCategory(r.GetString(8));
        var state = StoreFormat.ParseState(r.GetString(9));
        Result? result = r.IsDBNull(15) ? null : StoreFormat.ParseResult(r.GetString(15));
        return new Candidate(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
            StoreFormat.ParseDate(r.GetString(5)),
            r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), category, state, r.IsDBNull(10) ? null : r.GetString(10),
            r.GetString(11), Convert.ToInt64(r.GetValue(12)) != 0, Convert.ToInt64(r.GetValue(13)) != 0,
            Convert.ToInt64(r.GetValue(14)) != 0, result);
    }

    internal static Grade ReadGrade(DbDataReader r)
    {
        var position = StoreFormat.ParsePosition(r.GetString(2));
        var value = StoreFormat.ParseGradeValue(r.GetString(4), r.IsDBNull(5) ? null : Convert.ToInt64(r.GetValue(5)));
        return new Grade(r.GetString(0), r.GetString(1), position, r.IsDBNull(3) ? null : r.GetString(3), value);
    }
}
