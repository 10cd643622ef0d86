using PdfSharp.Drawing;

namespace CfgResults.Engine.Documents;

/// <summary>
/// Text widths and line metrics of one of our font families, measured once per character with PDFsharp and
/// cached: PDFsharp draws without kerning, so a string's width is the sum of its characters' advances, and
/// measuring a 400,000-row table is then a table lookup per character instead of a PDFsharp call per cell.
/// One instance per family (<see cref="For"/>): the compact faces draw a character they lack as a one-em box,
/// the full faces draw the real glyph, so their widths differ outside <see cref="Fonts.CompactFontSet"/>.
/// Thread-safe: the caches are filled idempotently (two threads measuring the same character write the same
/// value), and PDFsharp measuring objects are per thread.
/// </summary>
public sealed class FontMetrics
{
    const double EmSize = 1000;
    static readonly string[] Families = [DocumentFonts.Family, DocumentFonts.FullFamily];
    static readonly Lock Gate = new();
    static readonly FontMetrics?[] Instances = new FontMetrics?[Families.Length];

    /// <summary>
    /// The process-wide metrics of <paramref name="family"/> (<see cref="DocumentFonts.Family"/> or
    /// <see cref="DocumentFonts.FullFamily"/>; fonts are process-wide in PDFsharp too). Not a Lazy: a failure
    /// (font folder missing) must not be cached, so that a later <see cref="DocumentFonts.Configure"/> can fix it.
    /// </summary>
    public static FontMetrics For(string family)
    {
        int index = Array.IndexOf(Families, family);
        if (index < 0) throw new ArgumentException(DocumentMessages.UnknownFontFamily(family), nameof(family));
        var metrics = Volatile.Read(ref Instances[index]);
        if (metrics is not null) return metrics;
        lock (Gate)
        {
            metrics = Instances[index] ?? new FontMetrics(family, index);
            Volatile.Write(ref Instances[index], metrics);
            return metrics;
        }
    }

    /// <summary>The metrics of the default family, <see cref="DocumentFonts.Family"/>.</summary>
    public static FontMetrics Shared => For(DocumentFonts.Family);

    /// <summary>The family these metrics measure, as PDFsharp must be asked for it when drawing.</summary>
    public string Family { get; }

    readonly int _familyIndex;
    readonly float[][] _advance = new float[4][];
    readonly double[] _lineHeight = new double[4];
    readonly double[] _ascent = new double[4];

    /// <summary>Per thread, per family: PDFsharp's measuring graphics is not documented as thread-safe.</summary>
    [ThreadStatic] static MeasureContext? _context;

    FontMetrics(string family, int familyIndex)
    {
        DocumentFonts.EnsureInstalled();
        Family = family;
        _familyIndex = familyIndex;
        var fonts = Context.Fonts(_familyIndex);
        for (int f = 0; f < 4; f++)
        {
            _advance[f] = new float[char.MaxValue + 1];
            Array.Fill(_advance[f], float.NaN);
            var font = fonts[f];
            _lineHeight[f] = font.GetHeight() / EmSize;
            _ascent[f] = font.Metrics.Ascent * font.Size / font.Metrics.UnitsPerEm / EmSize;
            // Latin-1, Latin Extended-A and general punctuation cover French text: measure them up front.
            for (char c = ' '; c <= 'ſ'; c++) Advance((FontFace)f, c);
            for (char c = '\u2010'; c <= '\u203A'; c++) Advance((FontFace)f, c);
        }
    }

    static MeasureContext Context => _context ??= new MeasureContext();

    /// <summary>Line height (ascent + descent + gap) of the face at <paramref name="size"/> points.</summary>
    public double LineHeight(FontFace face, double size) => _lineHeight[(int)face] * size;

    /// <summary>Distance from the top of a line to its baseline.</summary>
    public double Ascent(FontFace face, double size) => _ascent[(int)face] * size;

    public double Width(ReadOnlySpan<char> text, FontFace face, double size)
    {
        var table = _advance[(int)face];
        double em = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                em += Measure(face, text.Slice(i, 2));
                i++;
                continue;
            }
            float w = table[c];
            em += float.IsNaN(w) ? Advance(face, c) : w;
        }
        return em * size / EmSize;
    }

    public double Width(char c, FontFace face, double size)
    {
        float w = _advance[(int)face][c];
        return (float.IsNaN(w) ? Advance(face, c) : w) * size / EmSize;
    }

    float Advance(FontFace face, char c)
    {
        float w = (float)Measure(face, [c]);
        _advance[(int)face][c] = w;
        return w;
    }

    double Measure(FontFace face, ReadOnlySpan<char> text)
    {
        var context = Context;
        return context.Graphics.MeasureString(text.ToString(), context.Fonts(_familyIndex)[(int)face]).Width;
    }

    /// <summary>One per thread: a measuring graphics and, created on first use, the four faces of each family.</summary>
    sealed class MeasureContext
    {
        public readonly XGraphics Graphics = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
        readonly XFont[]?[] _fonts = new XFont[]?[Families.Length];

        public XFont[] Fonts(int familyIndex) => _fonts[familyIndex] ??=
        [
            new(Families[familyIndex], EmSize, XFontStyleEx.Regular),
            new(Families[familyIndex], EmSize, XFontStyleEx.Bold),
            new(Families[familyIndex], EmSize, XFontStyleEx.Italic),
            new(Families[familyIndex], EmSize, XFontStyleEx.BoldItalic),
        ];
    }
}
