using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CfgResults.Engine.Documents.Fonts;

namespace CfgResults.Engine.Documents;

/// <summary>
/// One face of one of our families as documents embed it: the font file <see cref="DocumentFonts"/> resolves
/// (the compact or the complete DejaVu face), parsed once per process, with the numbers of its PDF font
/// descriptor. Thread-safe (immutable once made).
/// </summary>
internal sealed class PdfFace
{
    static readonly ConcurrentDictionary<(string Family, FontFace Face), PdfFace> Faces = new();

    /// <summary>The face of <paramref name="family"/>; a failure (font folder missing) is not cached.</summary>
    public static PdfFace For(string family, FontFace face) => Faces.GetOrAdd((family, face), static key => new PdfFace(key.Family, key.Face));

    PdfFace(string family, FontFace face)
    {
        (var file, SimulateItalic) = DocumentFonts.FaceFile(family, face);
        Font = TrueTypeFont.Parse(file);
        double scale = 1000.0 / Font.UnitsPerEm;
        int Scaled(int units) => (int)Math.Round(units * scale);
        var head = Font.TableBytes("head");
        BBox = [Scaled(I16(head, 36)), Scaled(I16(head, 38)), Scaled(I16(head, 40)), Scaled(I16(head, 42))];
        var hhea = Font.TableBytes("hhea");
        Ascent = Scaled(I16(hhea, 4));
        Descent = Scaled(I16(hhea, 6));
        CapHeight = Ascent;
        XHeight = Ascent / 2;
        if (Font.HasTable("OS/2") && Font.TableBytes("OS/2") is { Length: >= 90 } os2 && BinaryPrimitives.ReadUInt16BigEndian(os2) >= 2)
        {
            XHeight = Scaled(I16(os2, 86));
            CapHeight = Scaled(I16(os2, 88));
        }
        if (Font.HasTable("post") && Font.TableBytes("post") is { Length: >= 8 } post)
            ItalicAngle = BinaryPrimitives.ReadInt32BigEndian(post[4..]) / 65536.0;
        if (SimulateItalic) ItalicAngle = -SlantDegrees;
        string style = face switch
        {
            FontFace.Bold => ",Bold",
            FontFace.Italic => ",Italic",
            FontFace.BoldItalic => ",BoldItalic",
            _ => "",
        };
        BaseName = FamilyName(Font) + style;
        Italic = (face & FontFace.Italic) != 0;
    }

    /// <summary>The slant of a simulated oblique face, as PDFsharp draws it (20°).</summary>
    public const double SlantDegrees = 20;

    public TrueTypeFont Font { get; }

    /// <summary>The PDF font name without its subset tag: "DejaVu Sans Compact", "DejaVu Sans Compact,Bold".</summary>
    public string BaseName { get; }

    public bool SimulateItalic { get; }

    public bool Italic { get; }

    public int[] BBox { get; }

    public int Ascent { get; }

    public int Descent { get; }

    public int CapHeight { get; }

    public int XHeight { get; }

    public double ItalicAngle { get; }

    /// <summary>The advance of a glyph in thousandths of an em (PDF glyph space).</summary>
    public int Width(int glyph) => (int)Math.Round(Font.AdvanceWidth(glyph) * 1000.0 / Font.UnitsPerEm);

    static short I16(ReadOnlySpan<byte> table, int at) => BinaryPrimitives.ReadInt16BigEndian(table[at..]);

    /// <summary>The family name (name id 1), Windows Unicode record first.</summary>
    static string FamilyName(TrueTypeFont font)
    {
        if (!font.HasTable("name")) return "DejaVu Sans";
        var name = font.TableBytes("name");
        int count = BinaryPrimitives.ReadUInt16BigEndian(name[2..]), storage = BinaryPrimitives.ReadUInt16BigEndian(name[4..]);
        string? found = null;
        for (int i = 0; i < count && 6 + i * 12 + 12 <= name.Length; i++)
        {
            var r = name.Slice(6 + i * 12, 12);
            int platform = BinaryPrimitives.ReadUInt16BigEndian(r), id = BinaryPrimitives.ReadUInt16BigEndian(r[6..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(r[8..]), offset = BinaryPrimitives.ReadUInt16BigEndian(r[10..]);
            if (id != 1 || platform is not (0 or 3) || storage + offset + length > name.Length) continue;
            found = Encoding.BigEndianUnicode.GetString(name.Slice(storage + offset, length));
            if (platform == 3) break;
        }
        return found ?? "DejaVu Sans";
    }
}

/// <summary>
/// The characters one document draws in one face, then the subset it embeds: a Type 0 font whose character codes
/// (CIDs) are the document's characters in code point order, 1..n, each mapped to its glyph of the subset
/// (CIDToGIDMap) and to its Unicode text (ToUnicode). Two characters drawn with the same glyph (a space and a
/// no-break space) keep distinct codes, so text extraction gives back exactly what was drawn.
/// </summary>
internal sealed class PdfFontUse(PdfFace face)
{
    // The characters drawn: a bitmap of the Basic Multilingual Plane, then the few beyond it in a sorted list. A
    // character's code is its rank among them (1-based): the BMP ones by the bitmap's running counts.
    readonly ulong[] _bmp = new ulong[1024];
    readonly ushort[] _rankBefore = new ushort[1024];
    readonly List<int> _astral = [];
    int _bmpCount;
    int[] _ordered = [];
    int[] _glyphs = [];
    int[] _widths = [];
    bool _identity;

    public PdfFace Face { get; } = face;

    /// <summary>The object number of the Type 0 font (set by the renderer).</summary>
    public int Number { get; set; }

    /// <summary>The resource name on pages: F0..F3 by face.</summary>
    public string Resource { get; init; } = "F0";

    public void Add(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                int cp = char.ConvertToUtf32(c, text[++i]);
                int at = _astral.BinarySearch(cp);
                if (at < 0) _astral.Insert(~at, cp);
            }
            else _bmp[c >> 6] |= 1UL << (c & 63);
        }
    }

    /// <summary>Numbers the characters and makes the subset; call once every text is added, before <see cref="Encode"/>.</summary>
    public byte[] Subset()
    {
        int count = 0;
        for (int w = 0; w < _bmp.Length; w++)
        {
            _rankBefore[w] = (ushort)count;
            count += System.Numerics.BitOperations.PopCount(_bmp[w]);
        }
        _bmpCount = count;
        _ordered = new int[count + _astral.Count];
        int k = 0;
        for (int w = 0; w < _bmp.Length; w++)
            for (ulong bits = _bmp[w]; bits != 0; bits &= bits - 1)
                _ordered[k++] = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
        _astral.CopyTo(_ordered, k);

        // The subset holds the characters of the BMP the face has; the others draw its .notdef glyph.
        var font = Face.Font;
        int kept = count > 0 && _ordered[count - 1] == 0xFFFF ? count - 1 : count; // U+FFFF is not a character
        var (file, glyphIds) = TrueTypeSubsetter.SubsetWithGlyphIds(font, new ArraySegment<int>(_ordered, 0, kept), withoutNames: true);
        _glyphs = new int[_ordered.Length + 1];
        _widths = new int[_ordered.Length + 1];
        _identity = true;
        for (int i = 0; i < _ordered.Length; i++)
        {
            int cp = _ordered[i];
            _glyphs[i + 1] = glyphIds.TryGetValue(cp, out int g) ? g : 0;
            _widths[i + 1] = Face.Width(cp <= 0xFFFE ? font.GlyphId(cp) : 0);
            _identity &= _glyphs[i + 1] == i + 1;
        }
        return file;
    }

    int Code(int cp)
    {
        if (cp <= 0xFFFF) return _rankBefore[cp >> 6] + System.Numerics.BitOperations.PopCount(_bmp[cp >> 6] & ((1UL << (cp & 63)) - 1)) + 1;
        return _bmpCount + _astral.BinarySearch(cp) + 1;
    }

    /// <summary>The text as a hexadecimal string of 2-byte codes, "&lt;00010002&gt;".</summary>
    public void Encode(PdfBytes output, string text)
    {
        output.Byte((byte)'<');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) output.Hex4(Code(char.ConvertToUtf32(c, text[++i])));
            else output.Hex4(Code(c));
        }
        output.Byte((byte)'>');
    }

    /// <summary>
    /// Writes the font's objects: Type 0 font, CIDFontType2, descriptor, font file, CIDToGIDMap and ToUnicode.
    /// <paramref name="tag"/> is the six-letter subset prefix.
    /// </summary>
    public void Write(PdfFile pdf, byte[] fontFile, string tag)
    {
        int cidFont = pdf.Allocate(), descriptor = pdf.Allocate(), file = pdf.Allocate(), map = _identity ? 0 : pdf.Allocate(), toUnicode = pdf.Allocate();
        string name = tag + "+" + Face.BaseName;

        pdf.Begin(Number).Raw("<</Type/Font/Subtype/Type0/BaseFont"u8).Name(name).Raw("/Encoding/Identity-H/DescendantFonts["u8).Ref(cidFont)
            .Raw("]/ToUnicode "u8).Ref(toUnicode).Raw(">>"u8);
        pdf.End();

        var b = pdf.Begin(cidFont).Raw("<</Type/Font/Subtype/CIDFontType2/BaseFont"u8).Name(name)
            .Raw("/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor "u8).Ref(descriptor)
            .Raw("/DW 1000/W[1["u8);
        for (int cid = 1; cid < _widths.Length; cid++) b.Int(_widths[cid]).Byte(cid + 1 < _widths.Length ? (byte)' ' : (byte)']');
        if (_widths.Length == 1) b.Byte((byte)']');
        // Codes are glyph ids when every character has its own glyph in the subset, in code point order (the usual case).
        if (_identity) b.Raw("]/CIDToGIDMap/Identity>>"u8);
        else b.Raw("]/CIDToGIDMap "u8).Ref(map).Raw(">>"u8);
        pdf.End();

        var f = Face;
        b = pdf.Begin(descriptor).Raw("<</Type/FontDescriptor/FontName"u8).Name(name).Raw("/Flags "u8).Int(f.Italic ? 32 + 64 : 32).Raw("/FontBBox["u8)
            .Int(f.BBox[0]).Byte((byte)' ').Int(f.BBox[1]).Byte((byte)' ').Int(f.BBox[2]).Byte((byte)' ').Int(f.BBox[3])
            .Raw("]/ItalicAngle "u8).Num(f.ItalicAngle).Raw("/Ascent "u8).Int(f.Ascent).Raw("/Descent "u8).Int(f.Descent)
            .Raw("/CapHeight "u8).Int(f.CapHeight).Raw("/XHeight "u8).Int(f.XHeight).Raw("/StemV 80/FontFile2 "u8).Ref(file).Raw(">>"u8);
        pdf.End();

        pdf.Begin(file).Raw("<</Length1 "u8).Int(fontFile.Length);
        pdf.EndStream(fontFile);

        if (!_identity)
        {
            Span<byte> gids = _glyphs.Length * 2 <= 1024 ? stackalloc byte[_glyphs.Length * 2] : new byte[_glyphs.Length * 2];
            for (int i = 0; i < _glyphs.Length; i++) BinaryPrimitives.WriteUInt16BigEndian(gids[(i * 2)..], (ushort)_glyphs[i]);
            pdf.Begin(map).Raw("<<"u8);
            pdf.EndStream(gids);
        }

        pdf.Begin(toUnicode).Raw("<<"u8);
        pdf.EndStream(ToUnicode());
    }

    /// <summary>The ToUnicode CMap: each code to its character (ISO 32000-1 §9.10.3).</summary>
    byte[] ToUnicode()
    {
        var cmap = new PdfBytes(512 + _ordered.Length * 16);
        cmap.Raw("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>> def\n/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n"u8);
        for (int start = 0; start < _ordered.Length; start += 100)
        {
            int count = Math.Min(100, _ordered.Length - start);
            cmap.Int(count).Raw(" beginbfchar\n"u8);
            for (int i = start; i < start + count; i++)
            {
                cmap.Byte((byte)'<').Hex4(i + 1).Raw("><"u8);
                int cp = _ordered[i];
                if (cp > 0xFFFF)
                {
                    var s = char.ConvertFromUtf32(cp);
                    cmap.Hex4(s[0]).Hex4(s[1]);
                }
                else cmap.Hex4(cp);
                cmap.Raw(">\n"u8);
            }
            cmap.Raw("endbfchar\n"u8);
        }
        cmap.Raw("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"u8);
        return cmap.Written.ToArray();
    }

    /// <summary>A six-letter subset tag derived from the document's identifier and the face (deterministic).</summary>
    public static string Tag(ReadOnlySpan<byte> documentId, string baseName)
    {
        Span<byte> hash = stackalloc byte[32];
        var input = new byte[documentId.Length + Encoding.UTF8.GetByteCount(baseName)];
        documentId.CopyTo(input);
        Encoding.UTF8.GetBytes(baseName, input.AsSpan(documentId.Length));
        SHA256.HashData(input, hash);
        Span<char> tag = stackalloc char[6];
        for (int i = 0; i < 6; i++) tag[i] = (char)('A' + hash[i] % 26);
        return new string(tag);
    }
}
