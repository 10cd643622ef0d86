using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using Dapper;

namespace CfgResults.Engine.Publishing;

/// <summary>
/// What the candidate's space says about them in one session (issue 13 item 9): their name, and — once the
/// candidates' publication service is open for them — their result and total. A held result (présomption de
/// fraude) is never shown; while the service is closed, <see cref="Closed"/> says so in the memo's words.
/// </summary>
public sealed record CandidateOwnResult(string LastName, string FirstNames, string? Result, string? Total, string? Closed)
{
    public string DisplayName => $"{FirstNames} {LastName}";

    /// <summary>The caller's own summary; null when the caller is not a candidate of this session.</summary>
    public static async Task<CandidateOwnResult?> LoadAsync(IDatabase db, DocumentAccess access, Caller caller, string sessionCode, CancellationToken ct = default)
    {
        if (caller.Role != CallerRole.Candidate || caller.CandidateNumber is not { } number) return null;
        await using var cn = await db.OpenAsync(ct);
        var row = await cn.QuerySingleOrDefaultAsync<(string LastName, string FirstNames, string? Result, string Held)>(new CommandDefinition("""
            SELECT c.last_name, c.first_names, c.result, CASE WHEN c.fraud_suspected <> 0 THEN 'O' ELSE 'N' END FROM candidates c JOIN sessions s ON s.id = c.session_id
            WHERE s.code = @sessionCode AND c.number = @number
            """, new { sessionCode, number }, cancellationToken: ct));
        if (row.LastName is null) return null;
        var closed = await access.CandidateServiceClosedAsync(sessionCode, number, ct);
        if (closed is not null || row.Held == "O" || row.Result is null)
            return new CandidateOwnResult(row.LastName, row.FirstNames, row.Held == "O" && closed is null ? "Résultat réservé" : null, null, closed);
        var total = await cn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            SELECT g.points_centi FROM grades g JOIN sessions s ON s.id = g.session_id
            JOIN exams e ON e.session_id = g.session_id AND e.code = g.exam_code
            WHERE s.code = @sessionCode AND g.candidate_number = @number AND e.grading_mode = @computed AND g.note_kind = 'Points'
            """, new { sessionCode, number, computed = French.Name(GradingMode.Computed) }, cancellationToken: ct));
        var max = await cn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            SELECT e.max_points_centi FROM exams e JOIN sessions s ON s.id = e.session_id WHERE s.code = @sessionCode AND e.grading_mode = @computed
            """, new { sessionCode, computed = French.Name(GradingMode.Computed) }, cancellationToken: ct));
        string Points(long centi) => (centi / 100m).ToString("0.##", French.Culture);
        return new CandidateOwnResult(row.LastName, row.FirstNames, row.Result,
            total is { } t ? Points(t) + (max is { } m ? $" / {Points(m)}" : "") + " points" : null, null);
    }
}
