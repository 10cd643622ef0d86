using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Data.Queries;

namespace CfgResults.Engine.Import;

/// <summary>What an import changed, for the person who ran it and for the audit log.</summary>
/// <param name="RedListAdded">Candidates now on the liste rouge who were not (or were not in the session before).</param>
/// <param name="RedListRemoved">Candidates taken off the liste rouge (or no longer in the session while on it).</param>
public sealed record ImportSummary(string SessionCode, bool Replaced, int Candidates, int Grades, int RedListAdded, int RedListRemoved);

/// <summary>
/// The import of a session as one engine operation, whatever the entry point (page, command line): the session is
/// replaced, and the import is recorded once in the audit log with its counts, red-list changes included (a change of
/// who opted out of publication is what an auditor looks for).
/// </summary>
public sealed class SessionImporter(IDatabase database, SessionStore sessions, AuditLog audit)
{
    public async Task<ImportSummary> ImportAsync(SessionData data, string actor, string source, CancellationToken ct = default)
    {
        var before = await RedListAsync(data.Session.Code, ct);
        await sessions.ReplaceSessionAsync(data, ct);
        var after = data.Candidates.ToDictionary(c => c.Number, c => c.RedList, StringComparer.Ordinal);
        var added = after.Count(a => a.Value && !(before.TryGetValue(a.Key, out var was) && was));
        var removed = before.Count(b => b.Value && !(after.TryGetValue(b.Key, out var now) && now));
        var summary = new ImportSummary(data.Session.Code, before.Count > 0, data.Candidates.Count, data.Grades.Count, added, removed);
        await audit.RecordAsync(actor, AuditActions.SessionImport, $"session:{data.Session.Code}",
            $"candidats={summary.Candidates} notes={summary.Grades} liste-rouge=+{added}/-{removed}{(summary.Replaced ? " remplacement" : "")} source={source}", ct);
        return summary;
    }

    async Task<Dictionary<string, bool>> RedListAsync(string code, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await CandidateQueries.RedListAsync(connection, code, ct);
    }
}
