using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;

namespace CfgResults.Engine.Publishing;

/// <summary>The candidate's own summary in a session (<see cref="CandidateOwnResult"/>), for the pages of the candidate's space.</summary>
public sealed class CandidateOwnResults(IDatabase db, DocumentAccess access)
{
    /// <summary>Null when the caller is not a candidate of this session.</summary>
    public Task<CandidateOwnResult?> LoadAsync(Caller caller, string sessionCode, CancellationToken ct = default) =>
        CandidateOwnResult.LoadAsync(db, access, caller, sessionCode, ct);
}
