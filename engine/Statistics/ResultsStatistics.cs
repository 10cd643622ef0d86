using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Data.Queries;

namespace CfgResults.Engine.Statistics;

/// <summary>Counts of one group of candidates (a school, a decision group, or all of them).</summary>
/// <param name="Present">Sat at least one épreuve this session: a numeric grade with position Inscrit.</param>
/// <param name="Held">Présomption de fraude: result held, counted neither admitted nor refused.</param>
public sealed record ResultCounts(string Key, int Candidates, int Present, int Admitted, int Refused, int Absent, int Held)
{
    /// <summary>Admitted among the results pronounced (admitted + refused); none pronounced: no rate.</summary>
    public decimal? PassRate => Admitted + Refused == 0 ? null : Math.Round(100m * Admitted / (Admitted + Refused), 1);

    public static ResultCounts Sum(string key, IEnumerable<ResultCounts> parts)
    {
        var list = parts.ToList();
        return new(key, list.Sum(p => p.Candidates), list.Sum(p => p.Present), list.Sum(p => p.Admitted), list.Sum(p => p.Refused),
            list.Sum(p => p.Absent), list.Sum(p => p.Held));
    }
}

/// <summary>Totals from <see cref="From"/> included to <see cref="To"/> excluded (the last bin holds the maximum too).</summary>
public sealed record TotalBin(decimal From, decimal To, int Count);

/// <summary>One épreuve: numeric grades entered this session, their average, and the absences (AB).</summary>
public sealed record ExamFigures(string Code, string Label, decimal MaxPoints, int Graded, decimal? Average, int Absent);

/// <summary>What the results dashboard shows for one session and one viewer.</summary>
public sealed record SessionStatistics(
    SessionInfo Session,
    string? SchoolUai,
    ResultCounts Overall,
    IReadOnlyList<ResultCounts> BySchool,
    IReadOnlyList<ResultCounts> ByGroup,
    IReadOnlyList<TotalBin> Totals,
    decimal TotalMax,
    decimal PassMark,
    IReadOnlyList<ExamFigures> Exams);

/// <summary>
/// The figures of a session's results, computed by SQL in the store (one pass per figure, nothing loaded per
/// candidate), for what the viewer may see: an exam manager the whole session, a school its own students
/// (établissement d'inscription), as its results list. Counted: candidates whose registration is Inscrit. A held
/// result (présomption de fraude) is counted as held, and its grades and total are left out of the averages and
/// the distribution, as they are left out of every other output. The figures hold counts only, never a name.
/// </summary>
public sealed class ResultsStatistics(IDatabase db)
{
    /// <summary>Width of a bin of the distribution of totals, in points.</summary>
    public const int BinPoints = 20;

    /// <returns>Null when the session does not exist.</returns>
    public async Task<SessionStatistics?> ComputeAsync(string sessionCode, string? schoolUai, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        if (await StatisticsQueries.ReadAsync(cn, db.Dialect, sessionCode, schoolUai, BinPoints * 100, ct) is not { } read) return null;
        static ResultCounts Counts(CountRow r) => new(r.Key, (int)r.Candidates, (int)r.Present, (int)r.Admitted, (int)r.Refused, (int)r.Absent, (int)r.Held);
        var bySchool = read.BySchool.Select(Counts).ToList();
        var byGroup = read.ByGroup.Select(Counts).ToList();
        var entered = French.Name(GradingMode.Entered);
        var bins = read.Bins;

        var totalMax = read.Computed is { } computed
            ? StoreFormat.Points(computed.MaxCenti)
            : read.Exams.Where(e => e.Mode == entered).Sum(e => StoreFormat.Points(e.MaxCenti));
        if (totalMax <= 0) totalMax = 400;
        var binCount = (int)Math.Ceiling(totalMax / BinPoints);
        var totals = new List<TotalBin>(binCount);
        for (var i = 0; i < binCount; i++)
        {
            var count = bins.GetValueOrDefault(i);
            // The maximum itself (400 / 20 = bin 20) belongs to the last bin, as does anything past it.
            if (i == binCount - 1) count += bins.Where(b => b.Key > i).Sum(b => b.Value);
            totals.Add(new TotalBin(i * BinPoints, Math.Min((i + 1) * BinPoints, totalMax), count));
        }

        var examFigures = read.Exams
            .Where(e => e.Mode != French.Name(GradingMode.NotGraded))
            .Select(e => read.Figures.TryGetValue(e.Code, out var f)
                ? new ExamFigures(e.Code, e.Label, StoreFormat.Points(e.MaxCenti), (int)f.Graded,
                    f.Graded == 0 ? null : Math.Round((f.Sum ?? 0) / 100m / f.Graded, 2), (int)f.Absent)
                : new ExamFigures(e.Code, e.Label, StoreFormat.Points(e.MaxCenti), 0, null, 0))
            .ToList();

        return new SessionStatistics(read.Session, schoolUai, ResultCounts.Sum("", bySchool), bySchool, byGroup, totals, totalMax, totalMax / 2, examFigures);
    }
}
