using CfgResults.Engine.Accounts;

namespace CfgResults.Host.Pages.Navigation;

/// <summary>
/// One entry of the navigation: its French path in the menu, from the top
/// (<c>Résultats › Génération de documents › Résultats de mes élèves › Extraire des notes</c>), the last
/// segment being the entry's own title, and the URL it opens.
/// </summary>
public sealed record MenuEntry(IReadOnlyList<string> Path, string Url, string? Description = null)
{
    public string Title => Path[^1];

    /// <summary>The segments above the title, e.g. « Génération de documents › Résultats de mes élèves ».</summary>
    public IReadOnlyList<string> Parents => Path.Take(Path.Count - 1).ToList();

    public override string ToString() => $"{string.Join(" > ", Path)} → {Url}";
}

/// <summary>
/// The menu entries a caller may use, already filtered by role: the layout and the home page show exactly
/// this list. The product builds it from the published workflow definitions (their <c>menu</c> and
/// <c>audience</c>); <see cref="StaticMenuProvider"/> stands in until then.
/// </summary>
public interface IMenuProvider
{
    ValueTask<IReadOnlyList<MenuEntry>> GetEntriesAsync(Caller caller, CancellationToken ct = default);
}
