using CfgResults.Engine.Domain;
using CfgResults.Engine.Import;

namespace CfgResults.Engine.Tests.Import;

/// <summary>Issue 13 item 7: an imported total (épreuve « Calculée ») must equal the sum of the candidate's « Saisie » lines.</summary>
public sealed class TotalCheckTests : IDisposable
{
    readonly InterchangeFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Import_RefusesATotalThatDisagreesWithItsLines_AtItsLineAndColumn_WithBothValues()
    {
        // The oral changed from 112,5 to 150, the total left as it was.
        _folder.Replace("notes.csv", "01843006787;ORAL;Inscrit;0920001B;112,5", "01843006787;ORAL;Inscrit;0920001B;150");
        var result = SessionFolderReader.Read(_folder.Path);
        Assert.False(result.Succeeded);
        var e = Assert.Single(result.Errors);
        Assert.Equal(ImportErrorCode.TotalMismatch, e.Code);
        Assert.Equal(("notes.csv", 4, "note", "137,5"), (e.File, e.Line, e.Column, e.Value));
        Assert.Equal("notes.csv(4, note): total '137,5' du candidat '01843006787' différent de la somme de ses notes saisies : 175 (attendu : 175)", e.ToString());
    }

    [Fact]
    public void Import_ChecksTheTotal_WhenItsLineComesBeforeTheOthers()
    {
        _folder.Write("notes.csv", """
            numero_candidat;epreuve;position;uai_centre;note
            01843006787;TOTAL;Inscrit;;130
            01843006787;D1-FR;Inscrit;0783546F;25
            01843006787;ORAL;Inscrit;0920001B;112,5
            """);
        var e = Assert.Single(SessionFolderReader.Read(_folder.Path).Errors);
        Assert.Equal((ImportErrorCode.TotalMismatch, 2, "130"), (e.Code, e.Line, e.Value));
        Assert.Contains(": 137,5", e.Message);
    }

    [Fact]
    public void Import_AcceptsATotalEqualToItsLines_CountingABenefitAndSkippingAbsences()
    {
        _folder.Write("notes.csv", """
            numero_candidat;epreuve;position;uai_centre;note
            01843006787;D1-FR;Bénéfice;;25
            01843006787;ORAL;Inscrit;0920001B;AB
            01843006787;TOTAL;Inscrit;;25
            01843006788;ORAL;Inscrit;0920001B;AB
            01843006788;TOTAL;Inscrit;;AB
            """);
        var result = SessionFolderReader.Read(_folder.Path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(GradeValue.Of(25), result.Session.Grades.Single(g => g.CandidateNumber == "01843006787" && g.ExamCode == "TOTAL").Value);
    }

    [Fact]
    public void Import_OfTheDemoSession_HasNoTotalError()
    {
        var demo = CfgResults.Engine.Demo.DemoSessionGenerator.Generate(500, 3, new DateTimeOffset(2026, 6, 20, 10, 0, 0, TimeSpan.FromHours(2)));
        using var folder = new InterchangeFolder();
        SessionFolderWriter.Write(demo, folder.Path);
        var result = SessionFolderReader.Read(folder.Path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Take(5)));
    }
}
