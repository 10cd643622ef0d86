using CfgResults.Engine.Accounts;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Running;

namespace CfgResults.Host.Pages.Navigation;

/// <summary>
/// The menu from the published workflow definitions (their `menu` path and `audience`), plus the pages
/// that are not workflows (transcript search, one's runs, the exam manager's administration).
/// </summary>
public sealed class DefinitionMenuProvider(IDefinitionSource definitions) : IMenuProvider
{
    public static readonly IReadOnlyList<(CallerRole Role, MenuEntry Entry)> Fixed =
    [
        (CallerRole.School, new(["Résultats", "Documents générés", "Relevé de notes de mes élèves", "Relevés de notes d'un élève"], "/releves",
            "Rechercher un ou plusieurs élèves et consulter les relevés de notes publiés.")),
        (CallerRole.School, new(["Mes éditions"], "/editions", "Les éditions lancées, leur état et leurs fichiers.")),
        (CallerRole.School, new(["Résultats", "Tableau de bord des résultats"], "/tableau",
            "Candidats, présents, admis, taux de réussite, répartition des totaux et épreuves de vos élèves.")),
        (CallerRole.Manager, new(["Résultats", "Tableau de bord des résultats"], "/tableau",
            "Candidats, présents, admis, taux de réussite par établissement et par groupe, répartition des totaux et épreuves de la session.")),
        (CallerRole.Manager, new(["Résultats", "Documents générés", "Relevés de notes des candidats"], "/releves",
            "Rechercher un candidat et consulter ses relevés de notes.")),
        (CallerRole.Manager, new(["Gestion", "Sessions"], "/gestion/sessions", "Importer une session (dossier zippé au format d'échange).")),
        (CallerRole.Manager, new(["Gestion", "Fenêtres de service"], "/gestion/fenetres", "Ouvrir et fermer les services d'extraction et de publication.")),
        (CallerRole.Manager, new(["Gestion", "Définitions et gabarits"], "/gestion/definitions", "Modifier, valider et publier les définitions et les gabarits.")),
        (CallerRole.Manager, new(["Gestion", "Publications planifiées"], "/gestion/publications", "Publications de relevés prévues à une date.")),
        (CallerRole.Manager, new(["Gestion", "Comptes"], "/gestion/comptes", "Créer, désactiver, réinitialiser et débloquer les comptes.")),
        (CallerRole.Manager, new(["Gestion", "Journal d'audit"], "/gestion/audit", "Qui a fait quoi, et quand.")),
        (CallerRole.Manager, new(["Gestion", "Tâches de fond"], "/hangfire", "Tableau de bord des tâches (Hangfire).")),
        (CallerRole.Manager, new(["Mes éditions"], "/editions", "Les éditions lancées, leur état et leurs fichiers.")),
        (CallerRole.Candidate, new(["Mes documents"], "/candidat", "Vos relevés de notes publiés.")),
    ];

    public ValueTask<IReadOnlyList<MenuEntry>> GetEntriesAsync(Caller caller, CancellationToken ct = default)
    {
        var fromDefinitions = definitions.List()
            .Where(d => Engine.Running.Runner.AudienceAllows(d.Definition.Audience, caller))
            .Select(d => new MenuEntry(d.Definition.Menu.Count > 0 ? d.Definition.Menu : [d.Definition.Title], $"/activites/{d.Definition.Id}",
                d.Definition.Description));
        var entries = fromDefinitions.Concat(Fixed.Where(f => f.Role == caller.Role).Select(f => f.Entry))
            .OrderBy(e => e.Path[0] == "Résultats" ? 0 : e.Path[0] == "Gestion" ? 2 : 1)
            .ThenBy(e => string.Join(" > ", e.Path.Take(e.Path.Count - 1)), StringComparer.Ordinal)
            .ToList();
        return ValueTask.FromResult<IReadOnlyList<MenuEntry>>(entries);
    }
}
