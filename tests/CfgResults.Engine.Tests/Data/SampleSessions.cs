using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Tests.Data;

/// <summary>Small hand-made sessions covering every kind of value the store must keep (nulls, accents, each note kind).</summary>
internal static class SampleSessions
{
    public static SessionData Juin2026(string code = "CFG-2026-06", string candidatePrefix = "2026")
    {
        var info = new SessionInfo(code, "CFG", "JUIN 2026", "CERTIFICAT DE FORMATION GÉNÉRALE", "VERSAILLES");
        School[] schools =
        [
            new("0780001A", "CLG", "JEAN MOULIN", "VERSAILLES"),
            new("0783546F", "CLG", "FRANCO ALLEMAND", "BUC"),
            new("0910002B", "LP", "L'ÉCOLE DES MÉTIERS", "ÉVRY"),
        ];
        // Key (code) order, as the store gives them back: OPT before ORA although ORA is shown first.
        Exam[] exams =
        [
            new("FRA", "FRANÇAIS", GradingMode.Entered, 20m, 1),
            new("MAT", "MATHÉMATIQUES", GradingMode.Entered, 20m, 2),
            new("OPT", "OPTION", GradingMode.NotGraded, 0m, 4),
            new("ORA", "ÉPREUVE ORALE", GradingMode.Computed, 50.5m, 3),
        ];
        var n1 = candidatePrefix + "0000001";
        var n2 = candidatePrefix + "0000002";
        var n3 = candidatePrefix + "0000003";
        Candidate[] candidates =
        [
            new(n1, "001", "01", "DUPONT", "Émile Jean", new DateOnly(2010, 3, 14), "1234567890A", "0783546F",
                CandidateCategory.SchoolPupil, RegistrationState.Registered, null, "GROUPE A", false, false, false, Result.Admitted),
            new(n2, "002", "03", "N'GUYEN", "Zoé", new DateOnly(2009, 12, 31), null, "0910002B",
                CandidateCategory.Individual, RegistrationState.Cancelled, "ARTS", "GROUPE B", true, true, true, null),
            new(n3, "003", "01", "ÉTIENNE", "Anne-Marie", new DateOnly(2010, 1, 1), "0987654321Z", "0780001A",
                CandidateCategory.SchoolPupil, RegistrationState.Registered, null, "GROUPE A", false, false, false, Result.Refused),
        ];
        Grade[] grades =
        [
            new(n1, "FRA", ExamPosition.Registered, "0783546F", GradeValue.Of(12.25m)),
            new(n1, "MAT", ExamPosition.Registered, "0783546F", GradeValue.Of(0m)),
            new(n1, "ORA", ExamPosition.Benefit, null, GradeValue.Of(50.5m)),
            new(n2, "FRA", ExamPosition.Registered, "0910002B", GradeValue.Absent),
            new(n2, "MAT", ExamPosition.Exempted, null, GradeValue.Exempted),
            new(n2, "OPT", ExamPosition.Registered, "0910002B", GradeValue.NotEntered),
            new(n3, "FRA", ExamPosition.Registered, "0780001A", GradeValue.Of(20m)),
        ];
        ServiceWindow[] windows =
        [
            new(ServiceKind.GradeExtraction, null, new DateTime(2026, 6, 20, 8, 0, 0), new DateTime(2026, 6, 30, 18, 30, 0)),
            new(ServiceKind.CandidatePublication, "GROUPE A", new DateTime(2026, 7, 3, 10, 0, 0), new DateTime(2026, 9, 30, 23, 59, 0)),
        ];
        return new SessionData(info, schools, exams, candidates, grades, windows);
    }

    public static void AssertSame(SessionData expected, SessionData? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Session, actual.Session);
        Assert.Equal(expected.Schools, actual.Schools);
        Assert.Equal(expected.Exams, actual.Exams);
        Assert.Equal(expected.Candidates, actual.Candidates);
        Assert.Equal(expected.Grades, actual.Grades);
        Assert.Equal(expected.Windows, actual.Windows);
    }
}
