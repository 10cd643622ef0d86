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

    /// <summary>The highest version number: the one in force; the others are marked as replaced (issue 13 item 9).</summary>
    public int LatestVersion => Entries.Count == 0 ? 0 : Entries.Max(e => e.Version.Version);

    public bool Latest(DocumentEntry e) => e.Version.Version == LatestVersion;

    /// <summary>Newest version first, as the memo's list reads.</summary>
    public IEnumerable<DocumentEntry> Ordered => Entries.OrderByDescending(e => e.Version.Version).ThenByDescending(e => e.Version.Id);
}
