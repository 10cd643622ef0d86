using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using Dapper;

namespace CfgResults.Engine.Statistics;

/// <summary>Counts of one group of candidates (a school, a decision group, or all of them).</summary>
/// <param name="Present">Sat at least one épreuve this session: a numeric grade with position Inscrit.</param>
/// <param name="Held">Présomption de fraude: result held, counted neither admitted nor refused.</param>
public sealed record ResultCounts(string Key, int Candidates, int Present, int Admitted, int Refused, int Absent, int Held)
{
    /// <summary>Admitted among the results pronounced (admitted + refused); none pronounced: no rate.</summary>
    public decimal? PassRate => Admitted + Refused == 0 ? null : Math.Round(100m * Admitted / (Admitted + Refused), 1);

    public static ResultCounts Sum(string key, IEnumerable<ResultCounts> parts)
    {
        var list = parts.ToList();
        return new(key, list.Sum(p => p.Candidates), list.Sum(p => p.Present), list.Sum(p => p.Admitted), list.Sum(p => p.Refused),
            list.Sum(p => p.Absent), list.Sum(p => p.Held));
    }
}

/// <summary>Totals from <see cref="From"/> included to <see cref="To"/> excluded (the last bin holds the maximum too).</summary>
public sealed record TotalBin(decimal From, decimal To, int Count);

/// <summary>One épreuve: numeric grades entered this session, their average, and the absences (AB).</summary>
public sealed record ExamFigures(string Code, string Label, decimal MaxPoints, int Graded, decimal? Average, int Absent);

/// <summary>What the results dashboard shows for one session and one viewer.</summary>
public sealed record SessionStatistics(
    SessionInfo Session,
    string? SchoolUai,
    ResultCounts Overall,
    IReadOnlyList<ResultCounts> BySchool,
    IReadOnlyList<ResultCounts> ByGroup,
    IReadOnlyList<TotalBin> Totals,
    decimal TotalMax,
    decimal PassMark,
    IReadOnlyList<ExamFigures> Exams);

/// <summary>
/// The figures of a session's results, computed by SQL in the store (one pass per figure, nothing loaded per
/// candidate), for what the viewer may see: an exam manager the whole session, a school its own students
/// (établissement d'inscription), as its results list. Counted: candidates whose registration is Inscrit. A held
/// result (présomption de fraude) is counted as held, and its grades and total are left out of the averages and
/// the distribution, as they are left out of every other output. The figures hold counts only, never a name.
/// </summary>
public sealed class ResultsStatistics(IDatabase db)
{
    /// <summary>Width of a bin of the distribution of totals, in points.</summary>
    public const int BinPoints = 20;

    /// <returns>Null when the session does not exist.</returns>
    public async Task<SessionStatistics?> ComputeAsync(string sessionCode, string? schoolUai, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var session = await cn.QuerySingleOrDefaultAsync<(long Id, string Code, string Domain, string Label, string Title, string Academy)>(
            new CommandDefinition("SELECT id, code, domain, label, title, academy FROM sessions WHERE code = @code", new { code = sessionCode }, cancellationToken: ct));
        if (session.Code is null) return null;

        var registered = French.Name(RegistrationState.Registered);
        var args = new DynamicParameters(new
        {
            session = session.Id, registered, sat = French.Name(ExamPosition.Registered), points = nameof(GradeKind.Points),
            absentNote = nameof(GradeKind.Absent), admitted = French.Name(Result.Admitted), refused = French.Name(Result.Refused),
            absent = French.Name(Result.Absent),
        });
        var scope = "c.session_id = @session AND c.state = @registered";
        if (schoolUai is not null)
        {
            scope += " AND c.registration_school = @school";
            args.Add("school", schoolUai);
        }

        async Task<List<ResultCounts>> CountsBy(string column)
        {
            var rows = await cn.QueryAsync<(string Key, long Candidates, long Present, long Admitted, long Refused, long Absent, long Held)>(new CommandDefinition($"""
                SELECT {column},
                       COUNT(*),
                       SUM(CASE WHEN EXISTS (SELECT 1 FROM grades g WHERE g.session_id = c.session_id AND g.candidate_number = c.number
                                             AND g.position = @sat AND g.note_kind = @points) THEN 1 ELSE 0 END),
                       SUM(CASE WHEN c.fraud_suspected = 0 AND c.result = @admitted THEN 1 ELSE 0 END),
                       SUM(CASE WHEN c.fraud_suspected = 0 AND c.result = @refused THEN 1 ELSE 0 END),
                       SUM(CASE WHEN c.fraud_suspected = 0 AND c.result = @absent THEN 1 ELSE 0 END),
                       SUM(CASE WHEN c.fraud_suspected <> 0 THEN 1 ELSE 0 END)
                FROM candidates c
                WHERE {scope}
                GROUP BY {column}
                ORDER BY {db.Dialect.Ordinal(column)}
                """, args, cancellationToken: ct));
            return rows.Select(r => new ResultCounts(r.Key, (int)r.Candidates, (int)r.Present, (int)r.Admitted, (int)r.Refused, (int)r.Absent, (int)r.Held)).ToList();
        }

        var bySchool = await CountsBy("c.registration_school");
        var byGroup = await CountsBy("c.decision_group");

        var exams = (await cn.QueryAsync<(string Code, string Label, string Mode, long MaxCenti, long Order)>(new CommandDefinition(
            "SELECT code, label, grading_mode, max_points_centi, display_order FROM exams WHERE session_id = @session", new { session = session.Id }, cancellationToken: ct)))
            .OrderBy(e => e.Order).ThenBy(e => e.Code, StringComparer.Ordinal).ToList();
        var computed = exams.FirstOrDefault(e => e.Mode == French.Name(GradingMode.Computed));
        var entered = French.Name(GradingMode.Entered);

        // The total as RunModel.Total defines it: the computed épreuve when the session has one, else the sum of entered points.
        var totalsSql = computed.Code is not null
            ? """
              SELECT g.points_centi AS total FROM grades g JOIN candidates c ON c.session_id = g.session_id AND c.number = g.candidate_number
              WHERE {0} AND c.fraud_suspected = 0 AND g.exam_code = @computed AND g.note_kind = @points
              """
            : """
              SELECT SUM(g.points_centi) AS total FROM grades g JOIN candidates c ON c.session_id = g.session_id AND c.number = g.candidate_number
                JOIN exams e ON e.session_id = g.session_id AND e.code = g.exam_code
              WHERE {0} AND c.fraud_suspected = 0 AND e.grading_mode = @entered AND g.note_kind = @points
              GROUP BY c.number
              """;
        args.Add("computed", computed.Code);
        args.Add("entered", entered);
        var binCenti = BinPoints * 100;
        var bins = (await cn.QueryAsync<(long Bin, long Count)>(new CommandDefinition(
            $"SELECT t.total / {binCenti} AS bin, COUNT(*) FROM ({string.Format(System.Globalization.CultureInfo.InvariantCulture, totalsSql, scope)}) t GROUP BY t.total / {binCenti}",
            args, cancellationToken: ct))).ToDictionary(b => b.Bin, b => (int)b.Count);

        var totalMax = computed.Code is not null
            ? StoreFormat.Points(computed.MaxCenti)
            : exams.Where(e => e.Mode == entered).Sum(e => StoreFormat.Points(e.MaxCenti));
        if (totalMax <= 0) totalMax = 400;
        var binCount = (int)Math.Ceiling(totalMax / BinPoints);
        var totals = new List<TotalBin>(binCount);
        for (var i = 0; i < binCount; i++)
        {
            var count = bins.GetValueOrDefault(i);
            // The maximum itself (400 / 20 = bin 20) belongs to the last bin, as does anything past it.
            if (i == binCount - 1) count += bins.Where(b => b.Key > i).Sum(b => b.Value);
            totals.Add(new TotalBin(i * BinPoints, Math.Min((i + 1) * BinPoints, totalMax), count));
        }

        var figures = (await cn.QueryAsync<(string Code, long Graded, long? Sum, long Absent)>(new CommandDefinition($"""
            SELECT g.exam_code,
                   SUM(CASE WHEN g.note_kind = @points THEN 1 ELSE 0 END),
                   SUM(CASE WHEN g.note_kind = @points THEN g.points_centi ELSE 0 END),
                   SUM(CASE WHEN g.note_kind = @absentNote THEN 1 ELSE 0 END)
            FROM grades g JOIN candidates c ON c.session_id = g.session_id AND c.number = g.candidate_number
            WHERE {scope} AND c.fraud_suspected = 0 AND g.position = @sat
            GROUP BY g.exam_code
            """, args, cancellationToken: ct))).ToDictionary(f => f.Code, StringComparer.Ordinal);
        var examFigures = exams
            .Where(e => e.Mode != French.Name(GradingMode.NotGraded))
            .Select(e => figures.TryGetValue(e.Code, out var f)
                ? new ExamFigures(e.Code, e.Label, StoreFormat.Points(e.MaxCenti), (int)f.Graded,
                    f.Graded == 0 ? null : Math.Round((f.Sum ?? 0) / 100m / f.Graded, 2), (int)f.Absent)
                : new ExamFigures(e.Code, e.Label, StoreFormat.Points(e.MaxCenti), 0, null, 0))
            .ToList();

        var info = new SessionInfo(session.Code, session.Domain, session.Label, session.Title, session.Academy);
        return new SessionStatistics(info, schoolUai, ResultCounts.Sum("", bySchool), bySchool, byGroup, totals, totalMax, totalMax / 2, examFigures);
    }
}
