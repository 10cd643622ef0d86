namespace CfgResults.Engine.Documents;

/// <summary>
/// The page model: every page with the text runs and rules to draw, in points, origin at the top-left
/// corner of the page, y growing downwards. Drawing it is <see cref="PdfRenderer"/>'s job; tests assert on it.
/// </summary>
public sealed record LayoutDocument(
    string Title,
    string Author,
    string Subject,
    string Language,
    double PageWidth,
    double PageHeight,
    IReadOnlyList<LayoutSection> Sections)
{
    /// <summary>
    /// The font family every text box is measured and drawn with: <see cref="DocumentFonts.Family"/> (compact
    /// faces) unless some text needs a character they lack, then <see cref="DocumentFonts.FullFamily"/>.
    /// </summary>
    public string FontFamily { get; init; } = DocumentFonts.Family;

    /// <summary>
    /// The logical structure (what a screen reader reads): headings, paragraphs, tables with their rows and
    /// header cells, in reading order. Each body <see cref="TextBox.Node"/> points into it; node ids are in
    /// document order (a node's parent has a smaller id). Empty unless built by <see cref="LayoutEngine"/>.
    /// </summary>
    public IReadOnlyList<StructureNode> Structure { get; init; } = [];

    public int PageCount => Sections.Sum(s => s.Pages.Count);

    public IEnumerable<LayoutPage> Pages => Sections.SelectMany(s => s.Pages);
}

/// <summary>A sub-document: its pages are numbered 1..<see cref="Pages"/>.Count.</summary>
public sealed record LayoutSection(int Index, IReadOnlyList<LayoutPage> Pages);

public sealed class LayoutPage(int numberInSection)
{
    internal readonly List<TextBox> TextList = [];
    internal readonly List<RuleLine> LineList = [];
    internal readonly List<ImageBox> ImageList = [];

    /// <summary>1-based number of the page within its section (what &lt;page-number/&gt; shows).</summary>
    public int NumberInSection { get; } = numberInSection;

    public IReadOnlyList<TextBox> Texts => TextList;

    public IReadOnlyList<RuleLine> Lines => LineList;

    public IReadOnlyList<ImageBox> Images => ImageList;

    /// <summary>Where the box came from, for tests and debugging.</summary>
    public IEnumerable<TextBox> TextsIn(BoxRegion region) => TextList.Where(t => t.Region == region);

    public override string ToString() => $"page {NumberInSection}: {TextList.Count} texts, {LineList.Count} lines";
}

public enum BoxRegion : byte { Body, Header, Footer, TableHeader }

/// <summary>PDF standard structure types used by the documents (ISO 32000-1 §14.8.4).</summary>
public enum StructureRole : byte { Sect, H1, H2, H3, P, Table, THead, TBody, TR, TH, TD, Figure }

/// <summary>One element of the logical structure; <see cref="Parent"/> is -1 for a child of the document.</summary>
public readonly record struct StructureNode(int Parent, StructureRole Role);

/// <summary>
/// One run of text in one face on one line. <see cref="Y"/> is the top of the line box; the baseline is
/// <see cref="Y"/> + the face's ascent. A value type: a 10,000-page table holds over a million of these.
/// <see cref="Node"/> is the structure element the text belongs to (<see cref="LayoutDocument.Structure"/>),
/// or -1 for an artifact: page headers and footers, table header rows repeated on a later page.
/// </summary>
public readonly record struct TextBox(
    double X,
    double Y,
    double Width,
    double Height,
    double FontSize,
    bool Bold,
    bool Italic,
    string Text,
    BoxRegion Region = BoxRegion.Body,
    int Node = -1)
{
    public bool IsArtifact => Node < 0;

    public FontFace Face => (FontFace)((Bold ? 1 : 0) + (Italic ? 2 : 0));

    public double Right => X + Width;

    public double Bottom => Y + Height;
}

/// <summary>A QR code drawn at (<see cref="X"/>, <see cref="Y"/>) (top-left), tagged as a Figure with its alternative text.</summary>
public sealed record ImageBox(double X, double Y, double Width, double Height, QrCode Code, string Alt, int Node);

/// <summary>A straight rule (table borders), width in points. Decorative: drawn as an artifact.</summary>
public readonly record struct RuleLine(double X1, double Y1, double X2, double Y2, double Width);

/// <summary>Page geometry and spacing, in points. Defaults: A4 portrait, 20 mm margins, 10 pt body text.</summary>
public sealed record LayoutOptions
{
    public const double Millimetre = 72 / 25.4;

    public double PageWidth { get; init; } = 210 * Millimetre;
    public double PageHeight { get; init; } = 297 * Millimetre;
    public double MarginLeft { get; init; } = 20 * Millimetre;
    public double MarginRight { get; init; } = 20 * Millimetre;
    public double MarginTop { get; init; } = 15 * Millimetre;
    public double MarginBottom { get; init; } = 15 * Millimetre;

    /// <summary>Space between the header and the body, and between the body and the footer.</summary>
    public double HeaderFooterGap { get; init; } = 5 * Millimetre;

    public double ParagraphSpacing { get; init; } = 4;
    public double CellPaddingX { get; init; } = 3;
    public double CellPaddingY { get; init; } = 2;
    public double RuleWidth { get; init; } = 0.5;
    public double SignatureSpaceBefore { get; init; } = 18;
    public double TableSpaceAfter { get; init; } = 8;

    public double ContentWidth => PageWidth - MarginLeft - MarginRight;

    public static readonly LayoutOptions A4 = new();
}
