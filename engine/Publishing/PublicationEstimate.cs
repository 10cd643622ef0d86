using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Data.Queries;

namespace CfgResults.Engine.Publishing;

/// <summary>
/// How many transcripts a publication will write at most (issue 13 item 8, the confirmation before launching it):
/// the registered, deliberated candidates without a fraud suspicion of the session, in the chosen decision group and
/// school when given. One COUNT in the store, whatever the session's size.
/// </summary>
public sealed class PublicationEstimate(IDatabase database)
{
    public async Task<long> CountAsync(string sessionCode, string? decisionGroup, string? schoolUai, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await CandidateQueries.PublishableCountAsync(connection, sessionCode, decisionGroup, schoolUai, ct);
    }
}
