namespace CfgResults.Host.Pages.Navigation;

/// <summary>A top-level menu section (« Résultats ») and its entries, grouped by the path between the section and the entry.</summary>
public sealed record MenuSection(string Title, IReadOnlyList<MenuSubsection> Subsections);

/// <param name="Title">The middle segments joined by « › », or null for entries directly under the section.</param>
public sealed record MenuSubsection(string? Title, IReadOnlyList<MenuEntry> Entries);

public static class MenuGroups
{
    /// <summary>Sections and subsections in the order their first entry appears; a one-segment entry is its own section.</summary>
    public static IReadOnlyList<MenuSection> Group(IEnumerable<MenuEntry> entries) =>
        entries
            .GroupBy(e => e.Path[0])
            .Select(section => new MenuSection(section.Key,
                section.GroupBy(e => e.Path.Count <= 2 ? null : string.Join(" › ", e.Path.Skip(1).Take(e.Path.Count - 2)))
                    .Select(sub => new MenuSubsection(sub.Key, sub.ToList()))
                    .ToList()))
            .ToList();
}
