using System.Globalization;
using System.Text;

namespace CfgResults.Engine.Documents;

/// <summary>
/// The document markup as an HTML fragment for a browser preview. Built from the parsed model, never from
/// the markup text: every text is HTML-encoded, no attribute of the markup is passed through, the only
/// attributes written are our classes and numeric column widths. Style it with <see cref="Stylesheet"/>.
/// Page numbers are not known in a preview: they show as « N » and « M ».
/// </summary>
public static class HtmlPreview
{
    public const string Stylesheet = """
        .doc { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 10pt; max-width: 170mm; }
        .doc-section { border-bottom: 1px dashed #999; padding: 1em 0; }
        .doc-header, .doc-footer { color: #555; font-size: 8pt; }
        .doc-table { border-collapse: collapse; width: 100%; table-layout: fixed; }
        .doc-table th, .doc-table td { border: 0.5pt solid #000; padding: 2pt 3pt; vertical-align: top; overflow-wrap: anywhere; }
        .doc-align-center { text-align: center; } .doc-align-right { text-align: right; }
        .doc-page-break { border: 0; border-top: 1px dotted #c00; }
        .doc-signature { margin-top: 18pt; break-inside: avoid; }
        .doc-field { color: #06c; }
        """;

    public static string Render(string markup, MarkupParserOptions? options = null) => Render(MarkupParser.Parse(markup, options));

    public static string Render(MarkupDocument document)
    {
        var html = new StringBuilder();
        html.Append("<article class=\"doc\" lang=\"").Append(Encode(document.Language)).Append("\">\n");
        foreach (var section in document.Sections)
        {
            html.Append("<section class=\"doc-section\">\n");
            if (section.Header.Count > 0)
            {
                html.Append("<header class=\"doc-header\">\n");
                foreach (var p in section.Header) AppendParagraph(html, p);
                html.Append("</header>\n");
            }
            foreach (var block in section.Blocks) AppendBlock(html, block);
            if (section.Footer.Count > 0)
            {
                html.Append("<footer class=\"doc-footer\">\n");
                foreach (var p in section.Footer) AppendParagraph(html, p);
                html.Append("</footer>\n");
            }
            html.Append("</section>\n");
        }
        html.Append("</article>\n");
        return html.ToString();
    }

    static void AppendBlock(StringBuilder html, Block block)
    {
        switch (block)
        {
            case Paragraph p: AppendParagraph(html, p); break;
            case Table t: AppendTable(html, t); break;
            case PageBreak: html.Append("<hr class=\"doc-page-break\">\n"); break;
            case Image i:
                html.Append("<img class=\"doc-image\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(i.Code.Png())).Append("\" alt=\"")
                    .Append(System.Net.WebUtility.HtmlEncode(i.Alt)).Append("\" style=\"image-rendering:pixelated;width:").Append(Number(i.Width)).Append("pt;height:")
                    .Append(Number(i.Height)).Append("pt\">\n");
                break;
            case Spacer s: html.Append("<div class=\"doc-spacer\" style=\"height:").Append(Number(s.Height)).Append("pt\"></div>\n"); break;
            case Signature s:
                html.Append("<div class=\"doc-signature\">\n");
                foreach (var line in s.Lines) AppendParagraph(html, line);
                html.Append("</div>\n");
                break;
        }
    }

    static void AppendParagraph(StringBuilder html, Paragraph p)
    {
        string tag = p.Level switch { HeadingLevel.H1 => "h1", HeadingLevel.H2 => "h2", HeadingLevel.H3 => "h3", _ => "p" };
        html.Append('<').Append(tag).Append(" class=\"doc-").Append(tag).Append(AlignClass(p.Align));
        if (p.Bold && p.Level == HeadingLevel.None) html.Append(" doc-bold");
        html.Append('"');
        if (p.Level == HeadingLevel.None && p.Size != MarkupParser.DefaultFontSize)
            html.Append(" style=\"font-size:").Append(Number(p.Size)).Append("pt\"");
        html.Append('>');
        if (p.Bold && p.Level == HeadingLevel.None) html.Append("<b>");
        AppendInlines(html, p.Inlines);
        if (p.Bold && p.Level == HeadingLevel.None) html.Append("</b>");
        html.Append("</").Append(tag).Append(">\n");
    }

    static void AppendTable(StringBuilder html, Table t)
    {
        html.Append("<table class=\"doc-table\">\n");
        if (t.Widths.Count > 0)
        {
            double total = t.Widths.Sum();
            html.Append("<colgroup>");
            foreach (var w in t.Widths) html.Append("<col style=\"width:").Append(Number(100 * w / total)).Append("%\">");
            html.Append("</colgroup>\n");
        }
        if (t.HeaderRows.Count > 0)
        {
            html.Append("<thead>\n");
            foreach (var row in t.HeaderRows) AppendRow(html, row);
            html.Append("</thead>\n");
        }
        html.Append("<tbody>\n");
        foreach (var row in t.BodyRows) AppendRow(html, row);
        html.Append("</tbody>\n</table>\n");
    }

    static void AppendRow(StringBuilder html, TableRow row)
    {
        html.Append("<tr>");
        foreach (var cell in row.Cells)
        {
            string tag = cell.IsHeader ? "th" : "td";
            html.Append('<').Append(tag);
            var align = AlignClass(cell.Align);
            if (align.Length > 0) html.Append(" class=\"").Append(align.TrimStart()).Append('"');
            html.Append('>');
            AppendInlines(html, cell.Inlines);
            html.Append("</").Append(tag).Append('>');
        }
        html.Append("</tr>\n");
    }

    static void AppendInlines(StringBuilder html, IReadOnlyList<Inline> inlines)
    {
        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case TextRun run:
                    if (run.Bold) html.Append("<b>");
                    if (run.Italic) html.Append("<i>");
                    html.Append(Encode(run.Text));
                    if (run.Italic) html.Append("</i>");
                    if (run.Bold) html.Append("</b>");
                    break;
                case LineBreak: html.Append("<br>"); break;
                case PageNumber: html.Append("<span class=\"doc-field doc-page-number\">N</span>"); break;
                case PageCount: html.Append("<span class=\"doc-field doc-page-count\">M</span>"); break;
            }
        }
    }

    static string AlignClass(TextAlign align) => align switch
    {
        TextAlign.Center => " doc-align-center",
        TextAlign.Right => " doc-align-right",
        _ => "",
    };

    static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// Encodes the five characters that matter in HTML text and quoted attribute values; everything else
    /// (é, «, œ…) stays readable in the page source.
    /// </summary>
    static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            } ?? (object)c);
        }
        return sb.ToString();
    }
}
