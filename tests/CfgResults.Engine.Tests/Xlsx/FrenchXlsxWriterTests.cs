using CfgResults.Engine.Csv;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Loading;
using CfgResults.Engine.Tests.Loading;
using CfgResults.Engine.Tests.Support;
using CfgResults.Engine.Xlsx;

namespace CfgResults.Engine.Tests.Xlsx;

public sealed class FrenchXlsxWriterTests
{
    static XlsxBook Write(Action<FrenchXlsxWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new FrenchXlsxWriter(stream, title: "Essai"))
        {
            write(writer);
            writer.Finish();
        }
        return XlsxBook.Read(stream.ToArray());
    }

    [Fact]
    public void DigitsLongerThanAGrade_AreIdentifiers_AndStayText()
    {
        var book = Write(w =>
        {
            w.WriteHeader([new TableColumn("Numéro"), new TableColumn("Note")]);
            w.WriteText("12345678901"); w.WriteText("-12,5"); w.EndRow();
            w.WriteText("1234567"); w.WriteText("007"); w.EndRow();
        });

        Assert.Equal("12345678901", book.Rows[1][0]);
        Assert.Equal(-12.5m, book.Rows[1][1]);
        Assert.Equal(1234567m, book.Rows[2][0]);
        Assert.Equal("007", book.Rows[2][1]);
    }

    [Fact]
    public void TypedValues_StayTyped_AndADateWithATimeShowsIt()
    {
        var book = Write(w =>
        {
            w.WriteHeader([new TableColumn("a"), new TableColumn("b"), new TableColumn("c"), new TableColumn("d")]);
            w.WriteNumber(3L); w.WriteNumber(0.1 + 0.2); w.WriteDate(new DateTime(2019, 7, 1, 8, 0, 0)); w.WriteBoolean(true); w.EndRow();
        });

        Assert.Equal(3m, book.Rows[1][0]);
        Assert.Equal("01/07/2019 08:00", XlsxBook.Shown(book.Rows[1][2]));
        Assert.Equal("dd/mm/yyyy hh:mm", book.NumberFormats[2]);
        Assert.Equal("Oui", book.Rows[1][3]);
    }

    [Fact]
    public void ARowOfAnotherWidth_OrAHeaderAfterRows_IsRefused()
    {
        using var stream = new MemoryStream();
        using var writer = new FrenchXlsxWriter(stream);
        writer.WriteHeader([new TableColumn("a"), new TableColumn("b")]);
        writer.WriteText("x");
        Assert.Throws<CsvShapeException>(writer.EndRow);
        Assert.Throws<CsvShapeException>(() => writer.WriteHeader([new TableColumn("a")]));
    }

    [Fact]
    public void TextLongerThanACellHolds_IsRefused_NotCut()
    {
        using var stream = new MemoryStream();
        using var writer = new FrenchXlsxWriter(stream);
        Assert.Throws<ArgumentException>(() => writer.WriteText(new string('x', FrenchXlsxWriter.MaxCellText)));
    }

    [Fact]
    public void TheSizeLimit_StopsTheWorkbook()
    {
        using var stream = new MemoryStream();
        Assert.Throws<CsvSizeLimitException>(() =>
        {
            using var writer = new FrenchXlsxWriter(stream, byteLimit: 20_000);
            writer.WriteHeader([new TableColumn("a")]);
            for (var i = 0; i < 100_000; i++) { writer.WriteText(Guid.NewGuid().ToString()); writer.EndRow(); }
            writer.Finish();
        });
    }

    [Theory]
    [InlineData("Français", 30, "Français /30")]
    [InlineData(null, 160, "Épreuve orale /160")]
    [InlineData("  ", null, "Épreuve orale")]
    public void AnEpreuveHeader_IsItsShortLibelle_AndBareme(string? shortLabel, int? max, string expected) =>
        Assert.Equal(expected, FrenchXlsxWriter.HeaderText(new TableColumn("Épreuve orale", shortLabel, max)));
}

/// <summary>`when: { parametre: valeur }` on a step: checked against the definition's parameters, with places.</summary>
public sealed class StepConditionTests
{
    const string Head = """
        id: essai
        title: Essai
        audience: etablissement
        parameters:
          - { id: format, label: Format, type: choice, choices: [csv, xlsx], default: csv }
        steps:

        """;

    [Fact]
    public void AConditionOnAParameter_IsKept_AndDecidesWhetherTheStepApplies()
    {
        var result = Loaders.Create().LoadText("definitions/essai.yaml", Head + "  - { kind: select.grades, when: { format: [xlsx] } }\n");

        var step = Assert.Single(Assert.IsType<WorkflowDefinition>(result.Definition).Steps);
        Assert.True(step.Applies(new Dictionary<string, object?> { ["format"] = "xlsx" }));
        Assert.False(step.Applies(new Dictionary<string, object?> { ["format"] = "csv" }));
    }

    [Fact]
    public void AConditionOnAnUnknownParameter_OrAValueNotOffered_IsReportedWithItsPlace()
    {
        var result = Loaders.Create().LoadText("definitions/essai.yaml",
            Head + "  - { kind: select.grades, when: { fromat: xlsx } }\n  - { kind: select.grades, when: { format: ods } }\n");

        Assert.Null(result.Definition);
        var unknown = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.ConditionUnknownParameter);
        Assert.Equal((7, 36), (unknown.Location.Line, unknown.Location.Column));
        Assert.Contains("format", unknown.Message);
        var value = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.ConditionValueNotAllowed);
        Assert.Equal(8, value.Location.Line);
    }
}
