namespace CfgResults.Engine.Documents;

/// <summary>The parsed document markup: metadata and one or more sub-documents (sections).</summary>
/// <remarks>
/// A markup without any <c>&lt;section&gt;</c> is one implicit section holding every block.
/// The document-level header and footer apply to every section that does not declare its own.
/// </remarks>
public sealed record MarkupDocument(
    string Title,
    string Author,
    string Subject,
    string Language,
    IReadOnlyList<MarkupSection> Sections);

/// <summary>A sub-document: starts on a new page; page-number and page-count restart in it.</summary>
public sealed record MarkupSection(
    IReadOnlyList<Paragraph> Header,
    IReadOnlyList<Paragraph> Footer,
    IReadOnlyList<Block> Blocks);

public enum TextAlign { Left, Center, Right }

public enum HeadingLevel { None = 0, H1 = 1, H2 = 2, H3 = 3 }

public abstract record Block;

/// <summary>A paragraph or a heading (<see cref="Level"/> not None). <see cref="Size"/> is in points.</summary>
public sealed record Paragraph(IReadOnlyList<Inline> Inlines, TextAlign Align, double Size, bool Bold, HeadingLevel Level = HeadingLevel.None) : Block;

/// <summary>A table with relative column widths; header rows repeat at the top of every page it spans.</summary>
public sealed record Table(IReadOnlyList<double> Widths, IReadOnlyList<TableRow> HeaderRows, IReadOnlyList<TableRow> BodyRows) : Block;

public sealed record TableRow(IReadOnlyList<TableCell> Cells);

public sealed record TableCell(IReadOnlyList<Inline> Inlines, TextAlign Align, bool IsHeader);

public sealed record PageBreak : Block
{
    public static readonly PageBreak Instance = new();
}

/// <summary>
/// A QR code drawn <see cref="Width"/> × <see cref="Height"/> points; <see cref="Alt"/> is what a screen reader
/// says of it. Made by <c>&lt;qr value="…"/&gt;</c>.
/// </summary>
public sealed record Image(QrCode Code, double Width, double Height, string Alt, TextAlign Align) : Block;

/// <summary>Vertical space in points.</summary>
public sealed record Spacer(double Height) : Block;

/// <summary>Lines kept together on one page (e.g. « Fait à BUC, le 05/06/2018 »), right aligned by default.</summary>
public sealed record Signature(IReadOnlyList<Paragraph> Lines) : Block;

public abstract record Inline;

public sealed record TextRun(string Text, bool Bold, bool Italic) : Inline;

public sealed record LineBreak : Inline
{
    public static readonly LineBreak Instance = new();
}

/// <summary>Replaced by the page number within the current section (header and footer only).</summary>
public sealed record PageNumber : Inline
{
    public static readonly PageNumber Instance = new();
}

/// <summary>Replaced by the page count of the current section (header and footer only).</summary>
public sealed record PageCount : Inline
{
    public static readonly PageCount Instance = new();
}
