// TEMPORARY stand-in until the accounts branch lands (engine/Accounts/Caller.cs).
namespace CfgResults.Engine.Accounts;

public enum CallerRole { School, Manager, Candidate }

public sealed record Caller(CallerRole Role, string? Uai, string? CandidateNumber, string Login)
{
    public override string ToString() => Role switch
    {
        CallerRole.School => $"etablissement:{Uai}",
        CallerRole.Candidate => $"candidat:{CandidateNumber}",
        _ => "gestionnaire",
    };
}
