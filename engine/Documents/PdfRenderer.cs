using System.Security.Cryptography;
using System.Text;

namespace CfgResults.Engine.Documents;

/// <summary>
/// What makes a rendering reproducible: the same layout with the same options gives the same bytes.
/// <see cref="CreatedAt"/> comes from the run (never the clock at render time); <see cref="DocumentId"/> is any
/// stable key of the document (e.g. "run-42/0750001A/candidat-123"): the PDF file identifier is derived from it.
/// </summary>
public sealed record PdfRenderOptions(DateTimeOffset CreatedAt, string DocumentId)
{
    public string Creator { get; init; } = "CfgResults";
}

/// <summary>
/// Writes a <see cref="LayoutDocument"/> as a tagged PDF (ISO 32000-1 §14.8): the layout's structure (headings,
/// paragraphs, tables with column header cells, figures with their alternative text) becomes the structure tree
/// in reading order, each text run a marked-content sequence of its element; rules, page headers and footers, and
/// table headers repeated on later pages are artifacts. Fonts are embedded as subsets (Type 0, Identity-H, with
/// a ToUnicode map), made by <see cref="Fonts.TrueTypeSubsetter"/> from the faces <see cref="DocumentFonts"/>
/// resolves; the file is then packed by <see cref="ObjectStreams.Pack"/>.
/// <para>
/// Why not PDFsharp's drawing (used up to round 5): the layout already places every run, so a document is a few
/// hundred objects written in one pass, and PDFsharp's object model, structure builder and save took most of a
/// transcript's time (issue 9: 0.8 of 1.4 ms). PDFsharp still measures the fonts (<see cref="FontMetrics"/>) and
/// merges published PDFs (<see cref="TaggedPdfMerger"/>).
/// </para>
/// Thread-safe; deterministic (the subset tags and XMP identifiers derive from <see cref="PdfRenderOptions.DocumentId"/>).
/// </summary>
public static class PdfRenderer
{
    public static void Render(LayoutDocument layout, PdfRenderOptions options, Stream output)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var buffers = t_buffers ??= new Buffers();
        var writer = new Writer(layout, options, buffers);
        output.Write(ObjectStreams.Pack(writer.Write(), recompressFlate: false));
        if (buffers.File.IsOversized || buffers.Content.IsOversized) t_buffers = null; // a rare long document does not keep its buffers
    }

    sealed class Buffers
    {
        public readonly PdfBytes File = new(64 * 1024);
        public readonly PdfBytes Content = new(16 * 1024);
    }

    [ThreadStatic] static Buffers? t_buffers;

    static readonly BoxRegion[] PageOrder = [BoxRegion.Header, BoxRegion.Body, BoxRegion.Footer];

    /// <summary>One document being written.</summary>
    sealed class Writer
    {
        readonly LayoutDocument _layout;
        readonly PdfRenderOptions _options;
        readonly PdfFile _pdf;
        readonly PdfBytes _content;
        readonly FontMetrics _metrics;
        readonly PdfFontUse?[] _fonts = new PdfFontUse?[4];
        readonly byte[] _id;

        // Structure: element object numbers (node i → _elements[i]), each element's kids in reading order.
        readonly IReadOnlyList<StructureNode> _nodes;
        readonly int[] _elements;
        readonly int[] _firstPage;
        // Each element's kids as a linked list in one array (the document element is owner _nodes.Count): a
        // transcript has a hundred elements, a long list hundreds of thousands; one list object each cost more.
        readonly int[] _kidFirst, _kidLast;
        Kid[] _kidItems = new Kid[256];
        int[] _kidNext = new int[256];
        int _kidCount;
        int _nextNode;

        // The page being drawn: its marked-content ids, each with the element it belongs to.
        readonly List<int> _pageParents = [];
        readonly List<int[]> _parentTree = [];
        int _openNode = -1; // the element whose marked content is open, -1 for none
        bool _artifactOpen;

        readonly record struct Kid(bool IsElement, int Value, int Page);

        public Writer(LayoutDocument layout, PdfRenderOptions options, Buffers buffers)
        {
            _layout = layout;
            _options = options;
            _pdf = new PdfFile(buffers.File);
            _content = buffers.Content;
            _metrics = FontMetrics.For(layout.FontFamily);
            _id = SHA256.HashData(Encoding.UTF8.GetBytes(options.DocumentId)).AsSpan(0, 16).ToArray();
            _nodes = layout.Structure;
            _elements = new int[_nodes.Count];
            _firstPage = new int[_nodes.Count];
            Array.Fill(_firstPage, -1);
            _kidFirst = new int[_nodes.Count + 1];
            _kidLast = new int[_nodes.Count + 1];
            Array.Fill(_kidFirst, -1);
        }

        public ReadOnlySpan<byte> Write()
        {
            int catalog = _pdf.Allocate(), info = _pdf.Allocate(), metadata = _pdf.Allocate(), pages = _pdf.Allocate();
            int treeRoot = _pdf.Allocate(), parentTree = _pdf.Allocate(), document = _pdf.Allocate();
            for (int i = 0; i < _nodes.Count; i++) _elements[i] = _pdf.Allocate();

            // Fonts: which characters each face draws, then one subset per face.
            foreach (var page in _layout.Pages)
                for (int i = 0; i < page.Texts.Count; i++)
                {
                    var box = page.Texts[i];
                    var use = _fonts[(int)box.Face] ??= new PdfFontUse(PdfFace.For(_layout.FontFamily, box.Face)) { Resource = "F" + (int)box.Face };
                    use.Add(box.Text);
                    if (EndsWrappedLine(page.Texts, i)) use.Add(" ");
                }
            for (int f = 0; f < 4; f++)
                if (_fonts[f] is { } use)
                {
                    use.Number = _pdf.Allocate();
                    use.Seal();
                }

            // Pages, each with its content stream and its QR codes.
            var pageNumbers = new List<int>();
            int pageIndex = 0;
            foreach (var page in _layout.Pages)
            {
                int pageNumber = _pdf.Allocate(), contents = _pdf.Allocate();
                pageNumbers.Add(pageNumber);
                var images = new int[page.Images.Count];
                for (int i = 0; i < images.Length; i++) images[i] = _pdf.Allocate();
                DrawPage(page, pageIndex);
                var b = _pdf.Begin(pageNumber).Raw("<</Type/Page/Parent "u8).Ref(pages).Raw("/MediaBox[0 0 "u8).Num(_layout.PageWidth).Byte((byte)' ')
                    .Num(_layout.PageHeight).Raw("]/Resources<</Font<<"u8);
                foreach (var use in _fonts)
                    if (use is not null) b.Name(use.Resource).Byte((byte)' ').Ref(use.Number);
                b.Raw(">>"u8);
                if (images.Length > 0)
                {
                    b.Raw("/XObject<<"u8);
                    for (int i = 0; i < images.Length; i++) b.Raw("/Im"u8).Int(i).Byte((byte)' ').Ref(images[i]);
                    b.Raw(">>"u8);
                }
                b.Raw(">>/Contents "u8).Ref(contents).Raw("/StructParents "u8).Int(pageIndex).Raw("/Tabs/S>>"u8);
                _pdf.End();
                _pdf.Begin(contents).Raw("<<"u8);
                _pdf.EndStream(_content.Written);
                for (int i = 0; i < images.Length; i++) WriteImage(images[i], page.Images[i].Code);
                pageIndex++;
            }
            if (pageNumbers.Count == 0) pageNumbers.Add(WriteEmptyPage(pages));

            // Fonts.
            for (int f = 0; f < 4; f++)
                _fonts[f]?.Write(_pdf, PdfFontUse.Tag(_id, _fonts[f]!.Face.BaseName));

            // Structure: nodes no text reached (empty cells) are still elements, in their place.
            while (_nextNode < _nodes.Count) Open(_nextNode++);
            WriteStructure(treeRoot, parentTree, document, pageNumbers);

            var p = _pdf.Begin(pages).Raw("<</Type/Pages/Kids["u8);
            for (int i = 0; i < pageNumbers.Count; i++) p.Ref(pageNumbers[i]).Byte(i + 1 < pageNumbers.Count ? (byte)' ' : (byte)']');
            p.Raw("/Count "u8).Int(pageNumbers.Count).Raw(">>"u8);
            _pdf.End();

            _pdf.Begin(catalog).Raw("<</Type/Catalog/Pages "u8).Ref(pages).Raw("/StructTreeRoot "u8).Ref(treeRoot)
                .Raw("/MarkInfo<</Marked true>>/Lang"u8).Text(LanguageTag(_layout.Language)).Raw("/ViewerPreferences<</DisplayDocTitle true>>/Metadata "u8)
                .Ref(metadata).Raw(">>"u8);
            _pdf.End();
            WriteInfo(info);
            WriteMetadata(metadata);
            return _pdf.Finish(catalog, info, _id);
        }

        int WriteEmptyPage(int pages)
        {
            int page = _pdf.Allocate();
            _pdf.Begin(page).Raw("<</Type/Page/Parent "u8).Ref(pages).Raw("/MediaBox[0 0 "u8).Num(_layout.PageWidth).Byte((byte)' ')
                .Num(_layout.PageHeight).Raw("]/Resources<<>>>>"u8);
            _pdf.End();
            _parentTree.Add([]);
            return page;
        }

        void DrawPage(LayoutPage page, int pageIndex)
        {
            var c = _content;
            c.Clear();
            _pageParents.Clear();
            double height = _layout.PageHeight;
            if (page.Lines.Count > 0)
            {
                c.Raw("/Artifact BMC\n"u8);
                double width = -1;
                foreach (var rule in page.Lines)
                {
                    if (rule.Width != width) c.Num(width = rule.Width).Raw(" w\n"u8);
                    c.Num(rule.X1).Byte((byte)' ').Num(height - rule.Y1).Raw(" m "u8).Num(rule.X2).Byte((byte)' ').Num(height - rule.Y2).Raw(" l S\n"u8);
                }
                c.Raw("EMC\n"u8);
            }
            // Content stream order = visual order: page header, body, page footer; pictures among the body in
            // structure order.
            int image = 0;
            foreach (var region in PageOrder)
            {
                for (int i = 0; i < page.Texts.Count; i++)
                {
                    var box = page.Texts[i];
                    if ((box.Region == BoxRegion.Header) != (region == BoxRegion.Header) || (box.Region == BoxRegion.Footer) != (region == BoxRegion.Footer)) continue;
                    for (; region == BoxRegion.Body && !box.IsArtifact && image < page.Images.Count && page.Images[image].Node < box.Node; image++)
                        DrawImage(page.Images[image], image, pageIndex);
                    Mark(box.Node, pageIndex);
                    var font = _fonts[(int)box.Face]!;
                    double baseline = height - box.Y - _metrics.Ascent(box.Face, box.FontSize);
                    c.Raw("BT\n/"u8).Ascii(font.Resource).Byte((byte)' ').Num(box.FontSize).Raw(" Tf\n"u8);
                    if (font.Face.SimulateItalic) c.Raw("1 0 0.364 1 "u8).Num(box.X).Byte((byte)' ').Num(baseline).Raw(" Tm\n"u8);
                    else c.Num(box.X).Byte((byte)' ').Num(baseline).Raw(" Td\n"u8);
                    font.Encode(c, EndsWrappedLine(page.Texts, i) ? box.Text + " " : box.Text);
                    c.Raw(" Tj\nET\n"u8);
                }
            }
            for (; image < page.Images.Count; image++) DrawImage(page.Images[image], image, pageIndex);
            CloseMarkedContent();
            _parentTree.Add([.. _pageParents]);
        }

        void DrawImage(ImageBox box, int index, int pageIndex)
        {
            Mark(box.Node, pageIndex);
            _content.Raw("q\n"u8).Num(box.Width).Raw(" 0 0 "u8).Num(box.Height).Byte((byte)' ').Num(box.X).Byte((byte)' ')
                .Num(_layout.PageHeight - box.Y - box.Height).Raw(" cm\n/Im"u8).Int(index).Raw(" Do\nQ\n"u8);
        }

        void WriteImage(int number, QrCode code)
        {
            _pdf.Begin(number).Raw("<</Type/XObject/Subtype/Image/Width "u8).Int(code.Size).Raw("/Height "u8).Int(code.Size)
                .Raw("/ColorSpace/DeviceGray/BitsPerComponent 1/Interpolate false"u8);
            _pdf.EndStream(code.Bits);
        }

        /// <summary>
        /// Puts what is drawn next in the marked content of <paramref name="node"/>, or in an artifact of its own for
        /// -1: the open sequence continues when the node is the same, otherwise it is closed and a new one begins,
        /// with the next marked-content id of the page.
        /// </summary>
        void Mark(int node, int pageIndex)
        {
            if (node < 0)
            {
                // One artifact per run (a header line, a footer line, a repeated header cell).
                CloseMarkedContent();
                _content.Raw("/Artifact BMC\n"u8);
                _artifactOpen = true;
                return;
            }
            if (_openNode == node) return;
            CloseMarkedContent();
            while (_nextNode <= node) Open(_nextNode++);
            int mcid = _pageParents.Count;
            _pageParents.Add(node);
            AddKid(node, new Kid(false, mcid, pageIndex));
            if (_firstPage[node] < 0) _firstPage[node] = pageIndex;
            _content.Byte((byte)'/').Ascii(RoleName(_nodes[node].Role)).Raw("<</MCID "u8).Int(mcid).Raw(">>BDC\n"u8);
            _openNode = node;
        }

        void CloseMarkedContent()
        {
            if (_openNode >= 0 || _artifactOpen) _content.Raw("EMC\n"u8);
            _openNode = -1;
            _artifactOpen = false;
        }

        /// <summary>Adds an element to its parent's kids: node ids are in document order, so this is reading order.</summary>
        void Open(int node)
        {
            int parent = _nodes[node].Parent;
            AddKid(parent < 0 ? _nodes.Count : parent, new Kid(true, node, -1));
        }

        void AddKid(int owner, Kid kid)
        {
            if (_kidCount == _kidItems.Length)
            {
                Array.Resize(ref _kidItems, _kidCount * 2);
                Array.Resize(ref _kidNext, _kidCount * 2);
            }
            _kidItems[_kidCount] = kid;
            _kidNext[_kidCount] = -1;
            if (_kidFirst[owner] < 0) _kidFirst[owner] = _kidCount;
            else _kidNext[_kidLast[owner]] = _kidCount;
            _kidLast[owner] = _kidCount++;
        }

        void WriteStructure(int treeRoot, int parentTree, int document, List<int> pages)
        {
            _pdf.Begin(treeRoot).Raw("<</Type/StructTreeRoot/K "u8).Ref(document).Raw("/ParentTree "u8).Ref(parentTree)
                .Raw("/ParentTreeNextKey "u8).Int(_parentTree.Count).Raw(">>"u8);
            _pdf.End();

            var b = _pdf.Begin(parentTree).Raw("<</Nums["u8);
            for (int p = 0; p < _parentTree.Count; p++)
            {
                b.Int(p).Byte((byte)'[');
                var parents = _parentTree[p];
                for (int k = 0; k < parents.Length; k++)
                {
                    if (k > 0) b.Byte((byte)' ');
                    b.Ref(_elements[parents[k]]);
                }
                b.Byte((byte)']');
            }
            b.Raw("]>>"u8);
            _pdf.End();

            b = _pdf.Begin(document).Raw("<</Type/StructElem/S/Document/P "u8).Ref(treeRoot);
            WriteKids(b, _nodes.Count, -1, pages);
            b.Raw(">>"u8);
            _pdf.End();

            for (int i = 0; i < _nodes.Count; i++)
            {
                var node = _nodes[i];
                b = _pdf.Begin(_elements[i]).Raw("<</Type/StructElem/S/"u8).Ascii(RoleName(node.Role)).Raw("/P "u8).Ref(node.Parent < 0 ? document : _elements[node.Parent]);
                if (_firstPage[i] >= 0) b.Raw("/Pg "u8).Ref(pages[_firstPage[i]]);
                if (node.Role == StructureRole.TH) b.Raw("/A<</O/Table/Scope/Column>>"u8);
                if (node.Role == StructureRole.Figure && FigureOf(i) is { } figure)
                {
                    double top = _layout.PageHeight - figure.Y;
                    b.Raw("/Alt"u8).Text(figure.Alt).Raw("/A<</O/Layout/BBox["u8).Num(figure.X).Byte((byte)' ').Num(top - figure.Height).Byte((byte)' ')
                        .Num(figure.X + figure.Width).Byte((byte)' ').Num(top).Raw("]>>"u8);
                }
                WriteKids(b, i, _firstPage[i], pages);
                b.Raw(">>"u8);
                _pdf.End();
            }
        }

        /// <summary>"/K": one kid alone, several in an array; a marked content on another page than /Pg as a marked-content reference.</summary>
        void WriteKids(PdfBytes b, int owner, int page, List<int> pages)
        {
            int first = _kidFirst[owner];
            if (first < 0) return;
            bool single = _kidNext[first] < 0;
            b.Raw(single ? "/K "u8 : "/K["u8);
            for (int k = first; k >= 0; k = _kidNext[k])
            {
                var kid = _kidItems[k];
                if (k != first) b.Byte((byte)' ');
                if (kid.IsElement) b.Ref(_elements[kid.Value]);
                else if (kid.Page == page) b.Int(kid.Value);
                else b.Raw("<</Type/MCR/Pg "u8).Ref(pages[kid.Page]).Raw("/MCID "u8).Int(kid.Value).Raw(">>"u8);
            }
            if (!single) b.Byte((byte)']');
        }

        ImageBox? FigureOf(int node)
        {
            foreach (var page in _layout.Pages)
                foreach (var image in page.Images)
                    if (image.Node == node) return image;
            return null;
        }

        void WriteInfo(int info)
        {
            // Dates in UTC, to the second: the bytes do not depend on where they are rendered.
            var at = _options.CreatedAt.UtcDateTime;
            at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
            _pdf.Begin(info).Raw("<</Title"u8).Text(_layout.Title).Raw("/Author"u8).Text(_layout.Author).Raw("/Subject"u8).Text(_layout.Subject)
                .Raw("/Creator"u8).Text(_options.Creator).Raw("/Producer"u8).Text(_options.Creator).Raw("/CreationDate"u8).Date(at)
                .Raw("/ModDate"u8).Date(at).Raw(">>"u8);
            _pdf.End();
        }

        /// <summary>The XMP metadata (ISO 32000-1 §14.3.2), left uncompressed: title, author, subject, dates, identifiers.</summary>
        void WriteMetadata(int metadata)
        {
            var at = _options.CreatedAt.UtcDateTime;
            string date = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            string X(string s) => System.Security.SecurityElement.Escape(s) ?? "";
            const char Bom = '\uFEFF';
            var xmp = $"""
                <?xpacket begin="{Bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
                <x:xmpmeta xmlns:x="adobe:ns:meta/">
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
                <pdf:Producer>{X(_options.Creator)}</pdf:Producer>
                <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{X(_layout.Title)}</rdf:li></rdf:Alt></dc:title>
                <dc:creator><rdf:Seq><rdf:li>{X(_layout.Author)}</rdf:li></rdf:Seq></dc:creator>
                <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{X(_layout.Subject)}</rdf:li></rdf:Alt></dc:description>
                <dc:language><rdf:Bag><rdf:li>{X(LanguageTag(_layout.Language))}</rdf:li></rdf:Bag></dc:language>
                <xmp:CreatorTool>{X(_options.Creator)}</xmp:CreatorTool>
                <xmp:CreateDate>{date}</xmp:CreateDate>
                <xmp:ModifyDate>{date}</xmp:ModifyDate>
                <xmpMM:DocumentID>uuid:{Uuid("document")}</xmpMM:DocumentID>
                <xmpMM:InstanceID>uuid:{Uuid("instance")}</xmpMM:InstanceID>
                </rdf:Description>
                </rdf:RDF>
                </x:xmpmeta>
                <?xpacket end="r"?>
                """;
            _pdf.Begin(metadata).Raw("<</Type/Metadata/Subtype/XML"u8);
            _pdf.EndStream(Encoding.UTF8.GetBytes(xmp));
        }

        string Uuid(string purpose)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Convert.ToHexString(_id)}|{purpose}"));
            return new Guid(hash.AsSpan(0, 16)).ToString("D");
        }
    }

    static string RoleName(StructureRole role) => role switch
    {
        StructureRole.Sect => "Sect",
        StructureRole.H1 => "H1",
        StructureRole.H2 => "H2",
        StructureRole.H3 => "H3",
        StructureRole.P => "P",
        StructureRole.Table => "Table",
        StructureRole.THead => "THead",
        StructureRole.TBody => "TBody",
        StructureRole.TR => "TR",
        StructureRole.TH => "TH",
        StructureRole.TD => "TD",
        _ => "Figure",
    };

    /// <summary>
    /// The last run of a line whose element continues on the next line: the space the line was wrapped at is
    /// drawn (invisible) so that text extraction and screen readers do not join the two words.
    /// </summary>
    static bool EndsWrappedLine(IReadOnlyList<TextBox> texts, int i)
    {
        var box = texts[i];
        if (box.Node < 0 || i + 1 >= texts.Count || box.Text.EndsWith(' ')) return false;
        var next = texts[i + 1];
        return next.Node == box.Node && next.Y > box.Y + 0.01;
    }

    static string LanguageTag(string lang) => lang.Trim() switch
    {
        "" or "fr" => "fr-FR",
        var other => other,
    };
}
