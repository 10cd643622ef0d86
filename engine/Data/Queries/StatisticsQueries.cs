using System.Data.Common;
using System.Globalization;
using CfgResults.Engine.Domain;
using Dapper;

namespace CfgResults.Engine.Data.Queries;

/// <summary>Counts of one group of candidates, as <see cref="StatisticsQueries"/> computes them.</summary>
internal readonly record struct CountRow(string Key, long Candidates, long Present, long Admitted, long Refused, long Absent, long Held);

/// <summary>An épreuve of the session (max points in hundredths).</summary>
internal readonly record struct ExamRow(string Code, string Label, string Mode, long MaxCenti, long Order);

/// <summary>One épreuve's numeric grades (count, sum in hundredths) and absences.</summary>
internal readonly record struct ExamFigureRow(string Code, long Graded, long? Sum, long Absent);

/// <summary>What the results dashboard reads for one session and one scope; <see cref="Bins"/> maps bin index → candidates.</summary>
internal sealed record StatisticsRows(SessionInfo Session, IReadOnlyList<CountRow> BySchool, IReadOnlyList<CountRow> ByGroup, IReadOnlyList<ExamRow> Exams,
    ExamRow? Computed, IReadOnlyDictionary<long, int> Bins, IReadOnlyDictionary<string, ExamFigureRow> Figures);

/// <summary>
/// The figures of a session's results (Statistics.ResultsStatistics), computed by SQL in the store: one pass per figure,
/// nothing loaded per candidate. Counted: candidates whose registration is Inscrit, of one school when given; a held
/// result (présomption de fraude) is left out of the totals and the épreuves' figures.
/// </summary>
internal static class StatisticsQueries
{
    /// <returns>Null when the session does not exist.</returns>
    public static async Task<StatisticsRows?> ReadAsync(DbConnection cn, SqlDialect dialect, string sessionCode, string? schoolUai, int binCenti, CancellationToken ct)
    {
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

        async Task<List<CountRow>> CountsBy(string column) =>
            (await cn.QueryAsync<(string Key, long Candidates, long Present, long Admitted, long Refused, long Absent, long Held)>(new CommandDefinition($"""
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
                ORDER BY {dialect.Ordinal(column)}
                """, args, cancellationToken: ct)))
            .Select(r => new CountRow(r.Key, r.Candidates, r.Present, r.Admitted, r.Refused, r.Absent, r.Held)).ToList();

        var bySchool = await CountsBy("c.registration_school");
        var byGroup = await CountsBy("c.decision_group");

        var exams = (await cn.QueryAsync<(string Code, string Label, string Mode, long MaxCenti, long Order)>(new CommandDefinition(
            "SELECT code, label, grading_mode, max_points_centi, display_order FROM exams WHERE session_id = @session", new { session = session.Id }, cancellationToken: ct)))
            .Select(e => new ExamRow(e.Code, e.Label, e.Mode, e.MaxCenti, e.Order))
            .OrderBy(e => e.Order).ThenBy(e => e.Code, StringComparer.Ordinal).ToList();
        ExamRow? computed = exams.Any(e => e.Mode == French.Name(GradingMode.Computed)) ? exams.First(e => e.Mode == French.Name(GradingMode.Computed)) : null;
        var entered = French.Name(GradingMode.Entered);

        // The total as RunModel.Total defines it: the computed épreuve when the session has one, else the sum of entered points.
        var totalsSql = computed is not null
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
        args.Add("computed", computed?.Code);
        args.Add("entered", entered);
        var bins = (await cn.QueryAsync<(long Bin, long Count)>(new CommandDefinition(
            $"SELECT t.total / {binCenti} AS bin, COUNT(*) FROM ({string.Format(CultureInfo.InvariantCulture, totalsSql, scope)}) t GROUP BY t.total / {binCenti}",
            args, cancellationToken: ct))).ToDictionary(b => b.Bin, b => (int)b.Count);

        var figures = (await cn.QueryAsync<(string Code, long Graded, long? Sum, long Absent)>(new CommandDefinition($"""
            SELECT g.exam_code,
                   SUM(CASE WHEN g.note_kind = @points THEN 1 ELSE 0 END),
                   SUM(CASE WHEN g.note_kind = @points THEN g.points_centi ELSE 0 END),
                   SUM(CASE WHEN g.note_kind = @absentNote THEN 1 ELSE 0 END)
            FROM grades g JOIN candidates c ON c.session_id = g.session_id AND c.number = g.candidate_number
            WHERE {scope} AND c.fraud_suspected = 0 AND g.position = @sat
            GROUP BY g.exam_code
            """, args, cancellationToken: ct))).ToDictionary(f => f.Code, f => new ExamFigureRow(f.Code, f.Graded, f.Sum, f.Absent), StringComparer.Ordinal);

        return new StatisticsRows(new SessionInfo(session.Code, session.Domain, session.Label, session.Title, session.Academy),
            bySchool, byGroup, exams, computed, bins, figures);
    }
}
