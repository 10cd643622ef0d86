using System.Globalization;
using System.Text;

namespace CfgResults.Engine.Documents;

/// <summary>
/// Lays out a <see cref="MarkupDocument"/> on pages: word wrap (overlong words broken by characters),
/// tables split row by row with their header rows repeated, rows taller than a page split by lines,
/// signature blocks kept together, headings kept with what follows, header and footer on every page
/// with the page number and count of their section. Pure computation: no PDFsharp drawing here.
/// <para>
/// Font family: without explicit <paramref name="metrics"/>, each document is laid out with
/// <see cref="FontFamilyFor"/>'s choice, the compact faces or, when some drawn text needs a character they lack,
/// the full faces for the whole document (one family per document keeps every line consistent and the choice
/// easy to predict). Explicit metrics force their family.
/// </para>
/// </summary>
public sealed class LayoutEngine(LayoutOptions? options = null, FontMetrics? metrics = null)
{
    const double Epsilon = 0.001;
    readonly LayoutOptions _o = options ?? LayoutOptions.A4;
    readonly bool _chooseFamily = metrics is null;
    readonly FontMetrics _m = metrics ?? FontMetrics.Shared;
    List<StructureNode> _nodes = [];
    int _parent = -1; // structure parent of the blocks being placed: the section, or -1 (the document)

    public static LayoutDocument Layout(MarkupDocument document, LayoutOptions? options = null) =>
        new LayoutEngine(options).Run(document);

    public LayoutDocument Run(MarkupDocument document)
    {
        if (_chooseFamily)
        {
            string family = FontFamilyFor(document);
            if (!string.Equals(family, _m.Family, StringComparison.Ordinal))
                return new LayoutEngine(_o, FontMetrics.For(family)).Run(document);
        }
        _nodes = [];
        var sections = new List<LayoutSection>(document.Sections.Count);
        for (int i = 0; i < document.Sections.Count; i++)
        {
            // Sub-documents (one per candidate in a bulk PDF) each get their own Sect element.
            _parent = document.Sections.Count > 1 ? Node(-1, StructureRole.Sect) : -1;
            sections.Add(LayoutSection(i, document.Sections[i]));
        }
        return new LayoutDocument(document.Title, document.Author, document.Subject, document.Language, _o.PageWidth, _o.PageHeight, sections)
        {
            FontFamily = _m.Family,
            Structure = _nodes,
        };
    }

    /// <summary>
    /// <see cref="DocumentFonts.Family"/> when the compact faces cover every text drawn (body, tables, signatures,
    /// headers and footers; page numbers are digits), otherwise <see cref="DocumentFonts.FullFamily"/>. The
    /// title, author and subject are not drawn: they go to the PDF information dictionary, which is not tied to
    /// a font. With <see cref="DocumentFonts.UseCompactFonts"/> off, the default family is complete already.
    /// </summary>
    public static string FontFamilyFor(MarkupDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!DocumentFonts.UseCompactFonts) return DocumentFonts.Family;
        foreach (var section in document.Sections)
        {
            if (!Covered(section.Header) || !Covered(section.Footer)) return DocumentFonts.FullFamily;
            foreach (var block in section.Blocks)
            {
                bool covered = block switch
                {
                    Paragraph p => Covered(p.Inlines),
                    Signature s => Covered(s.Lines),
                    Table t => Covered(t.HeaderRows) && Covered(t.BodyRows),
                    _ => true,
                };
                if (!covered) return DocumentFonts.FullFamily;
            }
        }
        return DocumentFonts.Family;
    }

    static bool Covered(IReadOnlyList<Inline> inlines)
    {
        foreach (var inline in inlines)
            if (inline is TextRun run && !Fonts.CompactFontSet.Covers(run.Text)) return false;
        return true;
    }

    static bool Covered(IReadOnlyList<Paragraph> paragraphs)
    {
        foreach (var p in paragraphs)
            if (!Covered(p.Inlines)) return false;
        return true;
    }

    static bool Covered(IReadOnlyList<TableRow> rows)
    {
        foreach (var row in rows)
            foreach (var cell in row.Cells)
                if (!Covered(cell.Inlines)) return false;
        return true;
    }

    /// <summary>Adds a structure element (in document order) and returns its id.</summary>
    int Node(int parent, StructureRole role)
    {
        _nodes.Add(new StructureNode(parent, role));
        return _nodes.Count - 1;
    }

    LayoutSection LayoutSection(int index, MarkupSection section)
    {
        // Reserve the header and footer heights with wide placeholder numbers; the real numbers are
        // known only once the section's body is laid out.
        double headerHeight = HeaderFooterHeight(section.Header, "999", "999");
        double footerHeight = HeaderFooterHeight(section.Footer, "999", "999");
        double top = _o.MarginTop + (headerHeight > 0 ? headerHeight + _o.HeaderFooterGap : 0);
        double bottom = _o.PageHeight - _o.MarginBottom - (footerHeight > 0 ? footerHeight + _o.HeaderFooterGap : 0);
        if (bottom - top < 20) bottom = top + 20; // absurd header/footer: keep a body strip so the flow always progresses

        var flow = new Flow(top, bottom);
        foreach (var block in section.Blocks)
        {
            switch (block)
            {
                case Paragraph p: PlaceParagraph(flow, p); break;
                case Table t: PlaceTable(flow, t); break;
                case Spacer s: PlaceSpacer(flow, s); break;
                case PageBreak: if (flow.HasContent) flow.NewPage(); break;
                case Signature s: PlaceSignature(flow, s); break;
                case Image i: PlaceImage(flow, i); break;
            }
        }

        int count = flow.Pages.Count;
        foreach (var page in flow.Pages)
        {
            string n = page.NumberInSection.ToString(CultureInfo.InvariantCulture);
            string m = count.ToString(CultureInfo.InvariantCulture);
            PlaceHeaderFooter(page, section.Header, n, m, BoxRegion.Header);
            PlaceHeaderFooter(page, section.Footer, n, m, BoxRegion.Footer);
        }
        return new LayoutSection(index, flow.Pages);
    }

    // ---- header and footer -------------------------------------------------------------------

    double HeaderFooterHeight(IReadOnlyList<Paragraph> paragraphs, string n, string m)
    {
        double height = 0;
        for (int i = 0; i < paragraphs.Count; i++)
        {
            var p = paragraphs[i];
            foreach (var line in BreakLines(Substitute(p.Inlines, n, m), p.Size, p.Bold, _o.ContentWidth)) height += line.Height;
            if (i < paragraphs.Count - 1) height += _o.ParagraphSpacing / 2;
        }
        return height;
    }

    void PlaceHeaderFooter(LayoutPage page, IReadOnlyList<Paragraph> paragraphs, string n, string m, BoxRegion region)
    {
        if (paragraphs.Count == 0) return;
        var laid = paragraphs.Select(p => (p, Lines: BreakLines(Substitute(p.Inlines, n, m), p.Size, p.Bold, _o.ContentWidth))).ToList();
        double height = laid.Sum(l => l.Lines.Sum(x => x.Height)) + (laid.Count - 1) * _o.ParagraphSpacing / 2;
        double y = region == BoxRegion.Header ? _o.MarginTop : _o.PageHeight - _o.MarginBottom - height;
        foreach (var (p, lines) in laid)
        {
            foreach (var line in lines)
            {
                Emit(page, line, _o.MarginLeft, y, _o.ContentWidth, p.Align, p.Size, region, -1);
                y += line.Height;
            }
            y += _o.ParagraphSpacing / 2;
        }
    }

    static IReadOnlyList<Inline> Substitute(IReadOnlyList<Inline> inlines, string n, string m)
    {
        bool any = false;
        foreach (var i in inlines) any |= i is PageNumber or PageCount;
        if (!any) return inlines;
        var result = new List<Inline>(inlines.Count);
        foreach (var i in inlines)
        {
            result.Add(i switch
            {
                PageNumber => new TextRun(n, false, false),
                PageCount => new TextRun(m, false, false),
                _ => i,
            });
        }
        return result;
    }

    // ---- body blocks ---------------------------------------------------------------------------

    void PlaceParagraph(Flow flow, Paragraph p)
    {
        var lines = BreakLines(p.Inlines, p.Size, p.Bold, _o.ContentWidth);
        if (lines.Count == 0) return;
        if (p.Level != HeadingLevel.None)
        {
            double before = p.Level switch { HeadingLevel.H1 => 10, HeadingLevel.H2 => 8, _ => 6 };
            if (flow.HasContent) flow.Y += before;
            // Keep a heading with the first two lines of what follows.
            double needed = lines.Sum(l => l.Height) + 2 * _m.LineHeight(FontFace.Regular, MarkupParser.DefaultFontSize);
            if (flow.Y + needed > flow.Bottom + Epsilon && flow.HasContent) flow.NewPage();
        }
        var role = p.Level switch { HeadingLevel.H1 => StructureRole.H1, HeadingLevel.H2 => StructureRole.H2, HeadingLevel.H3 => StructureRole.H3, _ => StructureRole.P };
        PlaceLines(flow, lines, _o.MarginLeft, _o.ContentWidth, p.Align, p.Size, Node(_parent, role));
        flow.Y += _o.ParagraphSpacing;
    }

    void PlaceLines(Flow flow, List<Line> lines, double x, double width, TextAlign align, double size, int node)
    {
        foreach (var line in lines)
        {
            if (flow.Y + line.Height > flow.Bottom + Epsilon && flow.HasContent) flow.NewPage();
            Emit(flow.Page, line, x, flow.Y, width, align, size, BoxRegion.Body, node);
            flow.Y += line.Height;
        }
    }

    static void PlaceSpacer(Flow flow, Spacer s)
    {
        if (!flow.HasContent) return; // no space at the top of a page
        if (flow.Y + s.Height > flow.Bottom + Epsilon) flow.NewPage();
        else flow.Y += s.Height;
    }

    void PlaceImage(Flow flow, Image image)
    {
        if (flow.HasContent && flow.Y + image.Height > flow.Bottom + Epsilon) flow.NewPage();
        double x = image.Align switch
        {
            TextAlign.Center => _o.MarginLeft + (_o.ContentWidth - image.Width) / 2,
            TextAlign.Right => _o.MarginLeft + _o.ContentWidth - image.Width,
            _ => _o.MarginLeft,
        };
        flow.Page.ImageList.Add(new ImageBox(x, flow.Y, image.Width, image.Height, image.Code, image.Alt, Node(_parent, StructureRole.Figure)));
        flow.Y += image.Height + _o.ParagraphSpacing;
    }

    void PlaceSignature(Flow flow, Signature s)
    {
        var laid = s.Lines.Select(p => (p, Lines: BreakLines(p.Inlines, p.Size, p.Bold, _o.ContentWidth))).ToList();
        double height = laid.Sum(l => l.Lines.Sum(x => x.Height)) + laid.Count * _o.ParagraphSpacing;
        if (flow.HasContent)
        {
            if (flow.Y + _o.SignatureSpaceBefore + height > flow.Bottom + Epsilon) flow.NewPage();
            else flow.Y += _o.SignatureSpaceBefore;
        }
        // Taller than a page: it cannot be kept together, PlaceLines then flows it over pages.
        foreach (var (p, lines) in laid)
        {
            if (lines.Count > 0) PlaceLines(flow, lines, _o.MarginLeft, _o.ContentWidth, p.Align, p.Size, Node(_parent, StructureRole.P));
            flow.Y += _o.ParagraphSpacing;
        }
    }

    // ---- tables --------------------------------------------------------------------------------

    sealed class RowLayout(List<Line>[] cells, TableRow row, double height)
    {
        public readonly List<Line>[] Cells = cells;
        public readonly TableRow Row = row;
        public readonly double Height = height;
    }

    void PlaceTable(Flow flow, Table table)
    {
        int columns = table.Widths.Count;
        foreach (var r in table.HeaderRows) columns = Math.Max(columns, r.Cells.Count);
        foreach (var r in table.BodyRows) columns = Math.Max(columns, r.Cells.Count);
        if (columns == 0) return;

        double[] x = ColumnEdges(table.Widths, columns);
        double padX = _o.CellPaddingX, padY = _o.CellPaddingY;
        var header = table.HeaderRows.Select(r => LayoutRow(r, x)).ToList();
        double headerHeight = header.Sum(h => h.Height);
        double left = x[0], right = x[^1];

        double fragmentTop = 0;
        int fragmentRows = 0;
        int tableNode = Node(_parent, StructureRole.Table), bodyNode = -1;
        bool headerTagged = false;

        void StartFragment()
        {
            fragmentTop = flow.Y;
            fragmentRows = 0;
            flow.Page.LineList.Add(new RuleLine(left, fragmentTop, right, fragmentTop, _o.RuleWidth));
            // The header rows are tagged (THead, TH) where the table starts; repeated on a later page they
            // are pagination artifacts, so a screen reader reads them once.
            int headNode = !headerTagged && header.Count > 0 ? Node(tableNode, StructureRole.THead) : -1;
            foreach (var h in header) PlaceRow(flow, h, x, BoxRegion.TableHeader, headNode < 0 ? null : RowNodes(headNode, h.Row, columns, true));
            headerTagged = true;
        }

        void EndFragment()
        {
            foreach (double edge in x) flow.Page.LineList.Add(new RuleLine(edge, fragmentTop, edge, flow.Y, _o.RuleWidth));
        }

        void NextPage()
        {
            EndFragment();
            flow.NewPage();
            StartFragment();
        }

        // Start the table on a new page unless its header and first row fit here.
        double firstRow = table.BodyRows.Count > 0 ? LayoutRow(table.BodyRows[0], x).Height : 0;
        if (flow.HasContent && flow.Y + headerHeight + firstRow > flow.Bottom + Epsilon) flow.NewPage();
        StartFragment();
        if (table.BodyRows.Count > 0) bodyNode = Node(tableNode, StructureRole.TBody);

        foreach (var row in table.BodyRows)
        {
            var laid = LayoutRow(row, x);
            if (flow.Y + laid.Height > flow.Bottom + Epsilon && fragmentRows > 0)
                NextPage();
            if (flow.Y + laid.Height <= flow.Bottom + Epsilon)
            {
                PlaceRow(flow, laid, x, BoxRegion.Body, RowNodes(bodyNode, row, columns, false));
                fragmentRows++;
                continue;
            }
            // Taller than what a page leaves under the header rows: split it by lines.
            var next = new int[laid.Cells.Length];
            while (true)
            {
                double available = flow.Bottom - flow.Y - 2 * padY;
                var take = new int[laid.Cells.Length];
                double tallest = 0;
                bool any = false, remains = false;
                for (int c = 0; c < laid.Cells.Length; c++)
                {
                    var lines = laid.Cells[c];
                    double h = 0;
                    int k = next[c];
                    while (k < lines.Count && h + lines[k].Height <= available + Epsilon) h += lines[k++].Height;
                    if (k == next[c] && k < lines.Count && fragmentRows == 0)
                        h += lines[k++].Height; // nothing fits even on a fresh page: force one line (clipped) so the loop progresses
                    take[c] = k;
                    any |= k > next[c];
                    remains |= k < lines.Count;
                    tallest = Math.Max(tallest, h);
                }
                if (!any)
                {
                    NextPage();
                    continue;
                }
                // Each page's part of a split row is its own row element (cells cannot be reopened later).
                var cellNodes = RowNodes(bodyNode, row, columns, false);
                for (int c = 0; c < laid.Cells.Length; c++)
                {
                    double y = flow.Y + padY;
                    for (int k = next[c]; k < take[c]; k++)
                    {
                        var line = laid.Cells[c][k];
                        Emit(flow.Page, line, x[c] + padX, y, x[c + 1] - x[c] - 2 * padX, CellAlign(laid.Row, c), line.Size, BoxRegion.Body, cellNodes[c]);
                        y += line.Height;
                    }
                    next[c] = take[c];
                }
                flow.Y += tallest + 2 * padY;
                flow.Page.LineList.Add(new RuleLine(left, flow.Y, right, flow.Y, _o.RuleWidth));
                fragmentRows++;
                if (!remains) break;
                NextPage();
            }
        }
        EndFragment();
        flow.Y += _o.TableSpaceAfter;
    }

    /// <summary>A TR element under <paramref name="group"/> and one TH or TD per column, empty cells included.</summary>
    int[] RowNodes(int group, TableRow row, int columns, bool headerRow)
    {
        int tr = Node(group, StructureRole.TR);
        var cells = new int[columns];
        for (int c = 0; c < columns; c++)
        {
            bool th = c < row.Cells.Count ? row.Cells[c].IsHeader : headerRow;
            cells[c] = Node(tr, th ? StructureRole.TH : StructureRole.TD);
        }
        return cells;
    }

    static TextAlign CellAlign(TableRow row, int column) => column < row.Cells.Count ? row.Cells[column].Align : TextAlign.Left;

    double[] ColumnEdges(IReadOnlyList<double> widths, int columns)
    {
        double fallback = widths.Count > 0 ? widths.Average() : 1;
        var weights = new double[columns];
        for (int i = 0; i < columns; i++) weights[i] = i < widths.Count ? widths[i] : fallback;
        double total = weights.Sum();
        var edges = new double[columns + 1];
        edges[0] = _o.MarginLeft;
        for (int i = 0; i < columns; i++) edges[i + 1] = edges[i] + _o.ContentWidth * weights[i] / total;
        edges[columns] = _o.MarginLeft + _o.ContentWidth;
        return edges;
    }

    RowLayout LayoutRow(TableRow row, double[] x)
    {
        int columns = x.Length - 1;
        var cells = new List<Line>[columns];
        double tallest = _m.LineHeight(FontFace.Regular, MarkupParser.DefaultFontSize);
        for (int c = 0; c < columns; c++)
        {
            double width = x[c + 1] - x[c] - 2 * _o.CellPaddingX;
            cells[c] = c < row.Cells.Count
                ? BreakLines(row.Cells[c].Inlines, MarkupParser.DefaultFontSize, row.Cells[c].IsHeader, width)
                : [];
            double h = 0;
            foreach (var line in cells[c]) h += line.Height;
            tallest = Math.Max(tallest, h);
        }
        return new RowLayout(cells, row, tallest + 2 * _o.CellPaddingY);
    }

    /// <summary>Places a row that fits; <paramref name="cellNodes"/> null draws it as an artifact.</summary>
    void PlaceRow(Flow flow, RowLayout row, double[] x, BoxRegion region, int[]? cellNodes)
    {
        double padX = _o.CellPaddingX;
        for (int c = 0; c < row.Cells.Length; c++)
        {
            double y = flow.Y + _o.CellPaddingY;
            foreach (var line in row.Cells[c])
            {
                Emit(flow.Page, line, x[c] + padX, y, x[c + 1] - x[c] - 2 * padX, CellAlign(row.Row, c), line.Size, region, cellNodes?[c] ?? -1);
                y += line.Height;
            }
        }
        flow.Y += row.Height;
        flow.Page.LineList.Add(new RuleLine(x[0], flow.Y, x[^1], flow.Y, _o.RuleWidth));
    }

    // ---- lines ---------------------------------------------------------------------------------

    /// <summary>A run of one face within a line; <see cref="Offset"/> from the line's start.</summary>
    internal readonly record struct Segment(string Text, FontFace Face, double Offset, double Width);

    internal sealed class Line(Segment[] segments, double width, double height, double size)
    {
        public readonly Segment[] Segments = segments;
        public readonly double Width = width;
        public readonly double Height = height;
        public readonly double Size = size;
    }

    static void Emit(LayoutPage page, Line line, double x, double y, double width, TextAlign align, double size, BoxRegion region, int node)
    {
        double shift = align switch
        {
            TextAlign.Center => Math.Max(0, (width - line.Width) / 2),
            TextAlign.Right => Math.Max(0, width - line.Width),
            _ => 0,
        };
        foreach (var s in line.Segments)
        {
            page.TextList.Add(new TextBox(x + shift + s.Offset, y, s.Width, line.Height, size,
                s.Face is FontFace.Bold or FontFace.BoldItalic, s.Face is FontFace.Italic or FontFace.BoldItalic, s.Text, region, node));
        }
    }

    static FontFace FaceOf(bool bold, bool italic) => (FontFace)((bold ? 1 : 0) + (italic ? 2 : 0));

    /// <summary>
    /// Greedy word wrap of inline content (text runs and line breaks) into lines no wider than
    /// <paramref name="maxWidth"/>; a word wider than a whole line is broken between characters.
    /// </summary>
    internal List<Line> BreakLines(IReadOnlyList<Inline> inlines, double size, bool bold, double maxWidth)
    {
        // Fast path, the common table cell: one run that fits.
        if (inlines.Count == 1 && inlines[0] is TextRun only)
        {
            var face = FaceOf(bold || only.Bold, only.Italic);
            double w = _m.Width(only.Text, face, size);
            if (w <= maxWidth + Epsilon)
                return [new Line([new Segment(only.Text, face, 0, w)], w, _m.LineHeight(face, size), size)];
        }

        var lines = new List<Line>();
        var builder = new LineBuilder(this, size);
        bool pendingSpace = false;
        FontFace spaceFace = FontFace.Regular;
        var word = new List<(string Text, FontFace Face)>();

        void FlushWord()
        {
            if (word.Count == 0) return;
            double wordWidth = 0;
            foreach (var (t, f) in word) wordWidth += _m.Width(t, f, size);
            double spaceWidth = pendingSpace && !builder.IsEmpty ? _m.Width(' ', spaceFace, size) : 0;
            if (builder.Width + spaceWidth + wordWidth <= maxWidth + Epsilon)
            {
                if (spaceWidth > 0) builder.Append(" ", spaceFace, spaceWidth);
                foreach (var (t, f) in word) builder.Append(t, f, _m.Width(t, f, size));
            }
            else
            {
                if (!builder.IsEmpty) lines.Add(builder.Finish());
                if (wordWidth <= maxWidth + Epsilon)
                {
                    foreach (var (t, f) in word) builder.Append(t, f, _m.Width(t, f, size));
                }
                else
                {
                    foreach (var (t, f) in word)
                    {
                        for (int i = 0; i < t.Length; i++)
                        {
                            int n = char.IsHighSurrogate(t[i]) && i + 1 < t.Length ? 2 : 1;
                            var piece = t.Substring(i, n);
                            double cw = _m.Width(piece, f, size);
                            if (builder.Width + cw > maxWidth + Epsilon && !builder.IsEmpty) lines.Add(builder.Finish());
                            builder.Append(piece, f, cw);
                            i += n - 1;
                        }
                    }
                }
            }
            word.Clear();
            pendingSpace = false;
        }

        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case TextRun run:
                    {
                        var face = FaceOf(bold || run.Bold, run.Italic);
                        var text = run.Text;
                        int start = 0;
                        for (int i = 0; i <= text.Length; i++)
                        {
                            if (i < text.Length && text[i] != ' ') continue;
                            if (i > start) word.Add((text.Substring(start, i - start), face));
                            if (i < text.Length)
                            {
                                FlushWord();
                                pendingSpace = true;
                                spaceFace = face;
                            }
                            start = i + 1;
                        }
                        break;
                    }
                case LineBreak:
                    FlushWord();
                    lines.Add(builder.Finish());
                    pendingSpace = false;
                    break;
            }
        }
        FlushWord();
        if (!builder.IsEmpty) lines.Add(builder.Finish());
        return lines;
    }

    /// <summary>Accumulates a line, merging consecutive pieces of the same face into one segment.</summary>
    sealed class LineBuilder(LayoutEngine engine, double size)
    {
        readonly List<Segment> _segments = [];
        readonly StringBuilder _text = new();
        FontFace _face;
        double _segmentStart;

        public double Width { get; private set; }

        public bool IsEmpty => Width == 0 && _text.Length == 0 && _segments.Count == 0;

        public void Append(string text, FontFace face, double width)
        {
            if (_text.Length > 0 && face != _face) Close();
            if (_text.Length == 0)
            {
                _face = face;
                _segmentStart = Width;
            }
            _text.Append(text);
            Width += width;
        }

        void Close()
        {
            _segments.Add(new Segment(_text.ToString(), _face, _segmentStart, Width - _segmentStart));
            _text.Clear();
        }

        public Line Finish()
        {
            if (_text.Length > 0) Close();
            double height = engine._m.LineHeight(FontFace.Regular, size);
            foreach (var s in _segments) height = Math.Max(height, engine._m.LineHeight(s.Face, size));
            var line = new Line([.. _segments], Width, height, size);
            _segments.Clear();
            Width = 0;
            return line;
        }
    }

    /// <summary>The body flow of one section: current page and vertical position.</summary>
    sealed class Flow
    {
        public readonly List<LayoutPage> Pages = [];
        public readonly double Top;
        public readonly double Bottom;
        public LayoutPage Page = null!;
        public double Y;

        public Flow(double top, double bottom)
        {
            Top = top;
            Bottom = bottom;
            NewPage();
        }

        public bool HasContent => Y > Top + Epsilon;

        public void NewPage()
        {
            Page = new LayoutPage(Pages.Count + 1);
            Pages.Add(Page);
            Y = Top;
        }
    }
}
