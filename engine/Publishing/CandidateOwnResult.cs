using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Data.Queries;

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
        var row = await CandidateQueries.OwnSummaryAsync(cn, sessionCode, number, ct);
        if (row.LastName is null) return null;
        var closed = await access.CandidateServiceClosedAsync(sessionCode, number, ct);
        if (closed is not null || row.Held == "O" || row.Result is null)
            return new CandidateOwnResult(row.LastName, row.FirstNames, row.Held == "O" && closed is null ? "Résultat réservé" : null, null, closed);
        var (total, max) = await CandidateQueries.ComputedTotalAsync(cn, sessionCode, number, ct);
        string Points(long centi) => (centi / 100m).ToString("0.##", French.Culture);
        return new CandidateOwnResult(row.LastName, row.FirstNames, row.Result,
            total is { } t ? Points(t) + (max is { } m ? $" / {Points(m)}" : "") + " points" : null, null);
    }
}
