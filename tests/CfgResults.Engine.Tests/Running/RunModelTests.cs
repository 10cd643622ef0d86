using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Steps;

namespace CfgResults.Engine.Tests.Running;

public sealed class RunModelTests
{
    static readonly Exam Oral = new("ORAL", "Épreuve orale", GradingMode.Entered, 160, 9);
    static readonly Exam D1 = new("D1", "Domaine 1", GradingMode.Entered, 30, 1);
    static readonly Exam Total = new("TOTAL", "Total des points", GradingMode.Computed, 400, 12);

    static CandidateRecord Record(params Grade[] grades) => new(new Candidate("01000000001", "001", "01", "ÉMILE", "Zoé", new DateOnly(2010, 1, 1),
        null, "0783546F", CandidateCategory.SchoolPupil, RegistrationState.Registered, null, "CFG-78", false, false, false, null), grades);

    static Grade G(string exam, decimal? points) => new("01000000001", exam, ExamPosition.Registered, null,
        points is { } p ? GradeValue.Of(p) : GradeValue.NotEntered);

    [Fact]
    public void Total_IsTheComputedEpreuve_AndNothingWhileItIsNotComputed()
    {
        var exams = new[] { Oral, D1, Total }.ToDictionary(e => e.Code);
        Assert.Equal(230m, RunModel.Total(Record(G("ORAL", 100), G("D1", 30), G("TOTAL", 230)), exams));
        Assert.Null(RunModel.Total(Record(G("ORAL", 100), G("D1", 30), G("TOTAL", null)), exams));
    }

    [Fact]
    public void Total_IsTheSumOfEnteredPoints_WhenTheSessionHasNoComputedEpreuve()
    {
        var exams = new[] { Oral, D1 }.ToDictionary(e => e.Code);
        Assert.Equal(130.5m, RunModel.Total(Record(G("ORAL", 100.5m), G("D1", 30)), exams));
        Assert.Null(RunModel.Total(Record(G("ORAL", null)), exams));
    }

    [Theory]
    [InlineData("12.50", "12,5")]
    [InlineData("200.00", "200")]
    [InlineData("0", "0")]
    [InlineData("99.75", "99,75")]
    public void Points_HaveADecimalComma_AndNoTrailingZeros(string value, string expected) =>
        Assert.Equal(expected, RunModel.FormatPoints(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void FrenchSort_IgnoresAccentsAndCaseFirst_ThenNumber()
    {
        Candidate C(string number, string last, string first) => Record().Candidate with { Number = number, LastName = last, FirstNames = first };
        var list = new List<CandidateRecord>
        {
            new(C("3", "EMILE", "Zoé"), []), new(C("2", "ÉMILE", "Anna"), []), new(C("1", "ÇELIK", "Emma"), []), new(C("4", "CARMIN", "Julien"), []),
            new(C("5", "émile", "anna"), []),
        };
        list.Sort(SortCandidates.Comparer(["nom", "prenoms"]));
        Assert.Equal(["4", "1", "2", "5", "3"], list.Select(c => c.Candidate.Number));
    }

    [Theory]
    [InlineData("notes-0783546F.csv", ".csv", "notes-0783546F.csv")]
    [InlineData("../../etc/passwd", ".csv", "etc-passwd.csv")]
    [InlineData("liste d'affichage é.pdf", ".pdf", "liste-d-affichage-e.pdf")]
    [InlineData("", ".pdf", "edition.pdf")]
    public void DownloadNames_AreSetByTheServer_AndReducedToSafeCharacters(string name, string extension, string expected) =>
        Assert.Equal(expected, DeliverDownload.SafeFileName(name, extension));
}
