using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Import;

/// <summary>
/// Issue 13 item 7: a total (an épreuve whose mode is « Calculée ») is not trusted blindly. The product computes
/// it from the candidate's lines — the sum of the points of the épreuves « Saisie », whatever their position
/// (a Bénéfice counts) — and an imported total that disagrees is an error at its line, column `note`, with both
/// values. A candidate without any « Saisie » line, or a total that is AB or empty, is not checked; nor is one
/// with a refused line (it has its own error).
/// </summary>
internal sealed class TotalCheck
{
    readonly Dictionary<string, (decimal Sum, bool Any)> _sums = new(StringComparer.Ordinal);
    readonly List<(string Candidate, decimal Total, int Line)> _totals = [];
    readonly HashSet<string> _skipped = new(StringComparer.Ordinal);

    /// <summary>A line of this candidate was refused: it already has its error, its total is not checked (no cascade).</summary>
    public void Skip(string candidate) => _skipped.Add(candidate);

    public void Note(string candidate, GradingMode mode, GradeValue value, int line)
    {
        switch (mode)
        {
            case GradingMode.Entered:
                var (sum, _) = _sums.GetValueOrDefault(candidate);
                _sums[candidate] = (sum + (value.Kind == GradeKind.Points ? value.Points!.Value : 0m), true);
                break;
            case GradingMode.Computed when value.Kind == GradeKind.Points:
                _totals.Add((candidate, value.Points!.Value, line));
                break;
        }
    }

    public void Check(TableReader t, ErrorLog log)
    {
        foreach (var (candidate, total, line) in _totals)
        {
            if (_skipped.Contains(candidate) || !_sums.TryGetValue(candidate, out var computed) || !computed.Any || computed.Sum == total) continue;
            var imported = InterchangeFormat.FormatDecimal(total);
            log.Add(ImportErrorCode.TotalMismatch, t.File, line, t.Name(4), imported,
                ImportMessages.TotalMismatch(candidate, imported, InterchangeFormat.FormatDecimal(computed.Sum)));
        }
    }
}
