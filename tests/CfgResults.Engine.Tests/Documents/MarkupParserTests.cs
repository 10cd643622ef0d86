using CfgResults.Engine.Documents;

namespace CfgResults.Engine.Tests.Documents;

public sealed class MarkupParserTests
{
    [Fact]
    public void Parse_ReadsMetadataHeaderFooterAndBlocks_IntoOneImplicitSection()
    {
        var doc = MarkupParser.Parse(Samples.Transcript);

        Assert.Equal("Relevé de notes", doc.Title);
        Assert.Equal("Rectorat de Versailles", doc.Author);
        Assert.Equal("fr", doc.Language);
        var section = Assert.Single(doc.Sections);
        Assert.Single(section.Header);
        Assert.Equal([typeof(TextRun), typeof(PageNumber), typeof(TextRun), typeof(PageCount)], section.Footer[0].Inlines.Select(i => i.GetType()));
        Assert.Equal([typeof(Paragraph), typeof(Paragraph), typeof(Table), typeof(Paragraph), typeof(Signature)], section.Blocks.Select(b => b.GetType()));
        var table = (Table)section.Blocks[2];
        Assert.Equal([70.0, 30.0], table.Widths);
        Assert.Single(table.HeaderRows);
        Assert.Equal(3, table.BodyRows.Count);
        Assert.Equal(TextAlign.Right, table.BodyRows[0].Cells[1].Align);
        var signature = (Signature)section.Blocks[4];
        Assert.All(signature.Lines, l => Assert.Equal(TextAlign.Right, l.Align));
    }

    [Fact]
    public void Parse_CollapsesWhitespaceAsHtmlDoes_AndKeepsStyleRuns()
    {
        var doc = MarkupParser.Parse("<document><p>\n   Note :   <b> 12,5 </b>\n  sur <i>20</i>  </p></document>");

        var inlines = ((Paragraph)doc.Sections[0].Blocks[0]).Inlines.Cast<TextRun>().ToList();
        Assert.Equal("Note : 12,5 sur 20", string.Concat(inlines.Select(r => r.Text)));
        Assert.Contains(inlines, r => r.Bold && r.Text.Trim() == "12,5");
        Assert.Contains(inlines, r => r.Italic && r.Text == "20");
    }

    [Fact]
    public void Parse_GivesEachSectionTheDocumentHeader_UnlessItHasItsOwn()
    {
        var doc = MarkupParser.Parse("""
            <document><header><p>commun</p></header>
              <section><p>A</p></section>
              <section><header><p>propre</p></header><p>B</p></section>
            </document>
            """);

        Assert.Equal(2, doc.Sections.Count);
        Assert.Equal("commun", ((TextRun)doc.Sections[0].Header[0].Inlines[0]).Text);
        Assert.Equal("propre", ((TextRun)doc.Sections[1].Header[0].Inlines[0]).Text);
    }

    [Fact]
    public void Parse_RefusesDoctypeWithEntityDeclarations_WithLineAndColumn()
    {
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
            <document><p>&lol2;</p></document>
            """;

        var ex = Assert.Throws<MarkupException>(() => MarkupParser.Parse(bomb));

        Assert.Equal("DOC002", ex.Code);
        Assert.Equal(2, ex.Line);
        Assert.True(ex.Column >= 1);
        Assert.Contains("DTD", ex.Description);
    }

    [Fact]
    public void Parse_RefusesExternalEntity_WithoutReadingAnyFile()
    {
        const string xxe = "<!DOCTYPE document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<document><p>&x;</p></document>";

        var ex = Assert.Throws<MarkupException>(() => MarkupParser.Parse(xxe));

        Assert.Equal("DOC002", ex.Code);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Parse_RefusesUndeclaredEntity_WithItsPlace()
    {
        var ex = Assert.Throws<MarkupException>(() => MarkupParser.Parse("<document>\n  <p>a &nbsp; b</p>\n</document>"));

        Assert.Equal("DOC001", ex.Code);
        Assert.Equal(2, ex.Line);
        Assert.Equal(9, ex.Column);
    }

    [Fact]
    public void Parse_ReportsLineAndColumn_WhenMarkupIsMalformed()
    {
        var ex = Assert.Throws<MarkupException>(() => MarkupParser.Parse("<document>\n<p>texte</b>\n</document>"));

        Assert.Equal("DOC001", ex.Code);
        Assert.Equal(2, ex.Line);
        Assert.Equal(11, ex.Column);
        Assert.StartsWith("balisage XML mal formé", ex.Description);
        Assert.StartsWith("(2,11): DOC001:", ex.Message);
    }

    [Fact]
    public void Parse_RefusesUnknownElement_NamingTheAllowedOnes()
    {
        var ex = Assert.Throws<MarkupException>(() => MarkupParser.Parse("<document>\n  <p>ok</p>\n  <img src=\"x\"/>\n</document>"));

        Assert.Equal("DOC004", ex.Code);
        Assert.Equal((3, 4), (ex.Line, ex.Column));
        Assert.Contains("<img>", ex.Description);
        Assert.Contains("<table>", ex.Description);
    }

    [Theory]
    [InlineData("<document><p onclick=\"x()\">a</p></document>", "DOC005")]
    [InlineData("<document><p align=\"justify\">a</p></document>", "DOC006")]
    [InlineData("<document><p size=\"dix\">a</p></document>", "DOC006")]
    [InlineData("<document><table widths=\"70;30\"><tr><td>a</td></tr></table></document>", "DOC006")]
    [InlineData("<document><spacer/></document>", "DOC006")]
    [InlineData("<document><p>Page <page-number/></p></document>", "DOC007")]
    [InlineData("<document>texte libre</document>", "DOC007")]
    [InlineData("<html><p>a</p></html>", "DOC008")]
    [InlineData("<document><p>a</p><section><p>b</p></section></document>", "DOC010")]
    public void Parse_RefusesInvalidMarkup_WithItsCode(string markup, string code)
    {
        var ex = Assert.Throws<MarkupException>(() => MarkupParser.Parse(markup));

        Assert.Equal(code, ex.Code);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Parse_RefusesMarkupLargerThanTheLimit_BeforeParsing()
    {
        var ex = Assert.Throws<MarkupException>(() => MarkupParser.Parse("<document><p>" + new string('a', 2000) + "</p></document>", new MarkupParserOptions { MaxCharacters = 1000 }));

        Assert.Equal("DOC003", ex.Code);
    }

    [Fact]
    public void Parse_RefusesDeeplyNestedInlines()
    {
        var markup = "<document><p>" + string.Concat(Enumerable.Repeat("<b>", 40)) + "x" + string.Concat(Enumerable.Repeat("</b>", 40)) + "</p></document>";

        var ex = Assert.Throws<MarkupException>(() => MarkupParser.Parse(markup));

        Assert.Equal("DOC009", ex.Code);
    }
}
