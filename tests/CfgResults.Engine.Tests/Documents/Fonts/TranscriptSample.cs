using System.Text;

namespace CfgResults.Engine.Tests.Documents.Fonts;

/// <summary>
/// A one-page transcript shaped like templates/releve-notes/releve.sbn renders it: header, footer, heading,
/// a 6-row identity table, a 10-row grade table and a few paragraphs.
/// </summary>
internal static class TranscriptSample
{
    static readonly (string Subject, string Position, string Grade)[] Grades =
    [
        ("Français", "Présent", "12,50"),
        ("Mathématiques", "Présent", "14,00"),
        ("Histoire-géographie et éducation civique", "Présent", "09,75"),
        ("Sciences et technologie", "Présent", "11,25"),
        ("Langue vivante étrangère : anglais", "Présent", "15,00"),
        ("Éducation physique et sportive", "Dispensé", ""),
        ("Arts plastiques", "Présent", "13,50"),
        ("Éducation musicale", "Absent", "00,00"),
        ("Entretien oral – projet professionnel", "Présent", "16,00"),
        ("Prévention santé environnement", "Présent", "10,50"),
    ];

    public static string Markup()
    {
        var sb = new StringBuilder();
        sb.Append("""
            <document title="Relevé de notes - DUPONT-ŒLGAARD Françoise Élise - Juin 2018" author="Rectorat de l’académie de Versailles" lang="fr">
            <header>
            <p size="9">Académie de Versailles</p>
            <p size="9">Certificat de formation générale - Session Juin 2018</p>
            </header>
            <footer><p align="right" size="8">Relevé de notes - Version n°2 - Page <page-number/> / <page-count/></p></footer>
            <h1>Relevé de notes</h1>
            <p bold="true">Certificat de formation générale - Juin 2018</p>
            <table widths="35,65">
            <tbody>
            <tr><td>Nom</td><td>DUPONT-ŒLGAARD</td></tr>
            <tr><td>Prénoms</td><td>Françoise Élise Noëlle</td></tr>
            <tr><td>Né(e) le</td><td>12/03/2002</td></tr>
            <tr><td>Numéro candidat</td><td>0750001A-00042</td></tr>
            <tr><td>Numéro d'inscription</td><td>2018-CFG-004217</td></tr>
            <tr><td>Établissement</td><td>0750001A - Collège Saint-Exupéry (Paris 15e)</td></tr>
            </tbody>
            </table>
            <spacer height="12"/>
            <table widths="46,20,17,17">
            <thead><tr><th>Épreuve</th><th>Position</th><th>Note</th><th>Barème</th></tr></thead>
            <tbody>

            """);
        foreach (var (subject, position, grade) in Grades)
            sb.Append($"<tr><td>{subject}</td><td>{position}</td><td align=\"right\">{grade}</td><td align=\"right\">20</td></tr>\n");
        sb.Append("""
            </tbody>
            </table>
            <spacer height="12"/>
            <p bold="true">Total : 112,50 points</p>
            <p bold="true">Résultat : Admis</p>
            <spacer height="12"/>
            <p>Le jury « CFG » a délibéré le 05/06/2018 ; coefficient œuvre : 1 € – mention très bien à 16° près… l’élève • Œ.</p>
            <p size="9">Version n°2 générée le 05/06/2018, disponible à partir du 06/06/2018 à 09:00 (publié par le Rectorat de l’académie de Versailles)</p>
            </document>
            """);
        return sb.ToString();
    }
}
