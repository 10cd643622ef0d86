using CfgResults.Engine.Accounts;

namespace CfgResults.Host.Pages.Navigation;

/// <summary>
/// A fixed menu per role, standing in for the one built from workflow definitions. URLs follow
/// <c>/activites/&lt;definition id&gt;</c>; the pages behind them belong to other areas.
/// </summary>
public sealed class StaticMenuProvider : IMenuProvider
{
    static readonly (CallerRole Role, MenuEntry Entry)[] Entries =
    [
        (CallerRole.School, new(["Résultats", "Génération de documents", "Résultats de mes élèves", "Liste des résultats de mes élèves"],
            "/activites/liste-resultats", "Liste imprimable des élèves de l'établissement et de leurs résultats.")),
        (CallerRole.School, new(["Résultats", "Génération de documents", "Résultats de mes élèves", "Extraire des notes"],
            "/activites/extraction-notes", "Fichier CSV des notes et résultats de vos élèves, pendant l'ouverture du service d'extraction.")),
        (CallerRole.School, new(["Résultats", "Génération de documents", "Centre d'épreuve", "Liste d'affichage"],
            "/activites/liste-affichage", "Liste des résultats à afficher dans le centre d'épreuve, hors liste rouge.")),
        (CallerRole.School, new(["Résultats", "Documents publiés", "Relevés de notes de mes élèves"],
            "/activites/releves-notes", "Relevés de notes publiés par le service des examens.")),
        (CallerRole.Manager, new(["Résultats", "Services", "Fenêtres d'ouverture des services"],
            "/activites/fenetres-service", "Ouvrir et fermer les services d'extraction et de publication.")),
        (CallerRole.Manager, new(["Résultats", "Relevés de notes", "Générer et publier les relevés de notes"],
            "/activites/generation-releves", "Générer une nouvelle version des relevés et fixer leur date de mise à disposition.")),
        (CallerRole.Manager, new(["Administration", "Définitions et modèles"],
            "/activites/definitions", "Modifier, valider et publier les définitions et les modèles de documents.")),
        (CallerRole.Manager, new(["Administration", "Journal d'audit"],
            "/activites/journal", "Qui a fait quoi, et quand.")),
        (CallerRole.Candidate, new(["Mon espace candidat", "Mes relevés de notes"],
            "/activites/mes-releves", "Télécharger vos relevés de notes publiés.")),
    ];

    public ValueTask<IReadOnlyList<MenuEntry>> GetEntriesAsync(Caller caller, CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlyList<MenuEntry>>(Entries.Where(e => e.Role == caller.Role).Select(e => e.Entry).ToList());
}
