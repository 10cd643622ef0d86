using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>
/// Sorts the candidates the French way: accents and case ignored at first level (ÉMILE with EMILE),
/// by the fields named in `by` (nom, prenoms, numero, groupe_decision, resultat), numéro candidat last.
/// </summary>
[StepKind("shape.sort")]
public sealed class SortCandidates : StepKind<SortCandidates.Options>
{
    public sealed record Options(IReadOnlyList<string>? By = null);

    static readonly string[] Default = ["nom", "prenoms", "numero"];

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        var data = context.Data ?? throw new InvalidOperationException("shape.sort demande une sélection avant lui");
        data.Candidates.Sort(Comparer(options.By ?? Default));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every key compared at the first level (letters only: ÉMILE = EMILE = émile) before accents and case
    /// break ties, so that « EMILE Zoé » comes after « ÉMILE Anna »; the numéro candidat last.
    /// </summary>
    public static IComparer<CandidateRecord> Comparer(IReadOnlyList<string> by)
    {
        var keys = by.Select(Key).ToArray();
        return Comparer<CandidateRecord>.Create((a, b) =>
        {
            var r = French.CompareKeys(keys.Select(k => k(a.Candidate)).ToArray(), keys.Select(k => k(b.Candidate)).ToArray());
            return r != 0 ? r : string.CompareOrdinal(a.Candidate.Number, b.Candidate.Number);
        });
    }

    internal static Func<Candidate, string> Key(string field) => field switch
    {
        "nom" => c => c.LastName,
        "prenoms" => c => c.FirstNames,
        "numero" or "numero_candidat" => c => c.Number,
        "groupe_decision" => c => c.DecisionGroup,
        "resultat" => c => c.Result is { } r ? French.Name(r) : "",
        "etablissement_inscription" => c => c.RegistrationSchoolUai,
        _ => throw new InvalidOperationException($"champ de tri inconnu « {field} » (connus : nom, prenoms, numero, groupe_decision, resultat, etablissement_inscription)"),
    };
}

/// <summary>Groups the candidates by a field (default the groupe de décision), groups in French order.</summary>
[StepKind("shape.group")]
public sealed class GroupCandidates : StepKind<GroupCandidates.Options>
{
    public sealed record Options(string By = "groupe_decision");

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        var data = context.Data ?? throw new InvalidOperationException("shape.group demande une sélection avant lui");
        var key = SortCandidates.Key(options.By);
        data.Groups = data.Candidates.GroupBy(c => key(c.Candidate))
            .OrderBy(g => g.Key, French.Collation)
            .Select(g => new CandidateGroup(g.Key, g.ToList()))
            .ToList();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Pivots the épreuves into columns: each candidate gets one cell per column épreuve, in épreuve order
/// (the template sees `c.cellules[code]` and `epreuves`). Columns come from the selection.
/// </summary>
[StepKind("shape.pivot")]
public sealed class PivotExams : StepKind<PivotExams.Options>
{
    public sealed record Options;

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        var data = context.Data ?? throw new InvalidOperationException("shape.pivot demande une sélection avant lui");
        context.Pivoted = true;
        return Task.CompletedTask;
    }
}
