using System.Text;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Import;

namespace CfgResults.Engine.Tests.Import;

public sealed class SessionFolderWriterTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("cfg-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static readonly DateTimeOffset Now = new(2026, 6, 20, 10, 30, 0, TimeSpan.FromHours(2));

    static Dictionary<string, byte[]> Files(string dir) =>
        Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void Export_ThenImport_ThenExport_GivesByteIdenticalFiles()
    {
        var first = Path.Combine(_dir, "1");
        var second = Path.Combine(_dir, "2");
        SessionFolderWriter.Write(DemoSessionGenerator.Generate(new DemoOptions(500, 3, Now)), first);
        var result = SessionFolderReader.Read(first);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Take(10)));
        SessionFolderWriter.Write(result.Session, second);

        var a = Files(first);
        var b = Files(second);
        Assert.Equal(["candidats.csv", "epreuves.csv", "etablissements.csv", "fenetres.csv", "notes.csv", "session.csv"], a.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.SequenceEqual(b[name]), name);
    }

    [Fact]
    public void Export_WritesFrenchExcelDialect_WithCanonicalSpellingsAndSortedRows()
    {
        var data = new SessionData(
            new SessionInfo("CFG-2026-06", "CFG", "JUIN 2026", "CERTIFICAT DE FORMATION GÉNÉRALE", "VERSAILLES"),
            [new School("0920001B", "LP", "JEAN MONNET", "NANTERRE"), new School("0783546F", "CLG", "FRANCO ALLEMAND", "BUC")],
            [new Exam("ORAL", "Épreuve orale", GradingMode.Entered, 160, 2), new Exam("D1-FR", "Langue; française", GradingMode.Entered, 30.00m, 1)],
            [
                new Candidate("01843006788", "001", "01", "D'ALMEIDA", "JEAN \"JB\"", new DateOnly(2010, 3, 5), null, "0920001B",
                    CandidateCategory.Individual, RegistrationState.Cancelled, " espace", "CFG-92", true, false, false, null),
                new Candidate("01843006787", "001", "03", "ROSE BONBON", "LUDIVINE", new DateOnly(2010, 1, 1), "1234567890V", "0783546F",
                    CandidateCategory.SchoolPupil, RegistrationState.Registered, null, "CFG-78", false, false, false, Result.Refused),
            ],
            [
                new Grade("01843006787", "ORAL", ExamPosition.Registered, "0783546F", GradeValue.Of(112.50m)),
                new Grade("01843006787", "D1-FR", ExamPosition.Benefit, null, GradeValue.Of(25)),
                new Grade("01843006788", "ORAL", ExamPosition.Exempted, null, GradeValue.Exempted),
            ],
            [new ServiceWindow(ServiceKind.CandidatePublication, "CFG-78", new DateTime(2026, 7, 1, 8, 0, 0), new DateTime(2026, 7, 14, 18, 0, 0)),
             new ServiceWindow(ServiceKind.GradeExtraction, null, new DateTime(2026, 7, 1, 8, 0, 0), new DateTime(2026, 7, 14, 18, 0, 0))]);
        SessionFolderWriter.Write(data, _dir);

        var notes = File.ReadAllBytes(Path.Combine(_dir, "notes.csv"));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, notes[..3]);
        Assert.Equal(
            "numero_candidat;epreuve;position;uai_centre;note\r\n" +
            "01843006787;D1-FR;Bénéfice;;25\r\n" +
            "01843006787;ORAL;Inscrit;0783546F;112,5\r\n" +
            "01843006788;ORAL;Dispensé;;DI\r\n",
            Encoding.UTF8.GetString(notes[3..]));
        Assert.Equal(
            "code;libelle;mode_notation;bareme;ordre;libelle_court\r\nD1-FR;\"Langue; française\";Saisie;30;1;\r\nORAL;Épreuve orale;Saisie;160;2;\r\n",
            Text("epreuves.csv"));
        var candidates = Text("candidats.csv").Split("\r\n");
        Assert.Equal("01843006787;001;03;ROSE BONBON;LUDIVINE;01/01/2010;1234567890V;0783546F;scolaire;Inscrit;;CFG-78;N;N;N;Refusé", candidates[1]);
        Assert.Equal("01843006788;001;01;D'ALMEIDA;\"JEAN \"\"JB\"\"\";05/03/2010;;0920001B;individuel;Annulé;\" espace\";CFG-92;O;N;N;", candidates[2]);
        Assert.Equal(
            "service;groupe_decision;ouverture;fermeture\r\nextraction_notes;;01/07/2026 08:00;14/07/2026 18:00\r\npublication_candidat;CFG-78;01/07/2026 08:00;14/07/2026 18:00\r\n",
            Text("fenetres.csv"));
        Assert.StartsWith("uai;type;nom;commune\r\n0783546F;", Text("etablissements.csv"));

        // What needed quotes comes back as it was.
        var back = SessionFolderReader.Read(_dir);
        Assert.True(back.Succeeded, string.Join("\n", back.Errors));
        Assert.Equal(data.Candidates.OrderBy(c => c.Number), back.Session.Candidates);
    }

    string Text(string name) => Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_dir, name))[3..]);
}
