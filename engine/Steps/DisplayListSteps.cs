using CfgResults.Engine.Accounts;
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
        var groups = context.OpenDecisionGroups;
        var groupFilter = groups is null ? "" : groups.Count == 0 ? "AND 1 = 0"
            : $"AND c.decision_group IN ({string.Join(", ", groups.Select((_, i) => "@group" + i))})";

        await using var cn = await context.Services.Database.OpenAsync(ct);
        await using var cmd = cn.CreateCommand();
        // The same « sat in the centre » as the list itself (Selection.Guard), without its red-list and fraud filter.
        cmd.CommandText = $"""
            SELECT
              COALESCE(SUM(CASE WHEN c.red_list <> 0 THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN c.red_list = 0 AND c.fraud_suspected <> 0 THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN c.red_list = 0 AND c.fraud_suspected = 0 AND c.replacement_session <> 0 THEN 1 ELSE 0 END), 0)
            FROM candidates c
            WHERE c.session_id = (SELECT id FROM sessions WHERE code = @session_code)
              AND c.state = @registered
              AND (c.red_list <> 0 OR c.fraud_suspected <> 0 OR c.replacement_session <> 0)
              AND c.number IN (SELECT gs.candidate_number FROM grades gs
                               WHERE gs.session_id = (SELECT id FROM sessions WHERE code = @session_code)
                                 AND gs.centre_uai = @uai AND gs.position = 'Inscrit' AND gs.note_kind = 'Points')
              {groupFilter}
            """;
        Add(cmd, "session_code", context.Session.Session.Code);
        Add(cmd, "registered", French.Name(RegistrationState.Registered));
        Add(cmd, "uai", uai);
        for (var i = 0; i < (groups?.Count ?? 0); i++) Add(cmd, "group" + i, groups![i]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        long redList = Convert.ToInt64(r.GetValue(0)), fraud = Convert.ToInt64(r.GetValue(1)), replacement = Convert.ToInt64(r.GetValue(2));
        data.Extras["exclusions"] = new Dictionary<string, object?>
        {
            ["liste_rouge"] = redList,
            ["presomption_fraude"] = fraud,
            ["session_remplacement"] = replacement,
            ["total"] = redList + fraud + replacement,
        };
    }

    static void Add(System.Data.Common.DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
