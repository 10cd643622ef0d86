using System.Text;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Import;

namespace CfgResults.Engine.Tests.Import;

public sealed class SessionFolderReaderTests : IDisposable
{
    readonly InterchangeFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    ImportError SingleError()
    {
        var result = SessionFolderReader.Read(_folder.Path);
        Assert.False(result.Succeeded);
        return Assert.Single(result.Errors);
    }

    static void AssertPlace(ImportError e, ImportErrorCode code, string file, int line, string? column)
    {
        Assert.Equal(code, e.Code);
        Assert.Equal(file, e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
    }

    [Fact]
    public void Import_ReadsTheValidFolder()
    {
        var result = SessionFolderReader.Read(_folder.Path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var s = result.Session;
        Assert.Equal("CFG-2026-06", s.Session.Code);
        Assert.Equal(2, s.Schools.Count);
        Assert.Equal(GradingMode.Computed, s.Exams.Single(e => e.Code == "TOTAL").GradingMode);
        var c = s.Candidates[1];
        Assert.Equal("D'ALMEIDA", c.LastName);
        Assert.Equal(new DateOnly(2010, 3, 15), c.BirthDate);
        Assert.Null(c.Ine);
        Assert.Null(c.Result);
        Assert.Equal(CandidateCategory.Individual, c.Category);
        Assert.Equal(GradeValue.Of(112.5m), s.Grades[1].Value);
        Assert.Equal(GradeValue.Absent, s.Grades[3].Value);
        Assert.Null(s.Grades[2].CentreUai);
        Assert.Equal(new ServiceWindow(ServiceKind.GradeExtraction, null, new DateTime(2026, 7, 1, 8, 0, 0), new DateTime(2026, 7, 14, 18, 0, 0)), Assert.Single(s.Windows));
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenUaiCheckLetterIsWrong()
    {
        _folder.Replace("etablissements.csv", "0920001B;LP", "0920001C;LP")
            .Replace("candidats.csv", ";0920001B;", ";0920001C;")
            .Replace("notes.csv", "0920001B", "0920001C");
        var e = SingleError();
        AssertPlace(e, ImportErrorCode.InvalidUai, "etablissements.csv", 3, "uai");
        Assert.Equal("0920001C", e.Value);
        Assert.Contains("0920001B", e.Message); // says which code was expected
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenIneIsInvalid()
    {
        _folder.Replace("candidats.csv", "1234567890V", "1234567890A");
        AssertPlace(SingleError(), ImportErrorCode.InvalidIne, "candidats.csv", 2, "ine");
    }

    [Fact]
    public void Import_ReportsHeaderLine_WhenColumnIsUnknown()
    {
        _folder.Replace("etablissements.csv", "uai;type;nom;commune\n", "uai;type;nom;commune;ville\n")
            .Replace("etablissements.csv", "BUC\n", "BUC;X\n")
            .Replace("etablissements.csv", "NANTERRE\n", "NANTERRE;Y\n");
        var e = SingleError();
        AssertPlace(e, ImportErrorCode.UnknownColumn, "etablissements.csv", 1, "ville");
        Assert.Equal("etablissements.csv(1, ville): colonne inconnue 'ville' (colonnes attendues : uai, type, nom, commune)", e.ToString());
    }

    [Fact]
    public void Import_ReportsHeaderLineOnce_WhenRequiredColumnIsMissing()
    {
        _folder.Write("etablissements.csv", "uai;type;nom\n0783546F;CLG;FRANCO ALLEMAND\n0920001B;LP;JEAN MONNET");
        AssertPlace(SingleError(), ImportErrorCode.MissingColumn, "etablissements.csv", 1, "commune");
    }

    [Fact]
    public void Import_DoesNotCheckNotesAgainstCandidates_WhenCandidateKeyColumnIsMissing()
    {
        var text = File.ReadAllText(Path.Combine(_folder.Path, "candidats.csv")).Replace("numero_candidat;", "").Replace("01843006787;", "").Replace("01843006788;", "");
        _folder.Write("candidats.csv", text);
        AssertPlace(SingleError(), ImportErrorCode.MissingColumn, "candidats.csv", 1, "numero_candidat");
    }

    [Fact]
    public void Import_AcceptsMissingOptionalColumnsAndAnyColumnOrder()
    {
        _folder.Write("notes.csv", "note;position;epreuve;numero_candidat\n25;Inscrit;D1-FR;01843006787");
        var result = SessionFolderReader.Read(_folder.Path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(new Grade("01843006787", "D1-FR", ExamPosition.Registered, null, GradeValue.Of(25)), Assert.Single(result.Session.Grades));
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenDateIsInvalid()
    {
        _folder.Replace("candidats.csv", "2010-03-15", "31/02/2010");
        var e = SingleError();
        AssertPlace(e, ImportErrorCode.InvalidDate, "candidats.csv", 3, "date_naissance");
        Assert.Equal("31/02/2010", e.Value);
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenDecimalIsInvalid()
    {
        _folder.Replace("epreuves.csv", "Saisie;160;", "Saisie;16O;");
        AssertPlace(SingleError(), ImportErrorCode.InvalidDecimal, "epreuves.csv", 3, "bareme");
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenNoteHasThreeDecimals()
    {
        _folder.Replace("notes.csv", "112,5", "112,125");
        AssertPlace(SingleError(), ImportErrorCode.TooManyDecimals, "notes.csv", 3, "note");
    }

    [Fact]
    public void Import_ReportsLineColumnAndBareme_WhenGradeIsOverBareme()
    {
        _folder.Replace("notes.csv", "D1-FR;Inscrit;0783546F;25", "D1-FR;Inscrit;0783546F;30,5");
        var e = SingleError();
        AssertPlace(e, ImportErrorCode.OutOfRange, "notes.csv", 2, "note");
        Assert.Equal("notes.csv(2, note): valeur '30,5' hors barème (attendu : nombre entre 0 et 30)", e.ToString());
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenNoteIsNeitherNumberNorAbNorDi()
    {
        _folder.Replace("notes.csv", ";AB", ";ABS");
        AssertPlace(SingleError(), ImportErrorCode.InvalidDecimal, "notes.csv", 5, "note");
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenNoteNamesUnknownCandidate()
    {
        _folder.Replace("notes.csv", "01843006788;ORAL", "01843006789;ORAL");
        var e = SingleError();
        AssertPlace(e, ImportErrorCode.UnknownCandidate, "notes.csv", 5, "numero_candidat");
        Assert.Equal("01843006789", e.Value);
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenNoteNamesUnknownExam()
    {
        _folder.Replace("notes.csv", "01843006788;ORAL", "01843006788;ORALE");
        AssertPlace(SingleError(), ImportErrorCode.UnknownExam, "notes.csv", 5, "epreuve");
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenCentreIsUnknown()
    {
        _folder.Replace("notes.csv", "01843006788;ORAL;Inscrit;0920001B", "01843006788;ORAL;Inscrit;0951234A");
        AssertPlace(SingleError(), ImportErrorCode.UnknownCentre, "notes.csv", 5, "uai_centre");
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenRegistrationSchoolIsUnknown()
    {
        _folder.Replace("candidats.csv", ";0920001B;individuel", ";0951234A;individuel");
        AssertPlace(SingleError(), ImportErrorCode.UnknownSchool, "candidats.csv", 3, "uai_inscription");
    }

    [Fact]
    public void Import_ReportsSecondLineAndFirstLine_WhenCandidateIsDuplicated()
    {
        _folder.Replace("candidats.csv", "01843006788;001;01;D'ALMEIDA", "01843006787;001;01;D'ALMEIDA")
            .Replace("notes.csv", "01843006788;ORAL", "01843006787;D1-FR");
        var errors = SessionFolderReader.Read(_folder.Path).Errors;
        Assert.Equal(2, errors.Count);
        AssertPlace(errors[0], ImportErrorCode.DuplicateKey, "candidats.csv", 3, "numero_candidat");
        Assert.Contains("ligne 2", errors[0].Message);
        AssertPlace(errors[1], ImportErrorCode.DuplicateKey, "notes.csv", 5, "epreuve");
        Assert.Contains("ligne 2", errors[1].Message);
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenEnumValueIsUnknown()
    {
        _folder.Replace("candidats.csv", ";individuel;", ";libre;");
        var e = SingleError();
        AssertPlace(e, ImportErrorCode.InvalidEnum, "candidats.csv", 3, "categorie");
        Assert.Contains("scolaire, individuel", e.Message);
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenBooleanIsInvalid()
    {
        _folder.Replace("candidats.csv", "CFG-92;N;N;N;", "CFG-92;N;peut-être;N;");
        AssertPlace(SingleError(), ImportErrorCode.InvalidBoolean, "candidats.csv", 3, "presomption_fraude");
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenWindowClosesBeforeOpening()
    {
        _folder.Replace("fenetres.csv", "14/07/2026 18:00", "2026-06-30T18:00");
        AssertPlace(SingleError(), ImportErrorCode.WindowClosesBeforeOpening, "fenetres.csv", 2, "fermeture");
    }

    [Fact]
    public void Import_ReportsThirdLine_WhenSessionHasTwoRows()
    {
        _folder.Write("session.csv", InterchangeFolder.Valid["session.csv"] + "\nCFG-2026-09;CFG;SEPTEMBRE 2026;CERTIFICAT DE FORMATION GÉNÉRALE;VERSAILLES");
        AssertPlace(SingleError(), ImportErrorCode.SessionRowCount, "session.csv", 3, null);
    }

    [Fact]
    public void Import_ReportsTheFile_WhenRequiredFileIsMissing()
    {
        _folder.Delete("epreuves.csv");
        // Notes are not checked against a missing épreuves file: one cause, one error.
        var e = SingleError();
        AssertPlace(e, ImportErrorCode.MissingFile, "epreuves.csv", 0, null);
        Assert.Equal("epreuves.csv: fichier absent du dossier", e.ToString());
    }

    [Fact]
    public void Import_Succeeds_WhenOptionalWindowsFileIsMissing()
    {
        _folder.Delete("fenetres.csv");
        var result = SessionFolderReader.Read(_folder.Path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Session.Windows);
    }

    [Fact]
    public void Import_ReportsLineWhereQuoteOpens_WhenQuoteIsNotClosed()
    {
        _folder.Replace("etablissements.csv", "JEAN MONNET", "\"JEAN MONNET");
        AssertPlace(SingleError(), ImportErrorCode.UnclosedQuote, "etablissements.csv", 3, "nom");
    }

    [Fact]
    public void Import_ReportsLineAndColumn_WhenRequiredValueIsEmpty()
    {
        _folder.Replace("candidats.csv", "D'ALMEIDA;JEAN-BAPTISTE", "D'ALMEIDA;");
        AssertPlace(SingleError(), ImportErrorCode.RequiredValue, "candidats.csv", 3, "prenoms");
    }

    [Fact]
    public void Import_ReportsFirstMissingColumn_WhenRowIsShort()
    {
        _folder.Replace("etablissements.csv", "0920001B;LP;JEAN MONNET;NANTERRE", "0920001B;LP");
        AssertPlace(SingleError(), ImportErrorCode.FieldCount, "etablissements.csv", 3, "nom");
    }

    [Fact]
    public void Import_ReportsTheLine_WhenFileIsNotUtf8()
    {
        var path = Path.Combine(_folder.Path, "etablissements.csv");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("uai;type;nom;commune\r\n0783546F;CLG;FRANCO ALLEMAND;BUC\r\n0920001B;LP;JEAN MONNET;NANTERRE\r\n0951234A;LP;LA CERISAIE;CERGY-PR"), 0xC9, .. "FECTURE\r\n"u8]);
        AssertPlace(SingleError(), ImportErrorCode.InvalidEncoding, "etablissements.csv", 4, null);
    }

    [Fact]
    public void Import_ReportsEveryErrorOfEveryFile_AtOnce()
    {
        _folder.Replace("etablissements.csv", "0920001B;LP", "0920001C;LP")
            .Replace("candidats.csv", ";0920001B;", ";0920001C;")
            .Replace("notes.csv", "0920001B", "0920001C")
            .Replace("epreuves.csv", "Saisie;160;", "Saisie;160,001;")
            .Replace("candidats.csv", "01/01/2010", "2010/01/01")
            .Replace("candidats.csv", ";individuel;", ";libre;")
            .Replace("notes.csv", ";112,5", ";200")
            .Replace("notes.csv", "01843006788;ORAL", "01843006789;ORAL")
            .Replace("fenetres.csv", "extraction_notes", "extraction");
        _folder.Write("session.csv", "code;domaine;libelle;intitule\nCFG-2026-06;CFG;JUIN 2026;CFG");
        var errors = SessionFolderReader.Read(_folder.Path).Errors;
        Assert.Equal(
            [
                ("session.csv", 1, "academie"),
                ("etablissements.csv", 3, "uai"),
                ("epreuves.csv", 3, "bareme"),
                ("candidats.csv", 2, "date_naissance"),
                ("candidats.csv", 3, "categorie"),
                ("notes.csv", 5, "numero_candidat"),
                ("fenetres.csv", 2, "service"),
            ],
            errors.Select(e => (e.File, e.Line, e.Column)));
        // The school with a bad UAI and the épreuve with a bad barème still exist as keys: no cascade of "unknown".
        // The 200 points over ORAL's barème is not checkable because that barème is invalid.
    }

    [Fact]
    public void Import_CountsInsteadOfListing_BeyondTheLimitPerFile()
    {
        var lines = Enumerable.Range(0, 30).Select(i => $"01843006787;D1-FR;Inscrit;;{31 + i}");
        _folder.Write("notes.csv", "numero_candidat;epreuve;position;uai_centre;note\n" + string.Join("\n", lines));
        var errors = SessionFolderReader.Read(_folder.Path, maxErrorsPerFile: 10).Errors;
        Assert.Equal(11, errors.Count);
        Assert.Equal(ImportErrorCode.TooManyErrors, errors[^1].Code);
        Assert.Contains("49 autre(s) erreur(s)", errors[^1].Message); // 30 out of range + 29 duplicates, 10 shown
    }

    [Fact]
    public void Import_AcceptsLenientForms_AndStoresCanonicalValues()
    {
        _folder.Write("candidats.csv", """
            NUMERO_CANDIDAT;numero_inscription;version;nom;prenoms;date_naissance;ine;uai_inscription;categorie;etat;specialite;groupe_decision;liste_rouge;presomption_fraude;session_remplacement;resultat
            01843006787;001;03;"ROSE BONBON";" LUDIVINE ";01/01/2010;;0783546F;SCOLAIRE;inscrit;;CFG-78;oui;NON;n;refuse
            01843006788 ; 001 ;01;"D""ALMEIDA; ET FILS";"JEAN
            BAPTISTE";2010-03-15;;0920001B;Individuel;ANNULE;;CFG-92;O;Oui;non;
            """.Replace("\n", "\r\n"));
        _folder.Replace("epreuves.csv", "Calculée", "calculee")
            .Replace("notes.csv", "112,5", "112.5")
            .Replace("notes.csv", "Inscrit;0783546F", "INSCRIT;0783546F")
            .Replace("notes.csv", ";AB", ";ab")
            .Replace("fenetres.csv", "extraction_notes;;01/07/2026 08:00", "EXTRACTION_NOTES;;2026-07-01T08:00");
        var result = SessionFolderReader.Read(_folder.Path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var s = result.Session;
        Assert.Equal(
            new Candidate("01843006787", "001", "03", "ROSE BONBON", " LUDIVINE ", new DateOnly(2010, 1, 1), null, "0783546F",
                CandidateCategory.SchoolPupil, RegistrationState.Registered, null, "CFG-78", true, false, false, Result.Refused),
            s.Candidates[0]);
        var c = s.Candidates[1];
        Assert.Equal("D\"ALMEIDA; ET FILS", c.LastName);
        Assert.Equal("JEAN\r\nBAPTISTE", c.FirstNames);
        Assert.Equal(RegistrationState.Cancelled, c.State);
        Assert.True(c.RedList && c.FraudSuspected && !c.ReplacementSession);
        Assert.Equal(GradingMode.Computed, s.Exams[2].GradingMode);
        Assert.Equal(GradeValue.Of(112.5m), s.Grades[1].Value);
        Assert.Equal(GradeValue.Absent, s.Grades[3].Value);
        Assert.Equal(new DateTime(2026, 7, 1, 8, 0, 0), s.Windows[0].Opens);
    }

    [Fact]
    public void Import_CountsPhysicalLines_WhenAQuotedFieldSpansLines()
    {
        _folder.Write("etablissements.csv", "uai;type;nom;commune\r\n0783546F;CLG;\"FRANCO\r\nALLEMAND\";BUC\r\n\r\n0920001C;LP;JEAN MONNET;NANTERRE");
        _folder.Replace("candidats.csv", ";0920001B;", ";0783546F;").Replace("notes.csv", "0920001B", "0783546F");
        // Line 2–3 is one record, line 4 is blank, so the bad UAI is on line 5.
        AssertPlace(SingleError(), ImportErrorCode.InvalidUai, "etablissements.csv", 5, "uai");
    }

    [Fact]
    public void Import_ReportsTheFolder_WhenItDoesNotExist()
    {
        var result = SessionFolderReader.Read(Path.Combine(_folder.Path, "absent"));
        Assert.Equal(ImportErrorCode.MissingFile, Assert.Single(result.Errors).Code);
    }
}
