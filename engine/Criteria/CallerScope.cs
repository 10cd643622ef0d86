using CfgResults.Engine.Accounts;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Criteria;

/// <summary>
/// ARCHITECTURE decision 8, written once: the students a caller may read, as SQL over `candidates c`. A school reads
/// its own students, a candidate only themself, the exam manager everyone. The selection of a run, the search for
/// students and the access to a student's documents all take their scope from here.
/// </summary>
public static class CallerScope
{
    public static SqlFilter OwnStudents(Caller caller) => caller.Role switch
    {
        CallerRole.School => new("c.registration_school = @guard_uai",
            [new("guard_uai", caller.Uai ?? throw new NotAllowedException("établissement sans UAI"))]),
        CallerRole.Candidate => new("c.number = @guard_number",
            [new("guard_number", caller.CandidateNumber ?? throw new NotAllowedException("candidat sans numéro"))]),
        _ => new("1 = 1", []),
    };
}
