using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data.Queries;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>
/// The display list's two uses (memo section 5, DOMAIN.md « Display lists in practice »): the parameter named
/// by `parameter` says `admis` (default: the list pinned up in the centre, admitted candidates only) or `tous`
/// (the centre's archive copy, every result). Any other value keeps the admitted only.
/// </summary>
[StepKind("shape.results")]
public sealed class KeepResults : StepKind<KeepResults.Options>
{
    public const string Admitted = "admis", All = "tous";

    public sealed record Options(string Parameter = "resultats");

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        var data = context.Data ?? throw new InvalidOperationException("shape.results demande une sélection avant lui");
        if (!IsAll(context, options.Parameter))
            data.Candidates.RemoveAll(c => c.Candidate.Result != Result.Admitted || c.Candidate.FraudSuspected);
        context.RowCount = data.Candidates.Count;
        return Task.CompletedTask;
    }

    internal static bool IsAll(RunContext context, string parameter) =>
        context.Parameters.TryGetValue(parameter, out var v) && v is string s && string.Equals(s.Trim(), All, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Issue 14 item 6: how many candidates who sat in the caller's centre are left off the display list, and why
/// (liste rouge, présomption de fraude, session de remplacement): counts only, never a name. Each candidate is
/// counted once, under the first reason in that order. The template sees `exclusions` with `liste_rouge`,
/// `presomption_fraude`, `session_remplacement` and `total`.
/// </summary>
[StepKind("count.exclusions")]
public sealed class CountExclusions : StepKind<CountExclusions.Options>
{
    public sealed record Options;

    protected override async Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        var data = context.Data ?? throw new InvalidOperationException("count.exclusions demande une sélection avant lui");
        if (context.Caller.Role != CallerRole.School || context.Caller.Uai is not { } uai)
            throw new NotAllowedException("les candidats non listés se comptent pour un centre d'épreuve");
        await using var cn = await context.Services.Database.OpenAsync(ct);
        // The same « sat in the centre » as the list itself (Selection.Guard), without its red-list and fraud filter.
        var (redList, fraud, replacement) = await CandidateQueries.CountExclusionsAsync(cn, context.Session.Session.Code, uai, context.OpenDecisionGroups, ct);
        data.Extras["exclusions"] = new Dictionary<string, object?>
        {
            ["liste_rouge"] = redList,
            ["presomption_fraude"] = fraud,
            ["session_remplacement"] = replacement,
            ["total"] = redList + fraud + replacement,
        };
    }
}
