using System.Text;

namespace CfgResults.Engine.Tests.Import;

/// <summary>A temporary interchange folder holding a small valid session that a test then breaks in one place.</summary>
sealed class InterchangeFolder : IDisposable
{
    public static readonly Dictionary<string, string> Valid = new()
    {
        ["session.csv"] = """
            code;domaine;libelle;intitule;academie
            CFG-2026-06;CFG;JUIN 2026;CERTIFICAT DE FORMATION GÉNÉRALE;VERSAILLES
            """,
        ["etablissements.csv"] = """
            uai;type;nom;commune
            0783546F;CLG;FRANCO ALLEMAND;BUC
            0920001B;LP;JEAN MONNET;NANTERRE
            """,
        ["epreuves.csv"] = """
            code;libelle;mode_notation;bareme;ordre
            D1-FR;Langue française;Saisie;30;1
            ORAL;Épreuve orale;Saisie;160;2
            TOTAL;Total des points;Calculée;400;3
            """,
        ["candidats.csv"] = """
            numero_candidat;numero_inscription;version;nom;prenoms;date_naissance;ine;uai_inscription;categorie;etat;specialite;groupe_decision;liste_rouge;presomption_fraude;session_remplacement;resultat
            01843006787;001;03;ROSE BONBON;LUDIVINE;01/01/2010;1234567890V;0783546F;scolaire;Inscrit;;CFG-78;N;N;N;Refusé
            01843006788;001;01;D'ALMEIDA;JEAN-BAPTISTE;2010-03-15;;0920001B;individuel;Inscrit;;CFG-92;N;N;N;
            """,
        ["notes.csv"] = """
            numero_candidat;epreuve;position;uai_centre;note
            01843006787;D1-FR;Inscrit;0783546F;25
            01843006787;ORAL;Inscrit;0920001B;112,5
            01843006787;TOTAL;Inscrit;;137,5
            01843006788;ORAL;Inscrit;0920001B;AB
            """,
        ["fenetres.csv"] = """
            service;groupe_decision;ouverture;fermeture
            extraction_notes;;01/07/2026 08:00;14/07/2026 18:00
            """,
    };

    public InterchangeFolder()
    {
        Path = Directory.CreateTempSubdirectory("cfg-import-").FullName;
        foreach (var (name, text) in Valid) Write(name, text);
    }

    public string Path { get; }

    /// <summary>Writes a file as LF text with a BOM (the reader must take both line ends and both BOM states).</summary>
    public InterchangeFolder Write(string name, string text)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, name), text + "\n", new UTF8Encoding(true));
        return this;
    }

    /// <summary>Replaces text in one file of the valid session; fails if the text is not there, so a fixture change cannot hollow a test.</summary>
    public InterchangeFolder Replace(string name, string oldText, string newText)
    {
        var text = File.ReadAllText(System.IO.Path.Combine(Path, name));
        Assert.Contains(oldText, text);
        File.WriteAllText(System.IO.Path.Combine(Path, name), text.Replace(oldText, newText), new UTF8Encoding(true));
        return this;
    }

    public InterchangeFolder Delete(string name)
    {
        File.Delete(System.IO.Path.Combine(Path, name));
        return this;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
