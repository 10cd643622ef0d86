using CfgResults.Engine.Definitions;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Versioning;
using CfgResults.Host.Auth;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>One definition or template in the list: its latest version, the one in force, and for a definition its title.</summary>
public sealed record ArtefactRow(ArtefactKind Kind, string Name, ArtefactVersion Latest, int? InForce, string? Title);

/// <summary>The definitions and templates, each with the version in force and its latest version; a form to start a new one.</summary>
[Authorize(Policy = AuthPolicies.Manager)]
public sealed class DefinitionsModel(CfgResultsEngine engine) : PageModel
{
    public IReadOnlyList<ArtefactRow> Definitions { get; private set; } = [];
    public IReadOnlyList<ArtefactRow> Templates { get; private set; } = [];

    /// <summary>Published definitions that no longer load (a template they use changed since): left out of the menu.</summary>
    public IReadOnlyList<Diagnostic> Broken { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "nouveau_type")] public string? NewKind { get; set; }
    [BindProperty(SupportsGet = true, Name = "nouveau_nom")] public string? NewName { get; set; }
    public string? NewError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (NewKind is not null || NewName is not null)
        {
            var name = (NewName ?? "").Trim();
            if (!Artefacts.TryParseKind(NewKind, out var kind))
                NewError = "Choisissez le type : définition ou gabarit.";
            else if (!Artefacts.IsValidName(kind, name))
                NewError = kind == ArtefactKind.Definition
                    ? "Identifiant de définition invalide : minuscules, chiffres et « - », par exemple liste-convocations."
                    : "Nom de gabarit invalide : dossier/nom.sbn en minuscules, par exemple liste-convocations/liste.sbn.";
            else
                return Redirect(Artefacts.Url(kind, name));
        }
        var rows = new List<ArtefactRow>();
        foreach (var (kind, name) in await NamesAsync(ct))
        {
            var versions = await engine.Artefacts.ListVersionsAsync(kind, name, ct);
            if (versions.Count == 0) continue;
            var inForce = versions.Where(v => v.Status == ArtefactStatus.Published).Select(v => (int?)v.Version).Max();
            var title = kind == ArtefactKind.Definition ? engine.Definitions.Get(name)?.Definition.Title : null;
            rows.Add(new ArtefactRow(kind, name, versions[0], inForce, title));
        }
        Definitions = rows.Where(r => r.Kind == ArtefactKind.Definition).ToList();
        Templates = rows.Where(r => r.Kind == ArtefactKind.Template).ToList();
        Broken = engine.Definitions.Diagnostics;
        return Page();
    }

    /// <summary>
    /// Every artefact name, drafts never published included. (ArtefactStore lists only the published ones;
    /// this read-only query belongs there as a ListNamesAsync — see the report.)
    /// </summary>
    async Task<IReadOnlyList<(ArtefactKind Kind, string Name)>> NamesAsync(CancellationToken ct)
    {
        await using var cn = await engine.Database.OpenAsync(ct);
        var rows = await cn.QueryAsync<(string Kind, string Name)>(new CommandDefinition(
            "SELECT DISTINCT kind, name FROM artefact_versions ORDER BY kind, name", cancellationToken: ct));
        return rows.Where(r => Enum.TryParse<ArtefactKind>(r.Kind, out _))
            .Select(r => (Enum.Parse<ArtefactKind>(r.Kind), r.Name))
            .OrderBy(r => r.Item2, StringComparer.Ordinal).ToList();
    }
}
