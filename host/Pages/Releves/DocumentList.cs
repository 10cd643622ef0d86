using CfgResults.Engine.Publishing;

namespace CfgResults.Host.Pages.Releves;

/// <summary>
/// Published documents of one candidacy, as the school, the candidate and the exam manager see them. Before
/// its availability date a document shows when it was generated and when it will be available, without a
/// link; the exam manager may open it anyway (he publishes it).
/// </summary>
public sealed record DocumentList(IReadOnlyList<DocumentEntry> Entries, bool OpensBeforeAvailability)
{
    public const string PartialView = "/Pages/Releves/_DocumentList.cshtml";

    public static string Url(DocumentEntry e) => $"/releves/document/{e.Version.Id}";

    public bool HasLink(DocumentEntry e) => e.Available || OpensBeforeAvailability;

    /// <summary>
    /// For a version a later one of the same document replaced: `remplacée par la version n°2 du 19/06/2026` (the next
    /// version available to this reader, or listed to them); null for the latest.
    /// </summary>
    public string? ReplacedBy(DocumentEntry e) =>
        Entries.Where(o => o.Version.Kind == e.Version.Kind && o.Version.Version > e.Version.Version).MinBy(o => o.Version.Version) is { } next
            ? $"remplacée par la version n°{next.Version.Version} du {Engine.Domain.ParisTime.ToLocal(next.Version.GeneratedAt).ToString("dd/MM/yyyy", Engine.Domain.French.Culture)}"
            : null;

    /// <summary>The highest version number: the one in force; the others are marked as replaced (issue 13 item 9).</summary>
    public int LatestVersion => Entries.Count == 0 ? 0 : Entries.Max(e => e.Version.Version);

    public bool Latest(DocumentEntry e) => e.Version.Version == LatestVersion;

    /// <summary>Newest version first, as the memo's list reads.</summary>
    public IEnumerable<DocumentEntry> Ordered => Entries.OrderByDescending(e => e.Version.Version).ThenByDescending(e => e.Version.Id);
}
