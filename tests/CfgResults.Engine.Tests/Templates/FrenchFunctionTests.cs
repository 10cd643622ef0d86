using CfgResults.Engine.Templates.Functions;

namespace CfgResults.Engine.Tests.Templates;

public sealed class FrenchFunctionTests
{
    [Theory]
    [InlineData(12.5, "12,5")]
    [InlineData(200, "200")]
    [InlineData(0.1, "0,1")]
    [InlineData(-3, "-3")]
    public void FormatNote_WritesDecimalCommaWithoutTrailingZeros(double value, string expected) =>
        Assert.Equal(expected, NumberFunctions.FormatNote(value));

    [Fact]
    public void FormatNote_KeepsDecimalExact_AndPassesMarksThrough()
    {
        Assert.Equal("12,5", NumberFunctions.FormatNote(12.50m));
        Assert.Equal("12,345", NumberFunctions.FormatNote(12.345m));
        Assert.Equal("AB", NumberFunctions.FormatNote("AB"));
        Assert.Equal("", NumberFunctions.FormatNote(null));
        Assert.Throws<ArgumentException>(() => NumberFunctions.FormatNote(true));
    }

    [Fact]
    public void Dates_AreFrench()
    {
        Assert.Equal("05/06/2018", DateFunctions.FormatDate(new DateOnly(2018, 6, 5)));
        Assert.Equal("05/06/2018", DateFunctions.FormatDate(new DateTime(2018, 6, 5, 23, 59, 0)));
        Assert.Equal("01/07/2019 08:00", DateFunctions.FormatDatetime(new DateTime(2019, 7, 1, 8, 0, 0)));
        Assert.Equal("05/06/2018", DateFunctions.FormatDate("2018-06-05"));
    }

    [Theory]
    [InlineData("Chloé", "CHLOÉ")]
    [InlineData("ève d'Aubigné", "ÈVE D'AUBIGNÉ")]
    [InlineData("istanbul", "ISTANBUL")]
    public void UpperName_KeepsAccents(string name, string expected) => Assert.Equal(expected, TextFunctions.UpperName(name));

    [Fact]
    public void Pluriel_IsSingularBelowTwo()
    {
        Assert.Equal("1 élément", NumberFunctions.Pluriel(1, "élément", "éléments"));
        Assert.Equal("1,5 point", NumberFunctions.Pluriel(1.5m, "point"));
        Assert.Equal("3 éléments", NumberFunctions.Pluriel(3L, "élément", "éléments"));
        Assert.Equal("2 chevaux", NumberFunctions.Pluriel(2, "cheval", "chevaux"));
    }

    [Fact]
    public void Xml_EscapesMarkupAndDropsCharactersXmlCannotCarry()
    {
        Assert.Equal("&lt;a href=&quot;x&quot;&gt;R&amp;D&apos;s&lt;/a&gt;", MarkupFunctions.Xml("<a href=\"x\">R&D's</a>").Text);
        Assert.Equal("a\uFFFDb\tc", MarkupFunctions.Escape("a\u0001b\tc"));
        Assert.Equal("\uFFFD", MarkupFunctions.Escape("\uD800"));
        Assert.Equal("😀", MarkupFunctions.Escape("😀"));
    }
}
