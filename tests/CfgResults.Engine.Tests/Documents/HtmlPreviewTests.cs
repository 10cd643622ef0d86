using CfgResults.Engine.Documents;

namespace CfgResults.Engine.Tests.Documents;

public sealed class HtmlPreviewTests
{
    [Fact]
    public void Render_EncodesScriptInText_AndPassesNoAttributeThrough()
    {
        var html = HtmlPreview.Render("""
            <document title="&lt;script&gt;">
              <p>&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</p>
              <table><tr><td>&lt;/td&gt;&lt;script&gt;</td></tr></table>
            </document>
            """);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;", html);
        Assert.Contains("<td>&lt;/td&gt;&lt;script&gt;</td>", html);
    }

    [Fact]
    public void Render_ProducesReadableHtmlForATranscript()
    {
        var html = HtmlPreview.Render(Samples.Transcript);

        Assert.Contains("<h1 class=\"doc-h1\">Relevé de notes</h1>", html);
        Assert.Contains("<b>Françoise Œlgaard-Éloïse</b>, née", html);
        Assert.Contains("<colgroup><col style=\"width:70%\"><col style=\"width:30%\"></colgroup>", html);
        Assert.Contains("<th class=\"doc-align-right\">Note</th>", html);
        Assert.Contains("<td class=\"doc-align-right\">12,5</td>", html);
        Assert.Contains("Page <span class=\"doc-field doc-page-number\">N</span> / <span class=\"doc-field doc-page-count\">M</span>", html);
        Assert.Contains("<div class=\"doc-signature\">", html);
        Assert.Contains("<p class=\"doc-p doc-bold\"><b>Résultat : Admis</b></p>", html);
    }

    [Fact]
    public void Render_RefusesTheSameBadMarkupAsThePdf()
    {
        var ex = Assert.Throws<MarkupException>(() => HtmlPreview.Render("<document><p style=\"x\">a</p></document>"));

        Assert.Equal("DOC005", ex.Code);
    }
}
