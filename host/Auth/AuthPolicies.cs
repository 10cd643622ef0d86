using CfgResults.Engine.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace CfgResults.Host.Auth;

/// <summary>
/// Authorization policy names, one per role. Use <c>[Authorize(Policy = AuthPolicies.School)]</c> or
/// <c>.RequireAuthorization(AuthPolicies.School)</c>. Without a policy an endpoint still needs a signed-in
/// user (fallback policy): anonymous access is opt-in with <c>[AllowAnonymous]</c>.
/// </summary>
public static class AuthPolicies
{
    public const string School = "Etablissement";
    public const string Manager = "Gestionnaire";
    public const string Candidate = "Candidat";

    internal static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(School, p => p.RequireAuthenticatedUser().RequireRole(CallerRoles.SchoolName).RequireClaim(CallerClaims.Uai));
        options.AddPolicy(Manager, p => p.RequireAuthenticatedUser().RequireRole(CallerRoles.ManagerName));
        options.AddPolicy(Candidate, p => p.RequireAuthenticatedUser().RequireRole(CallerRoles.CandidateName).RequireClaim(CallerClaims.CandidateNumber));
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
