using System.Data.Common;
using CfgResults.Engine.Data.Rows;
using CfgResults.Engine.Domain;
using Dapper;

namespace CfgResults.Engine.Data.Queries;

/// <summary>
/// A WHERE fragment over <c>candidates c</c> (and, for grade-level ones, <c>grades g</c> and <c>exams e</c>) with its named
/// parameters, as Criteria builds them (CriteriaCompiler, CallerScope). Values only ever travel as parameters.
/// </summary>
internal readonly record struct Where(string Sql, IEnumerable<KeyValuePair<string, object>> Parameters);

/// <summary>
/// Reads of the <c>candidates</c> table (with its grades and exams) outside the session store: the student search, a
/// candidate's own summary, the access to a student's documents, the import's red-list comparison, the publication
/// estimate, and the fragments the criteria compiler wraps around grade-level criteria.
/// </summary>
internal static class CandidateQueries
{
    /// <summary>
    /// The candidate has one grade row on which every <paramref name="conditions"/> (over <c>g</c> and <c>e</c>) holds:
    /// a criteria filter's grade-level part.
    /// </summary>
    public static string AnyGrade(string conditions) =>
        "EXISTS (SELECT 1 FROM grades g JOIN exams e ON e.session_id = g.session_id AND e.code = g.exam_code"
        + " WHERE g.session_id = c.session_id AND g.candidate_number = c.number AND " + conditions + ")";

    /// <summary>Named parameters of several fragments, each name once (the first value wins), the leading @ removed.</summary>
    public static DynamicParameters Args(object? others, params Where[] fragments)
    {
        var args = new DynamicParameters(others);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fragment in fragments)
            foreach (var (name, value) in fragment.Parameters)
                if (seen.Add(name.TrimStart('@'))) args.Add(name.TrimStart('@'), value);
        return args;
    }

    /// <summary>The student search: the candidates of the session within <paramref name="scope"/> that match <paramref name="filter"/>, unsorted.</summary>
    public static async Task<IReadOnlyList<(string Number, string Reg, string Version, string Last, string First, string Birth)>> SearchAsync(
        DbConnection cn, string sessionCode, Where scope, Where filter, CancellationToken ct) =>
        (await cn.QueryAsync<(string Number, string Reg, string Version, string Last, string First, string Birth)>(new CommandDefinition($"""
            SELECT c.number, c.registration_number, c.version, c.last_name, c.first_names, c.birth_date
            FROM candidates c
            WHERE c.session_id = (SELECT id FROM sessions WHERE code = @session_code) AND ({scope.Sql}) AND ({filter.Sql})
            """, Args(new { session_code = sessionCode }, filter, scope), cancellationToken: ct))).ToList();

    /// <summary>Whether the candidate is in the session and within <paramref name="scope"/>.</summary>
    public static async Task<bool> InScopeAsync(DbConnection cn, string sessionCode, string candidateNumber, Where scope, CancellationToken ct) =>
        await cn.ExecuteScalarAsync<long>(new CommandDefinition($"""
            SELECT COUNT(*) FROM candidates c JOIN sessions s ON s.id = c.session_id
            WHERE s.code = @sessionCode AND c.number = @candidateNumber AND ({scope.Sql})
            """, Args(new { sessionCode, candidateNumber }, scope), cancellationToken: ct)) > 0;

    public static Task<string?> DecisionGroupAsync(DbConnection cn, string sessionCode, string candidateNumber, CancellationToken ct) =>
        cn.ExecuteScalarAsync<string?>(new CommandDefinition("""
            SELECT c.decision_group FROM candidates c JOIN sessions s ON s.id = c.session_id
            WHERE s.code = @sessionCode AND c.number = @candidateNumber
            """, new { sessionCode, candidateNumber }, cancellationToken: ct));

    public static async Task<bool> SessionExistsAsync(DbConnection cn, string sessionCode, CancellationToken ct) =>
        await cn.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT 1 FROM sessions WHERE code = @sessionCode", new { sessionCode }, cancellationToken: ct)) is not null;

    /// <summary>A candidate's name, result and whether it is held (présomption de fraude: Held « O »); LastName null when not in the session.</summary>
    public static Task<(string LastName, string FirstNames, string? Result, string Held)> OwnSummaryAsync(DbConnection cn, string sessionCode, string number,
        CancellationToken ct) =>
        cn.QuerySingleOrDefaultAsync<(string LastName, string FirstNames, string? Result, string Held)>(new CommandDefinition("""
            SELECT c.last_name, c.first_names, c.result, CASE WHEN c.fraud_suspected <> 0 THEN 'O' ELSE 'N' END FROM candidates c JOIN sessions s ON s.id = c.session_id
            WHERE s.code = @sessionCode AND c.number = @number
            """, new { sessionCode, number }, cancellationToken: ct));

    /// <summary>The candidate's numeric grade in the session's computed épreuve (the total), in hundredths; and that épreuve's maximum.</summary>
    public static async Task<(long? Total, long? Max)> ComputedTotalAsync(DbConnection cn, string sessionCode, string number, CancellationToken ct)
    {
        var total = await cn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            SELECT g.points_centi FROM grades g JOIN sessions s ON s.id = g.session_id
            JOIN exams e ON e.session_id = g.session_id AND e.code = g.exam_code
            WHERE s.code = @sessionCode AND g.candidate_number = @number AND e.grading_mode = @computed AND g.note_kind = 'Points'
            """, new { sessionCode, number, computed = French.Name(GradingMode.Computed) }, cancellationToken: ct));
        var max = await cn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            SELECT e.max_points_centi FROM exams e JOIN sessions s ON s.id = e.session_id WHERE s.code = @sessionCode AND e.grading_mode = @computed
            """, new { sessionCode, computed = French.Name(GradingMode.Computed) }, cancellationToken: ct));
        return (total, max);
    }

    /// <summary>Number → on the liste rouge, for every candidate of the session (none when it does not exist).</summary>
    public static async Task<Dictionary<string, bool>> RedListAsync(DbConnection cn, string sessionCode, CancellationToken ct)
    {
        var rows = await cn.QueryAsync<(string Number, long RedList)>(new CommandDefinition(
            "SELECT c.number, c.red_list FROM candidates c WHERE c.session_id = (SELECT id FROM sessions WHERE code = @Code)",
            new { Code = sessionCode }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Number, r => r.RedList != 0, StringComparer.Ordinal);
    }

    /// <summary>
    /// The registered, deliberated candidates without a fraud suspicion of the session, in the decision group and school when
    /// given: how many transcripts a publication will write at most.
    /// </summary>
    public static Task<long> PublishableCountAsync(DbConnection cn, string sessionCode, string? decisionGroup, string? schoolUai, CancellationToken ct)
    {
        var sql = """
            SELECT COUNT(*) FROM candidates c JOIN sessions s ON s.id = c.session_id
            WHERE s.code = @Code AND c.state = @State AND c.fraud_suspected = 0 AND c.result IS NOT NULL
            """;
        if (!string.IsNullOrWhiteSpace(decisionGroup)) sql += " AND c.decision_group = @Group";
        if (!string.IsNullOrWhiteSpace(schoolUai)) sql += " AND c.registration_school = @School";
        return cn.ExecuteScalarAsync<long>(new CommandDefinition(sql,
            new { Code = sessionCode, State = French.Name(RegistrationState.Registered), Group = decisionGroup?.Trim(), School = schoolUai?.Trim().ToUpperInvariant() },
            cancellationToken: ct));
    }

    /// <summary>
    /// The candidates who sat (position Inscrit, a numeric grade) an épreuve in the centre named by parameter
    /// <paramref name="uaiParameter"/>, over <c>candidates c</c> of the session <c>@session_code</c>. Not a correlated EXISTS:
    /// SQLite would answer it through ix_grades_centre, walking every grade of the centre for each candidate (seconds for a
    /// centre of 2,000). The list is built once instead.
    /// </summary>
    public static string SatInCentre(string uaiParameter) => $"""
        c.number IN (SELECT gs.candidate_number FROM grades gs
                     WHERE gs.session_id = (SELECT id FROM sessions WHERE code = @session_code)
                       AND gs.centre_uai = @{uaiParameter} AND gs.position = 'Inscrit' AND gs.note_kind = 'Points')
        """;

    /// <summary>
    /// The candidates who sat in the centre and are left off its display list, counted once each under the first reason:
    /// liste rouge, présomption de fraude, session de remplacement. <paramref name="groups"/>: the open decision groups (null: all).
    /// </summary>
    public static async Task<(long RedList, long Fraud, long Replacement)> CountExclusionsAsync(DbConnection cn, string sessionCode, string uai,
        IReadOnlyList<string>? groups, CancellationToken ct)
    {
        var groupFilter = groups is null ? "" : groups.Count == 0 ? "AND 1 = 0"
            : $"AND c.decision_group IN ({string.Join(", ", groups.Select((_, i) => "@group" + i))})";
        await using var cmd = cn.CreateCommand();
        cmd.CommandText = $"""
            SELECT
              COALESCE(SUM(CASE WHEN c.red_list <> 0 THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN c.red_list = 0 AND c.fraud_suspected <> 0 THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN c.red_list = 0 AND c.fraud_suspected = 0 AND c.replacement_session <> 0 THEN 1 ELSE 0 END), 0)
            FROM candidates c
            WHERE c.session_id = (SELECT id FROM sessions WHERE code = @session_code)
              AND c.state = @registered
              AND (c.red_list <> 0 OR c.fraud_suspected <> 0 OR c.replacement_session <> 0)
              AND {SatInCentre("uai")}
              {groupFilter}
            """;
        Add(cmd, "session_code", sessionCode);
        Add(cmd, "registered", French.Name(RegistrationState.Registered));
        Add(cmd, "uai", uai);
        for (var i = 0; i < (groups?.Count ?? 0); i++) Add(cmd, "group" + i, groups![i]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (Convert.ToInt64(r.GetValue(0)), Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2)));
    }

    /// <summary>
    /// A run's selection: the candidates of the session within <paramref name="guard"/> (the caller's scope, never from YAML)
    /// that match <paramref name="candidateFilter"/>, in number order, each with its grades that match
    /// <paramref name="gradeFilter"/> (in épreuve display order), read by the tables' one readers.
    /// </summary>
    /// <remarks>
    /// Both queries start from the candidates of the guard (a school: ix_candidates_school), never from the whole
    /// session: SQLite has no statistics after an import and, left free, walked every candidate (to spare the sort)
    /// and every grade of the session for each school — 2,200 schools × 1.1 M grades for a 100,000-candidate
    /// publication. `ORDER BY c.number || ''` keeps SQLite from choosing the primary key for its order, and
    /// CROSS JOIN fixes the join order on SQLite (PostgreSQL plans it as an inner join with its statistics).
    /// </remarks>
    public static async Task<List<(Candidate Candidate, List<Grade> Grades)>> SelectAsync(DbConnection cn, Where guard, Where candidateFilter, Where gradeFilter,
        CancellationToken ct)
    {
        var candidates = new Dictionary<string, (Candidate C, List<Grade> G)>(StringComparer.Ordinal);
        var order = new List<string>();
        await using (var cmd = cn.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT {CandidateTable.Aliased("c")}
                FROM candidates c
                WHERE c.session_id = (SELECT id FROM sessions WHERE code = @session_code) AND ({guard.Sql}) AND ({candidateFilter.Sql})
                ORDER BY c.number || ''
                """;
            Bind(cmd, guard, candidateFilter);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var c = CandidateTable.Read(r);
                candidates[c.Number] = (c, new List<Grade>());
                order.Add(c.Number);
            }
        }
        if (candidates.Count == 0) return [];

        await using (var cmd = cn.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT {GradeTable.Aliased("g")}
                FROM candidates c
                CROSS JOIN grades g
                JOIN exams e ON e.session_id = g.session_id AND e.code = g.exam_code
                WHERE c.session_id = (SELECT id FROM sessions WHERE code = @session_code)
                  AND g.session_id = c.session_id AND g.candidate_number = c.number
                  AND ({guard.Sql}) AND ({candidateFilter.Sql}) AND ({gradeFilter.Sql})
                ORDER BY g.candidate_number, e.display_order, g.exam_code
                """;
            Bind(cmd, guard, candidateFilter, gradeFilter);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var g = GradeTable.Read(r);
                if (candidates.TryGetValue(g.CandidateNumber, out var entry)) entry.G.Add(g);
            }
        }
        return order.Select(n => (candidates[n].C, candidates[n].G)).ToList();
    }

    /// <summary>The fragments' parameters on a command, each name once (the first value wins).</summary>
    static void Bind(DbCommand cmd, params Where[] fragments)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fragment in fragments)
            foreach (var (name, value) in fragment.Parameters)
            {
                if (!seen.Add(name)) continue;
                Add(cmd, name, value);
            }
    }

    static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
