using System.Security.Claims;
using CfgResults.Engine.Accounts;

namespace CfgResults.Host.Auth;

/// <summary>How a <see cref="Caller"/> travels in the sign-in cookie, and how to get it back.</summary>
public static class CallerClaims
{
    public const string Uai = "uai";
    public const string CandidateNumber = "candidate_number";
    /// <summary>See <see cref="UserAccount.SecurityStamp"/>: a changed password ends older sessions.</summary>
    public const string SecurityStamp = "security_stamp";
    /// <summary>The server-side session's token (<see cref="UserSessions"/>): a cookie is valid only while its session is open.</summary>
    public const string SessionId = "sid";

    public static ClaimsPrincipal ToPrincipal(Caller caller, string securityStamp, string authenticationType, string? sessionId = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, caller.Login),
            new(ClaimTypes.Role, CallerRoles.Name(caller.Role)),
            new(SecurityStamp, securityStamp),
        };
        if (sessionId is not null) claims.Add(new Claim(SessionId, sessionId));
        if (caller.Uai is not null) claims.Add(new Claim(Uai, caller.Uai));
        if (caller.CandidateNumber is not null) claims.Add(new Claim(CandidateNumber, caller.CandidateNumber));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The signed-in caller, or null when anonymous or when the claims do not make a valid caller.</summary>
    public static Caller? TryGetCaller(this ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true }) return null;
        if (!CallerRoles.TryParse(principal.FindFirstValue(ClaimTypes.Role), out var role)) return null;
        return Caller.TryCreate(role, principal.FindFirstValue(Uai), principal.FindFirstValue(CandidateNumber),
            principal.FindFirstValue(ClaimTypes.Name), out var caller, out _) ? caller : null;
    }

    /// <summary>The signed-in caller, or null for an anonymous request.</summary>
    public static Caller? TryGetCaller(this HttpContext context) => context.User.TryGetCaller();

    /// <summary>
    /// The signed-in caller, for code behind an authorization policy (every endpoint is, unless marked
    /// anonymous). Throws when there is none: reaching such code anonymously is a wiring bug, not a user error.
    /// </summary>
    public static Caller GetCaller(this HttpContext context) =>
        context.TryGetCaller() ?? throw new InvalidOperationException("Aucun utilisateur connecté : ce point d'accès doit exiger une authentification.");
}
