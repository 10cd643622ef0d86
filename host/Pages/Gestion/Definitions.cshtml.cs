using CfgResults.Engine.Definitions;
using CfgResults.Engine.Versioning;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>The definitions and templates, each with the version in force and its latest version; a form to start a new one.</summary>
[Authorize(Policy = AuthPolicies.Manager)]
public sealed class DefinitionsModel(ArtefactCatalog catalog) : PageModel
{
    public IReadOnlyList<ArtefactSummary> Definitions { get; private set; } = [];
    public IReadOnlyList<ArtefactSummary> Templates { get; private set; } = [];

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
        var rows = await catalog.ListAsync(ct);
        Definitions = rows.Where(r => r.Kind == ArtefactKind.Definition).ToList();
        Templates = rows.Where(r => r.Kind == ArtefactKind.Template).ToList();
        Broken = catalog.Broken;
        return Page();
    }
}
