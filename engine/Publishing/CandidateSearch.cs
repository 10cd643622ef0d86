using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Data.Queries;

namespace CfgResults.Engine.Publishing;

/// <summary>One line of the search result list: `01843006787 | 001 Version 03 | TEST | Erwan | 01/01/2001`.</summary>
public sealed record CandidateSummary(string Number, string Registration, string LastName, string FirstNames, DateOnly BirthDate);

public sealed record SearchPage(IReadOnlyList<CandidateSummary> Items, int Total, int First, int Last)
{
    /// <summary>`Affichage de l'élément 1 à 3 sur 3 élément(s)`</summary>
    public string Caption => Total == 0 ? "Aucun élément" : $"Affichage de l'élément {First} à {Last} sur {Total} élément(s)";
}

/// <summary>
/// The school's student search (memo section 6): any criteria of the criteria tree, always within the
/// school's own students; the exam manager searches the whole session. Sorted the French way, paged.
/// </summary>
public sealed class CandidateSearch(IDatabase db)
{
    public async Task<SearchPage> SearchAsync(Caller caller, string sessionCode, IReadOnlyList<EffectiveCriterion> criteria, int page, int pageSize, CancellationToken ct = default)
    {
        if (caller.Role == CallerRole.Candidate) throw new NotAllowedException("la recherche d'élèves est réservée aux établissements");
        var filter = CriteriaCompiler.CompileCandidateFilter(criteria, "cp");
        var scope = CallerScope.OwnStudents(caller);
        await using var cn = await db.OpenAsync(ct);
        var rows = await CandidateQueries.SearchAsync(cn, sessionCode, new Where(scope.Sql, scope.Parameters), new Where(filter.Sql, filter.Parameters), ct);
        // French collation is done here rather than in SQL so that SQLite and PostgreSQL sort alike.
        var sorted = rows.Select(r => new CandidateSummary(r.Number, $"{r.Reg} Version {r.Version}", r.Last, r.First,
                DateOnly.ParseExact(r.Birth, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        sorted.Sort((a, b) => Domain.French.CompareKeys([a.LastName, a.FirstNames], [b.LastName, b.FirstNames]) is var r && r != 0
            ? r : string.CompareOrdinal(a.Number, b.Number));
        pageSize = Math.Clamp(pageSize, 1, 500);
        var pages = Math.Max(1, (sorted.Count + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pages);
        var items = sorted.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var first = items.Count == 0 ? 0 : (page - 1) * pageSize + 1;
        return new SearchPage(items, sorted.Count, first, first + items.Count - (items.Count == 0 ? 0 : 1));
    }
}
