// TEMPORARY stand-in until the store branch lands.
using CfgResults.Engine.Domain;
namespace CfgResults.Engine.Data;

public sealed record StoredWindow(long Id, ServiceWindow Window);
public sealed record SessionContext(SessionInfo Session, DateTimeOffset ImportedAt, IReadOnlyList<School> Schools, IReadOnlyList<Exam> Exams,
    IReadOnlyList<StoredWindow> Windows, IReadOnlyList<string> DecisionGroups);
public sealed class SessionStore
{
    public Task<string?> LatestSessionCodeAsync(CancellationToken ct) => throw new NotImplementedException();
    public Task<SessionContext?> LoadContextAsync(string code, CancellationToken ct) => throw new NotImplementedException();
}
