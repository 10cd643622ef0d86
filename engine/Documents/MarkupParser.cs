// Document markup: the small XHTML-like vocabulary that PDF templates (Scriban) emit.
//
// <document title="Relevé de notes" author="Rectorat" subject="CFG 2018" lang="fr">
//   <header><p align="right" size="8">Académie de Versailles</p></header>          (optional, every page)
//   <footer><p align="center" size="8">Page <page-number/> / <page-count/></p></footer>  (optional, every page)
//   blocks…                       (a plain sequence of blocks: one implicit section)
//   or <section> [<header>] [<footer>] blocks… </section>…   (sub-documents; never both forms at top level)
// </document>
//
// Blocks
//   <h1>, <h2>, <h3>             headings (attribute align); kept with the next block
//   <p align="left|center|right" size="10" bold="true">  paragraph (size in points, 10 by default)
//   <table widths="70,30">       relative column widths (equal widths when absent)
//     <thead><tr><th align="…">…</th></tr></thead>      header rows, repeated at the top of every page
//     <tbody><tr><td align="right">…</td></tr></tbody>  body rows (a <tr> directly in <table> is a body row)
//   </table>
//   <page-break/>                next block on a new page
//   <spacer height="12"/>        vertical space in points
//   <qr value="https://…" size="72" alt="…" align="left"/>   a QR code (QRCoder), size in points
//   <signature><p>Fait à BUC, le 05/06/2018</p><p>Le recteur</p></signature>
//                                lines kept together on one page, right aligned unless a <p> says otherwise
//   <section>                    a sub-document: starts on a new page, page-number/page-count restart
// Inline (inside <p>, <h1-3>, <td>, <th>)
//   <b>, <i>, <br/>; in <header>/<footer> only: <page-number/> (N) and <page-count/> (M) of the current section.
// Whitespace collapses as in HTML. Unknown elements or attributes are errors (a typo must not vanish silently).
// Security: DTDs are refused (DtdProcessing.Prohibit), no external resolution (XmlResolver null), size capped.

using System.Globalization;
using System.Text;
using System.Xml;

namespace CfgResults.Engine.Documents;

public sealed record MarkupParserOptions
{
    /// <summary>Largest markup accepted, in characters (a 400,000-row table is about 25 million).</summary>
    public long MaxCharacters { get; init; } = 64L * 1024 * 1024;

    public static readonly MarkupParserOptions Default = new();
}

/// <summary>Parses document markup into a <see cref="MarkupDocument"/>; every error is a <see cref="MarkupException"/> with line and column.</summary>
public static class MarkupParser
{
    public const double DefaultFontSize = 10;
    const int MaxInlineDepth = 16;

    static readonly string[] BlockElements = ["h1", "h2", "h3", "p", "table", "page-break", "spacer", "signature", "qr"];
    static readonly string[] InlineElements = ["b", "i", "br"];
    static readonly string[] HeaderFooterInlineElements = ["b", "i", "br", "page-number", "page-count"];

    public static MarkupDocument Parse(string markup, MarkupParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(markup);
        options ??= MarkupParserOptions.Default;
        if (markup.Length > options.MaxCharacters)
            throw new MarkupException(DocumentMessages.TooLargeCode, 1, 1, DocumentMessages.TooLarge(options.MaxCharacters));

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = options.MaxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
        using var reader = XmlReader.Create(new StringReader(markup), settings);
        try
        {
            return new Reader(reader).ReadDocument();
        }
        catch (XmlException ex)
        {
            var (line, column) = (Math.Max(ex.LineNumber, 1), Math.Max(ex.LinePosition, 1));
            // The reader reports a prohibited DTD without a position: point at the declaration.
            if (DoctypePlace(markup) is { } doctype)
                throw new MarkupException(DocumentMessages.DtdCode, doctype.Line, doctype.Column, DocumentMessages.Dtd, ex);
            throw new MarkupException(DocumentMessages.MalformedCode, line, column, DocumentMessages.Malformed(ex.Message), ex);
        }
    }

    /// <summary>Place of a DOCTYPE declaration in the prolog (before the root element), if any.</summary>
    static (int Line, int Column)? DoctypePlace(string markup)
    {
        int i = 0;
        while (i < markup.Length)
        {
            if (char.IsWhiteSpace(markup[i]) || markup[i] == '\uFEFF') { i++; continue; }
            if (markup.AsSpan(i).StartsWith("<?"))
            {
                int end = markup.IndexOf("?>", i + 2, StringComparison.Ordinal);
                if (end < 0) return null;
                i = end + 2;
                continue;
            }
            if (markup.AsSpan(i).StartsWith("<!--"))
            {
                int end = markup.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (end < 0) return null;
                i = end + 3;
                continue;
            }
            if (!markup.AsSpan(i).StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)) return null;
            int line = 1, lineStart = 0;
            for (int k = 0; k < i; k++)
                if (markup[k] == '\n') { line++; lineStart = k + 1; }
            return (line, i - lineStart + 1);
        }
        return null;
    }

    sealed class Reader(XmlReader r)
    {
        static readonly Dictionary<string, string> NoAttributes = new(StringComparer.Ordinal); // never written to
        readonly IXmlLineInfo _info = (IXmlLineInfo)r;

        int Line => Math.Max(_info.LineNumber, 1);
        int Column => Math.Max(_info.LinePosition, 1);

        MarkupException Error(string code, string message) => new(code, Line, Column, message);

        public MarkupDocument ReadDocument()
        {
            r.MoveToContent();
            if (r.NodeType != XmlNodeType.Element || r.LocalName != "document" || r.NamespaceURI.Length != 0)
                throw Error(DocumentMessages.RootCode, DocumentMessages.Root);

            var attributes = ReadAttributes("document", "title", "author", "subject", "lang");
            var header = new List<Paragraph>();
            var footer = new List<Paragraph>();
            var sections = new List<(IReadOnlyList<Paragraph>? Header, IReadOnlyList<Paragraph>? Footer, List<Block> Blocks)>();
            var looseBlocks = new List<Block>();
            (int Line, int Column)? firstLoose = null, firstSection = null;

            ReadChildren("document", name =>
            {
                switch (name)
                {
                    case "header": header.AddRange(ReadHeaderFooter("header")); break;
                    case "footer": footer.AddRange(ReadHeaderFooter("footer")); break;
                    case "section":
                        firstSection ??= (Line, Column);
                        if (firstLoose is not null) throw Error(DocumentMessages.MixedSectionsCode, DocumentMessages.MixedSections);
                        sections.Add(ReadSection());
                        break;
                    default:
                        firstLoose ??= (Line, Column);
                        if (firstSection is not null) throw Error(DocumentMessages.MixedSectionsCode, DocumentMessages.MixedSections);
                        if (!TryReadBlock(name, looseBlocks))
                            throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(name, ["header", "footer", "section", .. BlockElements]));
                        break;
                }
            });

            var result = sections.Count == 0
                ? [new MarkupSection(header, footer, looseBlocks)]
                : sections.Select(s => new MarkupSection(s.Header ?? header, s.Footer ?? footer, s.Blocks)).ToList();

            return new MarkupDocument(
                attributes.GetValueOrDefault("title", ""),
                attributes.GetValueOrDefault("author", ""),
                attributes.GetValueOrDefault("subject", ""),
                attributes.GetValueOrDefault("lang", "fr"),
                result);
        }

        (IReadOnlyList<Paragraph>?, IReadOnlyList<Paragraph>?, List<Block>) ReadSection()
        {
            ReadAttributes("section");
            List<Paragraph>? header = null, footer = null;
            var blocks = new List<Block>();
            ReadChildren("section", name =>
            {
                switch (name)
                {
                    case "header": (header ??= []).AddRange(ReadHeaderFooter("header")); break;
                    case "footer": (footer ??= []).AddRange(ReadHeaderFooter("footer")); break;
                    default:
                        if (!TryReadBlock(name, blocks))
                            throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(name, ["header", "footer", .. BlockElements]));
                        break;
                }
            });
            return (header, footer, blocks);
        }

        List<Paragraph> ReadHeaderFooter(string element)
        {
            ReadAttributes(element);
            var paragraphs = new List<Paragraph>();
            ReadChildren(element, name =>
            {
                Paragraph? p = name switch
                {
                    "p" => ReadParagraph("p", HeadingLevel.None, headerFooter: true),
                    "h1" => ReadParagraph("h1", HeadingLevel.H1, headerFooter: true),
                    "h2" => ReadParagraph("h2", HeadingLevel.H2, headerFooter: true),
                    "h3" => ReadParagraph("h3", HeadingLevel.H3, headerFooter: true),
                    _ => null,
                };
                if (p is null) throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(name, ["p", "h1", "h2", "h3"]));
                paragraphs.Add(p);
            });
            return paragraphs;
        }

        bool TryReadBlock(string name, List<Block> blocks)
        {
            switch (name)
            {
                case "p": blocks.Add(ReadParagraph("p", HeadingLevel.None, headerFooter: false)); return true;
                case "h1": blocks.Add(ReadParagraph("h1", HeadingLevel.H1, headerFooter: false)); return true;
                case "h2": blocks.Add(ReadParagraph("h2", HeadingLevel.H2, headerFooter: false)); return true;
                case "h3": blocks.Add(ReadParagraph("h3", HeadingLevel.H3, headerFooter: false)); return true;
                case "table": blocks.Add(ReadTable()); return true;
                case "page-break":
                    ReadAttributes("page-break");
                    ReadChildren("page-break", child => throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(child, [])));
                    blocks.Add(PageBreak.Instance);
                    return true;
                case "spacer":
                    {
                        var (attrs, place) = (ReadAttributes("spacer", "height"), (Line, Column));
                        if (!attrs.TryGetValue("height", out var h))
                            throw new MarkupException(DocumentMessages.BadValueCode, place.Line, place.Column, DocumentMessages.MissingAttribute("spacer", "height"));
                        double height = ParseNumber("spacer", "height", h, 0, 2000, place);
                        ReadChildren("spacer", child => throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(child, [])));
                        blocks.Add(new Spacer(height));
                        return true;
                    }
                case "qr":
                    {
                        var (attrs, place) = (ReadAttributes("qr", "value", "size", "alt", "align"), (Line, Column));
                        if (!attrs.TryGetValue("value", out var value) || value.Trim().Length == 0)
                            throw new MarkupException(DocumentMessages.BadValueCode, place.Line, place.Column, DocumentMessages.MissingAttribute("qr", "value"));
                        if (value.Length > 1000)
                            throw new MarkupException(DocumentMessages.BadValueCode, place.Line, place.Column, DocumentMessages.BadValue("qr", "value", value[..40] + "…", "au plus 1 000 caractères"));
                        double size = attrs.TryGetValue("size", out var sz) ? ParseNumber("qr", "size", sz, 20, 400, place) : 72;
                        var align = attrs.TryGetValue("align", out var a) ? ParseAlign("qr", a, place) : TextAlign.Left;
                        var alt = attrs.TryGetValue("alt", out var al) && al.Trim().Length > 0 ? al.Trim() : $"Code QR : {value.Trim()}";
                        ReadChildren("qr", child => throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(child, [])));
                        QrCode code;
                        try
                        {
                            code = QrCode.Encode(value.Trim());
                        }
                        catch (ArgumentException)
                        {
                            throw new MarkupException(DocumentMessages.BadValueCode, place.Line, place.Column, DocumentMessages.BadValue("qr", "value", value[..Math.Min(40, value.Length)] + "…", DocumentMessages.QrCapacity));
                        }
                        blocks.Add(new Image(code, size, size, alt, align));
                        return true;
                    }
                case "signature":
                    {
                        ReadAttributes("signature");
                        var lines = new List<Paragraph>();
                        ReadChildren("signature", child =>
                        {
                            if (child != "p") throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(child, ["p"]));
                            lines.Add(ReadParagraph("p", HeadingLevel.None, headerFooter: false, defaultAlign: TextAlign.Right));
                        });
                        blocks.Add(new Signature(lines));
                        return true;
                    }
                default:
                    return false;
            }
        }

        Paragraph ReadParagraph(string element, HeadingLevel level, bool headerFooter, TextAlign defaultAlign = TextAlign.Left)
        {
            var place = (Line, Column);
            var attrs = level == HeadingLevel.None
                ? ReadAttributes(element, "align", "size", "bold")
                : ReadAttributes(element, "align");
            var align = attrs.TryGetValue("align", out var a) ? ParseAlign(element, a, place) : defaultAlign;
            double size = level switch
            {
                HeadingLevel.H1 => 16,
                HeadingLevel.H2 => 13,
                HeadingLevel.H3 => 11,
                _ => attrs.TryGetValue("size", out var s) ? ParseNumber(element, "size", s, 4, 72, place) : DefaultFontSize,
            };
            bool bold = level != HeadingLevel.None || (attrs.TryGetValue("bold", out var b) && ParseBool(element, b, place));
            var inlines = ReadInlines(element, headerFooter, bold: false, italic: false);
            return new Paragraph(inlines, align, size, bold, level);
        }

        TableCell ReadCell(string element)
        {
            var place = (Line, Column);
            var attrs = ReadAttributes(element, "align");
            var align = attrs.TryGetValue("align", out var a) ? ParseAlign(element, a, place) : TextAlign.Left;
            return new TableCell(ReadInlines(element, headerFooter: false, bold: false, italic: false), align, element == "th");
        }

        Table ReadTable()
        {
            var place = (Line, Column);
            var attrs = ReadAttributes("table", "widths");
            IReadOnlyList<double> widths = [];
            if (attrs.TryGetValue("widths", out var w))
            {
                var parts = w.Split(',', StringSplitOptions.TrimEntries);
                widths = parts.Select(p => ParseNumber("table", "widths", p, 0.0001, 1_000_000, place, "des nombres positifs séparés par des virgules, ex. 70,30")).ToArray();
            }
            var head = new List<TableRow>();
            var body = new List<TableRow>();
            ReadChildren("table", name =>
            {
                switch (name)
                {
                    case "thead": ReadAttributes("thead"); ReadChildren("thead", child => head.Add(ReadRow(child, ["tr"]))); break;
                    case "tbody": ReadAttributes("tbody"); ReadChildren("tbody", child => body.Add(ReadRow(child, ["tr"]))); break;
                    case "tr": body.Add(ReadRow(name, ["thead", "tbody", "tr"])); break;
                    default: throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(name, ["thead", "tbody", "tr"]));
                }
            });
            return new Table(widths, head, body);
        }

        TableRow ReadRow(string name, string[] allowed)
        {
            if (name != "tr") throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(name, allowed));
            ReadAttributes("tr");
            var cells = new List<TableCell>();
            ReadChildren("tr", child =>
            {
                if (child is not ("td" or "th")) throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(child, ["td", "th"]));
                cells.Add(ReadCell(child));
            });
            return new TableRow(cells);
        }

        List<Inline> ReadInlines(string element, bool headerFooter, bool bold, bool italic)
        {
            var builder = new InlineBuilder();
            ReadInlineContent(element, headerFooter, bold, italic, builder, depth: 0);
            return builder.Finish();
        }

        void ReadInlineContent(string element, bool headerFooter, bool bold, bool italic, InlineBuilder builder, int depth)
        {
            if (depth > MaxInlineDepth) throw Error(DocumentMessages.TooDeepCode, DocumentMessages.TooDeep(MaxInlineDepth));
            ReadChildren(element, name =>
            {
                switch (name)
                {
                    case "b": ReadAttributes("b"); ReadInlineContent("b", headerFooter, true, italic, builder, depth + 1); break;
                    case "i": ReadAttributes("i"); ReadInlineContent("i", headerFooter, bold, true, builder, depth + 1); break;
                    case "br": ReadEmpty("br"); builder.Add(LineBreak.Instance); break;
                    case "page-number" or "page-count":
                        if (!headerFooter) throw Error(DocumentMessages.MisplacedCode, DocumentMessages.PageFieldOutsideHeaderFooter(name));
                        ReadEmpty(name);
                        builder.Add(name == "page-number" ? PageNumber.Instance : PageCount.Instance);
                        break;
                    default:
                        throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(name, headerFooter ? HeaderFooterInlineElements : InlineElements));
                }
            }, text => builder.AddText(text, bold, italic));
        }

        void ReadEmpty(string element)
        {
            ReadAttributes(element);
            ReadChildren(element, child => throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(child, [])));
        }

        /// <summary>
        /// Walks the children of the current element (the reader is on its start tag) and leaves the reader
        /// after its end tag. <paramref name="onElement"/> must consume the whole child element.
        /// Text is refused unless <paramref name="onText"/> is given; whitespace between blocks is ignored.
        /// </summary>
        void ReadChildren(string element, Action<string> onElement, Action<string>? onText = null)
        {
            if (r.IsEmptyElement) { r.Read(); return; }
            r.Read();
            while (true)
            {
                switch (r.NodeType)
                {
                    case XmlNodeType.Element:
                        if (r.NamespaceURI.Length != 0)
                            throw Error(DocumentMessages.UnknownElementCode, DocumentMessages.UnknownElement(r.Name, BlockElements));
                        onElement(r.LocalName);
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        if (onText is not null) onText(r.Value);
                        else if (!string.IsNullOrWhiteSpace(r.Value))
                            throw Error(DocumentMessages.MisplacedCode, DocumentMessages.TextOutsideParagraph(element));
                        r.Read();
                        break;
                    case XmlNodeType.EndElement:
                        r.Read();
                        return;
                    case XmlNodeType.None:
                        return;
                    default:
                        r.Read();
                        break;
                }
            }
        }

        Dictionary<string, string> ReadAttributes(string element, params string[] allowed)
        {
            if (!r.HasAttributes) return NoAttributes; // most elements of a big table: no allocation
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (r.MoveToFirstAttribute())
            {
                do
                {
                    if (r.Prefix == "xmlns" || r.LocalName == "xmlns") continue;
                    if (r.NamespaceURI.Length != 0 || Array.IndexOf(allowed, r.LocalName) < 0)
                        throw Error(DocumentMessages.UnknownAttributeCode, DocumentMessages.UnknownAttribute(element, r.Name, allowed));
                    result[r.LocalName] = r.Value;
                } while (r.MoveToNextAttribute());
                r.MoveToElement();
            }
            return result;
        }

        static TextAlign ParseAlign(string element, string value, (int Line, int Column) place) => value.Trim() switch
        {
            "left" => TextAlign.Left,
            "center" => TextAlign.Center,
            "right" => TextAlign.Right,
            _ => throw new MarkupException(DocumentMessages.BadValueCode, place.Line, place.Column, DocumentMessages.BadValue(element, "align", value, "left, center ou right")),
        };

        static bool ParseBool(string element, string value, (int Line, int Column) place) => value.Trim() switch
        {
            "true" => true,
            "false" => false,
            _ => throw new MarkupException(DocumentMessages.BadValueCode, place.Line, place.Column, DocumentMessages.BadValue(element, "bold", value, "true ou false")),
        };

        static double ParseNumber(string element, string attribute, string value, double min, double max, (int Line, int Column) place, string? expected = null)
        {
            if (double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max && double.IsFinite(n))
                return n;
            throw new MarkupException(DocumentMessages.BadValueCode, place.Line, place.Column,
                DocumentMessages.BadValue(element, attribute, value, expected ?? $"un nombre entre {min.ToString(CultureInfo.InvariantCulture)} et {max.ToString(CultureInfo.InvariantCulture)}"));
        }
    }

    /// <summary>Collects inline content with HTML whitespace rules: runs of whitespace become one space, trimmed at line edges.</summary>
    sealed class InlineBuilder
    {
        readonly List<Inline> _items = [];
        readonly StringBuilder _text = new();
        bool _bold, _italic;
        bool _atLineStart = true;
        bool _pendingSpace;
        bool _pendingSpaceInRun; // the space was written in the style of the text before it ("sur <i>20</i>")

        public void AddText(string text, bool bold, bool italic)
        {
            foreach (char c in text)
            {
                if (c is ' ' or '\t' or '\r' or '\n')
                {
                    if (!_atLineStart && !_pendingSpace)
                    {
                        _pendingSpace = true;
                        _pendingSpaceInRun = _text.Length > 0 && bold == _bold && italic == _italic;
                    }
                    continue;
                }
                if (_text.Length > 0 && (bold != _bold || italic != _italic))
                {
                    if (_pendingSpace && _pendingSpaceInRun)
                    {
                        _text.Append(' ');
                        _pendingSpace = false;
                    }
                    FlushText();
                }
                if (_pendingSpace)
                {
                    _text.Append(' ');
                    _pendingSpace = false;
                }
                _bold = bold;
                _italic = italic;
                _text.Append(c);
                _atLineStart = false;
            }
        }

        public void Add(Inline inline)
        {
            if (inline is LineBreak)
            {
                _pendingSpace = false;
                _atLineStart = true;
            }
            else if (_pendingSpace)
            {
                _text.Append(' ');
                _pendingSpace = false;
            }
            FlushText();
            _items.Add(inline);
            if (inline is not LineBreak) _atLineStart = false;
        }

        void FlushText()
        {
            if (_text.Length == 0) return;
            _items.Add(new TextRun(_text.ToString(), _bold, _italic));
            _text.Clear();
        }

        public List<Inline> Finish()
        {
            FlushText();
            return _items;
        }
    }
}
