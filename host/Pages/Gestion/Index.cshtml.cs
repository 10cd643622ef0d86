using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>The exam manager's administration, as cards.</summary>
[Authorize(Policy = AuthPolicies.Manager)]
public sealed class IndexModel : PageModel
{
    public static readonly IReadOnlyList<(string Url, string Title, string Text)> Entries =
    [
        ("/gestion/sessions", "Sessions", "Importer une session (dossier d'échange zippé) et voir les sessions importées."),
        ("/gestion/fenetres", "Fenêtres de service", "Ouvrir et fermer les services d'extraction et de publication."),
        ("/gestion/definitions", "Définitions et gabarits", "Modifier, valider, essayer et publier les définitions et les gabarits."),
        ("/gestion/publications", "Publications", "Publier les relevés de notes et suivre les publications planifiées."),
        ("/gestion/comptes", "Comptes", "Créer, désactiver, réinitialiser et débloquer les comptes ; créer ceux des établissements d'une session."),
        ("/gestion/audit", "Journal d'audit", "Qui a fait quoi, et quand."),
        ("/hangfire", "Tâches de fond", "Tableau de bord des tâches (Hangfire)."),
    ];

    public void OnGet() { }
}
