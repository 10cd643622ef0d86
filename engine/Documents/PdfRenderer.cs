using System.Security.Cryptography;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

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
/// Draws a <see cref="LayoutDocument"/> with PDFsharp as a tagged PDF (PDFsharp's PDF/UA support): the
/// layout's structure (headings, paragraphs, tables with header cells) becomes the structure tree in reading
/// order; rules, page headers and footers, and table headers repeated on later pages are artifacts.
/// Thread-safe: one PdfDocument per call.
/// </summary>
public static class PdfRenderer
{
    public static void Render(LayoutDocument layout, PdfRenderOptions options, Stream output)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        DocumentFonts.EnsureInstalled();
        PdfSharpReflection.EnsureAnchored();
        var metrics = FontMetrics.For(layout.FontFamily);

        using var document = new PdfDocument();
        document.Options.NoCompression = true; // ObjectStreams.Pack compresses each stream once
        document.Options.CompressContentStreams = false;
        var structure = new Tagger(UAManager.ForDocument(document), layout.Structure);
        var id = SHA256.HashData(Encoding.UTF8.GetBytes(options.DocumentId));
        SetInfo(document, layout, options, id);

        var pen = new XPen(XColors.Black, 0.5);
        foreach (var page in layout.Pages)
        {
            var pdfPage = document.AddPage();
            pdfPage.Width = XUnit.FromPoint(layout.PageWidth);
            pdfPage.Height = XUnit.FromPoint(layout.PageHeight);
            using var gfx = XGraphics.FromPdfPage(pdfPage);
            if (page.Lines.Count > 0)
            {
                structure.BeginArtifact();
                foreach (var rule in page.Lines)
                {
                    if (rule.Width != pen.Width) pen = new XPen(XColors.Black, rule.Width);
                    gfx.DrawLine(pen, rule.X1, rule.Y1, rule.X2, rule.Y2);
                }
                structure.EndArtifact();
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
                        DrawImage(gfx, structure, page.Images[image]);
                    var font = DrawingFonts.GetOrAdd((layout.FontFamily, box.Face, box.FontSize),
                        static (key, metrics) => (new XFont(key.Family, key.Size, DocumentFonts.Style(key.Face)), metrics.Ascent(key.Face, key.Size)), metrics);
                    structure.Enter(box.Node);
                    // Default string format: (x, y) is on the baseline.
                    gfx.DrawString(EndsWrappedLine(page.Texts, i) ? box.Text + " " : box.Text, font.Font, XBrushes.Black, box.X, box.Y + font.Ascent);
                    if (box.IsArtifact) structure.EndArtifact();
                }
            }
            for (; image < page.Images.Count; image++) DrawImage(gfx, structure, page.Images[image]);
            structure.EndPage();
        }
        if (document.PageCount == 0) document.AddPage();
        structure.Finish();

        // PDFsharp's file goes into this thread's reused buffer: it is only read by the packing that follows.
        var buffer = t_saved ??= new MemoryStream(128 * 1024);
        buffer.SetLength(0);
        document.Save(buffer, closeStream: false);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        Determinism.Apply(bytes, id);
        output.Write(ObjectStreams.Pack(bytes));
        if (buffer.Capacity > 1024 * 1024) t_saved = null; // a rare long document does not keep its buffer
    }

    [ThreadStatic] static MemoryStream? t_saved;

    /// <summary>
    /// The fonts drawn with, made once per process: an XFont belongs to no document (each document embeds what it
    /// draws), and making one looks its face up again. A handful of entries (family × face × size).
    /// </summary>
    static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Family, FontFace Face, double Size), (XFont Font, double Ascent)> DrawingFonts = new();

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

    static void DrawImage(XGraphics gfx, Tagger structure, ImageBox box)
    {
        // The Figure's bounding box is in PDF user space (origin bottom-left).
        structure.Enter(box.Node, (box.Alt, new XRect(box.X, gfx.PageSize.Height - box.Y - box.Height, box.Width, box.Height)));
        using var image = XImage.FromStream(new MemoryStream(box.Png, writable: false));
        image.Interpolate = false; // a QR code's modules stay sharp when scaled
        gfx.DrawImage(image, box.X, box.Y, box.Width, box.Height);
    }

    static readonly BoxRegion[] PageOrder = [BoxRegion.Header, BoxRegion.Body, BoxRegion.Footer];

    /// <summary>
    /// Replays the layout's structure with PDFsharp's <see cref="StructureBuilder"/>, which is a stack: node ids
    /// are in document order, so opening every node up to the one a text belongs to, after closing what is not
    /// its ancestor, builds the tree (empty table cells included) in reading order.
    /// </summary>
    sealed class Tagger(UAManager ua, IReadOnlyList<StructureNode> nodes)
    {
        readonly StructureBuilder builder = ua.StructureBuilder;
        readonly List<int> _open = [];
        readonly List<PdfItem> _donePages = [];
        int _next;

        public void BeginArtifact() => builder.BeginArtifact();

        public void EndArtifact() => builder.End();

        /// <summary>Makes <paramref name="node"/> the current element, or begins an artifact for -1.</summary>
        public void Enter(int node, (string Alt, XRect Box)? figure = null)
        {
            if (node < 0)
            {
                builder.BeginArtifact();
                return;
            }
            while (_next <= node) Open(_next++, _next - 1 == node ? figure : null);
            while (_open.Count > 0 && _open[^1] != node)
            {
                _open.RemoveAt(_open.Count - 1);
                builder.End();
            }
            if (_open.Count == 0) throw new InvalidOperationException($"Structure node {node} drawn after it was closed.");
        }

        void Open(int id, (string Alt, XRect Box)? figure = null)
        {
            var node = nodes[id];
            while (_open.Count > 0 && _open[^1] != node.Parent)
            {
                _open.RemoveAt(_open.Count - 1);
                builder.End();
            }
            switch (node.Role)
            {
                case StructureRole.Sect: builder.BeginElement(PdfGroupingElementTag.Section); break;
                case StructureRole.H1: builder.BeginElement(PdfBlockLevelElementTag.Heading1); break;
                case StructureRole.H2: builder.BeginElement(PdfBlockLevelElementTag.Heading2); break;
                case StructureRole.H3: builder.BeginElement(PdfBlockLevelElementTag.Heading3); break;
                case StructureRole.P: builder.BeginElement(PdfBlockLevelElementTag.Paragraph); break;
                case StructureRole.Table: builder.BeginElement(PdfBlockLevelElementTag.Table); break;
                case StructureRole.THead: builder.BeginElement(PdfBlockLevelElementTag.TableHeadRowGroup); break;
                case StructureRole.TBody: builder.BeginElement(PdfBlockLevelElementTag.TableBodyRowGroup); break;
                case StructureRole.TR: builder.BeginElement(PdfBlockLevelElementTag.TableRow); break;
                case StructureRole.TD: builder.BeginElement(PdfBlockLevelElementTag.TableDataCell); break;
                case StructureRole.Figure:
                    builder.BeginElement(PdfIllustrationElementTag.Figure, figure?.Alt ?? "", figure?.Box ?? default);
                    break;
                case StructureRole.TH:
                    builder.BeginElement(PdfBlockLevelElementTag.TableHeaderCell);
                    builder.CurrentStructureElement.TableAttributes.Elements.SetName("/Scope", "/Column");
                    break;
            }
            _open.Add(id);
        }

        /// <summary>
        /// Closes the marked content of the page; open elements continue on the next page. PDFsharp scans the
        /// whole parent tree for every marked content it adds (quadratic in pages), so the entries of finished
        /// pages are set aside here and put back, in order, by <see cref="Finish"/>.
        /// </summary>
        public void EndPage()
        {
            builder.EndMarkedContentsWithId();
            if (Nums() is { } nums)
            {
                _donePages.AddRange(nums.Elements);
                nums.Elements.Clear();
            }
        }

        PdfArray? Nums() => ua.StructureTreeRoot.Elements.GetDictionary("/ParentTree")?.Elements.GetArray("/Nums");

        /// <summary>Opens the nodes no text reached (empty trailing cells) and closes everything.</summary>
        public void Finish()
        {
            while (_next < nodes.Count) Open(_next++);
            builder.EndMarkedContentsWithId();
            for (; _open.Count > 0; _open.RemoveAt(_open.Count - 1)) builder.End();
            if (Nums() is { } nums)
            {
                var last = nums.Elements.ToList();
                nums.Elements.Clear();
                foreach (var item in _donePages.Concat(last)) nums.Elements.Add(item);
            }
        }
    }

    static void SetInfo(PdfDocument document, LayoutDocument layout, PdfRenderOptions options, byte[] id)
    {
        var info = document.Info;
        info.Title = layout.Title;
        info.Author = layout.Author;
        info.Subject = layout.Subject;
        info.Creator = options.Creator;
        // UTC kind: PDFsharp writes local-kind dates with the machine's offset, which would make the
        // bytes depend on where they are rendered.
        var at = DateTime.SpecifyKind(options.CreatedAt.UtcDateTime, DateTimeKind.Utc);
        at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
        info.CreationDate = at;
        info.ModificationDate = at;
        document.Language = LanguageTag(layout.Language);
        // The file identifier (trailer /ID) is random unless set: two equal 16-byte strings from the key.
        var raw = new string(id.AsSpan(0, 16).ToArray().Select(b => (char)b).ToArray());
        document.Internals.FirstDocumentID = raw;
        document.Internals.SecondDocumentID = raw;
    }

    static string LanguageTag(string lang) => lang.Trim() switch
    {
        "" or "fr" => "fr-FR",
        var other => other,
    };

    /// <summary>
    /// PDFsharp 6.2.4 writes two random values that no API controls: the six-letter tag of each embedded
    /// font subset (/BaseFont and /FontName "ABCDEF+DejaVu Sans") and the XMP DocumentID/InstanceID UUIDs.
    /// Both sit in uncompressed dictionaries or in the uncompressed XMP stream, so they are rewritten in place
    /// with values of the same length derived from the document key: no byte offset moves, the xref stays valid.
    /// </summary>
    internal static class Determinism
    {
        static readonly byte[][] FontKeys = ["/BaseFont/"u8.ToArray(), "/FontName/"u8.ToArray()];

        public static void Apply(Span<byte> pdf, byte[] id)
        {
            RewriteSubsetTags(pdf, id);
            RewriteXmpIds(pdf, id);
        }

        static void RewriteSubsetTags(Span<byte> pdf, byte[] id)
        {
            // Original random tag → new tag; ordinal of first appearance keeps distinct subsets distinct.
            var map = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var hits = new List<int>();
            foreach (var key in FontKeys)
            {
                int from = 0;
                while (true)
                {
                    int at = pdf[from..].IndexOf(key);
                    if (at < 0) break;
                    int tag = from + at + key.Length;
                    if (IsSubsetTag(pdf, tag)) hits.Add(tag);
                    from = tag;
                }
            }
            hits.Sort();
            foreach (int tag in hits)
            {
                var original = Encoding.ASCII.GetString(pdf.Slice(tag, 6));
                if (!map.TryGetValue(original, out var replacement))
                {
                    int end = tag + 7;
                    while (end < pdf.Length && pdf[end] is not ((byte)'/' or (byte)'>' or (byte)' ' or (byte)'\n' or (byte)'\r')) end++;
                    var name = Encoding.ASCII.GetString(pdf[(tag + 7)..end]);
                    var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Convert.ToHexString(id)}|{name}|{map.Count}"));
                    replacement = hash.Take(6).Select(b => (byte)('A' + b % 26)).ToArray();
                    map[original] = replacement;
                }
                replacement.CopyTo(pdf.Slice(tag, 6));
            }
        }

        static bool IsSubsetTag(ReadOnlySpan<byte> pdf, int at)
        {
            if (at + 7 > pdf.Length || pdf[at + 6] != (byte)'+') return false;
            for (int i = 0; i < 6; i++)
                if (pdf[at + i] is < (byte)'A' or > (byte)'Z') return false;
            return true;
        }

        static void RewriteXmpIds(Span<byte> pdf, byte[] id)
        {
            // The metadata stream is the last object PDFsharp writes: look in the tail only.
            int tailStart = Math.Max(0, pdf.Length - 64 * 1024);
            var tail = pdf[tailStart..];
            Replace(tail, "<xmpMM:DocumentID>uuid:"u8, Uuid(id, "document"));
            Replace(tail, "<xmpMM:InstanceID>uuid:"u8, Uuid(id, "instance"));
        }

        static void Replace(Span<byte> text, ReadOnlySpan<byte> marker, string uuid)
        {
            int at = text.LastIndexOf(marker);
            if (at < 0) return;
            int start = at + marker.Length;
            if (start + 36 > text.Length || text[start + 36] != (byte)'<') return; // not the 36-character form: leave it
            Encoding.ASCII.GetBytes(uuid).CopyTo(text.Slice(start, 36));
        }

        static string Uuid(byte[] id, string purpose)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Convert.ToHexString(id)}|{purpose}"));
            return new Guid(hash.AsSpan(0, 16)).ToString("D");
        }
    }
}
