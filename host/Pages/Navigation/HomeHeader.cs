using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Publishing;

namespace CfgResults.Host.Pages.Navigation;

/// <summary>What the home page says above the activities: whom it greets, and for a school, its services' state.</summary>
public sealed class HomeHeader(SessionStore sessions, CandidateOwnResults ownResults, TimeProvider clock)
{
    public async Task<(string? Greeting, IReadOnlyList<ServiceStates.State>? Services)> LoadAsync(Caller caller, CancellationToken ct)
    {
        if (await sessions.LatestSessionCodeAsync(ct) is not { } code) return (null, null);
        switch (caller.Role)
        {
            case CallerRole.School:
                var session = await sessions.LoadContextAsync(code, caller.Uai, ct);
                if (session is null) return (null, null);
                var school = session.Schools.FirstOrDefault(s => s.Uai == caller.Uai);
                return (school?.DisplayName, ServiceStates.For(session, clock.GetUtcNow()));
            case CallerRole.Candidate:
                var own = await ownResults.LoadAsync(caller, code, ct);
                return (own?.DisplayName, null);
            default:
                return (null, null);
        }
    }
}
