using CfgResults.Engine.Accounts;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Publishing;

namespace CfgResults.Host.Pages.Navigation;

/// <summary>What the home page says above the activities: whom it greets, and for a school, its services' state.</summary>
public static class HomeHeader
{
    public static async Task<(string? Greeting, IReadOnlyList<ServiceStates.State>? Services)> LoadAsync(CfgResultsEngine engine, Caller caller, CancellationToken ct)
    {
        if (await engine.Sessions.LatestSessionCodeAsync(ct) is not { } code) return (null, null);
        switch (caller.Role)
        {
            case CallerRole.School:
                var session = await engine.Sessions.LoadContextAsync(code, caller.Uai, ct);
                if (session is null) return (null, null);
                var school = session.Schools.FirstOrDefault(s => s.Uai == caller.Uai);
                return (school?.DisplayName, ServiceStates.For(session, engine.Clock.GetUtcNow()));
            case CallerRole.Candidate:
                var own = await CandidateOwnResult.LoadAsync(engine.Database, engine.DocumentAccess, caller, code, ct);
                return (own?.DisplayName, null);
            default:
                return (null, null);
        }
    }
}
