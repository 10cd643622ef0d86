using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Steps;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>
/// Issue 14 item 3: `extraction-notes` with `format=xlsx` writes a workbook from the same template as the CSV,
/// read back here with the Open XML SDK. The tiny session's numéros candidats start with `0782600…`.
/// </summary>
public sealed class ExtractionXlsxTests : IAsyncLifetime
{
    EngineFixture _f = null!;
    readonly TinySession _s = new();
    Candidate _emile = null!, _formula = null!, _noIne = null!;

    public async Task InitializeAsync()
    {
        _emile = _s.Add("EMILE", "Anna", rows: n =>
        [
            new Grade(n, "ECRIT-FR", ExamPosition.Benefit, null, GradeValue.Of(12.5m)),
            new Grade(n, "ORAL", ExamPosition.Registered, TinySession.Buc.Uai, GradeValue.Absent),
            new Grade(n, "ECRIT-MATH", ExamPosition.Exempted, null, GradeValue.Exempted),
            new Grade(n, "TOTAL", ExamPosition.Registered, null, GradeValue.Of(200)),
        ]);
        _s.Add("DURAND", "Marie", tweak: c => c with { Result = Result.Refused });
        _noIne = _s.Add("DURAND", "Alice", tweak: c => c with { Ine = null });
        _formula = _s.Add("=HYPERLINK(\"http://evil.example/\",\"clic\")", "＠SOMME(1)");
        _s.Add("ROUGE", "Liste", tweak: c => c with { RedList = true });
        var data = _s.Build();
        // A short libellé on one épreuve; the others keep their libellé as header.
        data = data with { Exams = [.. data.Exams.Select(e => e.Code == "ECRIT-FR" ? e with { ShortLabel = "Français" } : e)] };
        _f = await EngineFixture.OpenAsync(data);
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    static Dictionary<string, string> Params(string format) => new()
    {
        ["groupe_decision"] = "CFG-78", ["inclure_nom"] = "O", ["inclure_identifiant"] = "O", ["inclure_ine"] = "O",
        ["inclure_date_naissance"] = "O", ["format"] = format,
    };

    async Task<(RunRecord Run, XlsxBook Book)> Xlsx()
    {
        var run = await _f.RunOkAsync("extraction-notes", EngineFixture.School(), Params("xlsx"));
        return (run, XlsxBook.Read(_f.OutputBytes(run)));
    }

    [Fact]
    public async Task Xlsx_HasTheSameRowsAsTheCsv_ReadAsAFrenchUserSeesThem()
    {
        var csv = _f.OutputCsv(await _f.RunOkAsync("extraction-notes", EngineFixture.School(), Params("csv"))).Rows;
        var (run, book) = await Xlsx();

        Assert.Equal(csv.Count, book.Rows.Count);
        Assert.Equal(csv.Count - 1, run.RowCount);
        for (var i = 1; i < csv.Count; i++)
            Assert.Equal(csv[i], book.Rows[i].Select(XlsxBook.Shown).Concat(Enumerable.Repeat("", csv[i].Length - book.Rows[i].Length)).ToArray());
    }

    [Fact]
    public async Task Xlsx_KeepsIdentifiersAsText_GradesAsNumbers_DatesAsDates()
    {
        var (_, book) = await Xlsx();
        var emile = book.Rows.Single(r => r.Length > 2 && Equals(r[2], _emile.Number));

        Assert.StartsWith("0", _emile.Number);
        Assert.Equal(_emile.Number, Assert.IsType<string>(emile[2]));   // leading zero kept
        Assert.Equal(_emile.Ine, Assert.IsType<string>(emile[3]));
        Assert.Equal(new DateTime(2010, 3, 7), Assert.IsType<DateTime>(emile[4]));
        Assert.Equal(12.5m, Assert.IsType<decimal>(emile[5]));           // Français /120
        Assert.Equal("AB", emile[6]);                                    // Oral: absent stays text
        Assert.Null(emile[7]);                                           // Dispensé: empty
        Assert.Equal(200m, Assert.IsType<decimal>(emile[8]));            // Total
        Assert.Equal("Admis", emile[9]);
        Assert.Null(book.Rows.Single(r => r.Length > 2 && Equals(r[2], _noIne.Number))[3]);
        Assert.Equal("dd/mm/yyyy", book.NumberFormats[4]);
    }

    [Fact]
    public async Task Xlsx_HeaderIsShort_WithTheBareme_BoldFrozenFiltered_AndTheFullLibelleAsNote()
    {
        var (_, book) = await Xlsx();

        Assert.Equal(["Nom", "Prénoms", "Numéro candidat", "INE", "Date de naissance", "Français /120", "Épreuve orale /160",
            "Épreuve écrite de mathématiques /120", "Total des points /400", "Résultat"], book.Rows[0].Select(XlsxBook.Shown));
        Assert.True(book.HeaderBold);
        Assert.True(book.HeaderFrozen);
        Assert.Equal("A1:J1", book.AutoFilter);
        Assert.Equal("Épreuve écrite de français", book.Notes["F1"]);
        Assert.Equal("Épreuve orale", book.Notes["G1"]);
        Assert.False(book.Notes.ContainsKey("A1"));
        Assert.Equal("Extraire des notes", book.SheetName);
    }

    [Fact]
    public async Task Xlsx_NeutralisesFormulaText_AsTheCsvDoes_AndHoldsNoFormula()
    {
        var csv = _f.OutputCsv(await _f.RunOkAsync("extraction-notes", EngineFixture.School(), Params("csv"))).Rows;
        var (_, book) = await Xlsx();
        var row = book.Rows.Single(r => r.Length > 2 && Equals(r[2], _formula.Number));

        Assert.Equal("'=HYPERLINK(\"http://evil.example/\",\"clic\")", row[0]);
        Assert.Equal("'＠SOMME(1)", row[1]);
        Assert.Equal(csv.Single(r => r[2] == _formula.Number)[..2], new[] { (string)row[0]!, (string)row[1]! });
        Assert.False(book.HasFormula);
    }

    [Fact]
    public async Task Xlsx_IsDownloadedAsAWorkbook_NamedBySchool_AndTheCsvStaysTheDefault()
    {
        var (run, _) = await Xlsx();
        Assert.Matches(@"^notes-0783546F-CFG-\d+-[A-Z0-9-]+\.xlsx$", run.Output!.FileName);
        Assert.Equal(RenderXlsx.ContentType, run.Output.ContentType);

        var parameters = Params("csv");
        parameters.Remove("format");
        var csv = await _f.RunOkAsync("extraction-notes", EngineFixture.School(), parameters);
        Assert.Matches(@"^notes-0783546F-CFG-\d+-[A-Z0-9-]+\.csv$", csv.Output!.FileName);
        Assert.Equal("text/csv; charset=utf-8", csv.Output.ContentType);
    }

    [Fact]
    public async Task Xlsx_RedListedStudentsStayOut_AsInTheCsv()
    {
        var (_, book) = await Xlsx();
        Assert.DoesNotContain(book.Rows, r => Equals(r[0], "ROUGE"));
        Assert.Equal(4, book.Rows.Count - 1);
    }

    [Fact]
    public async Task AnUnknownFormat_IsRefused_WithTheChoicesOffered()
    {
        var e = await Assert.ThrowsAsync<RunInputException>(() => _f.RunAsync("extraction-notes", EngineFixture.School(), Params("ods")));
        Assert.Contains("xlsx", e.Message);
    }
}
