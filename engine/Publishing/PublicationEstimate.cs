using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using Dapper;

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
        var sql = """
            SELECT COUNT(*) FROM candidates c JOIN sessions s ON s.id = c.session_id
            WHERE s.code = @Code AND c.state = @State AND c.fraud_suspected = 0 AND c.result IS NOT NULL
            """;
        if (!string.IsNullOrWhiteSpace(decisionGroup)) sql += " AND c.decision_group = @Group";
        if (!string.IsNullOrWhiteSpace(schoolUai)) sql += " AND c.registration_school = @School";
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql,
            new { Code = sessionCode, State = French.Name(RegistrationState.Registered), Group = decisionGroup?.Trim(), School = schoolUai?.Trim().ToUpperInvariant() },
            cancellationToken: ct));
    }
}
