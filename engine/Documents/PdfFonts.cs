using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Numerics;
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
/// <para>
/// The embedded streams depend on the face and the set of characters only, so they are made once per set and
/// kept (<see cref="EmbeddedSubset"/>): the transcripts of a session draw their labels with the same characters,
/// and most draw their bold text with exactly the same set.
/// </para>
/// </summary>
internal sealed class PdfFontUse(PdfFace face)
{
    // The characters drawn: a bitmap of the Basic Multilingual Plane, then the few beyond it in a sorted list. A
    // character's code is its rank among them (1-based): the BMP ones by the bitmap's running counts.
    readonly ulong[] _bmp = new ulong[1024];
    readonly ushort[] _rankBefore = new ushort[1024];
    readonly List<int> _astral = [];
    int _bmpCount;
    EmbeddedSubset? _subset;

    public PdfFace Face { get; } = face;

    /// <summary>The object number of the Type 0 font (set by the renderer).</summary>
    public int Number { get; set; }

    /// <summary>The resource name on pages: F0..F3 by face.</summary>
    public string Resource { get; init; } = "F0";

    public void Add(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            int cp = CodePointAt(text, ref i);
            if (cp <= 0xFFFF) _bmp[cp >> 6] |= 1UL << (cp & 63);
            else if (_astral.BinarySearch(cp) is var at and < 0) _astral.Insert(~at, cp);
        }
    }

    /// <summary>Numbers the characters and finds or makes the subset; call once every text is added, before <see cref="Encode"/>.</summary>
    public void Seal()
    {
        int count = 0;
        for (int w = 0; w < _bmp.Length; w++)
        {
            _rankBefore[w] = (ushort)count;
            count += BitOperations.PopCount(_bmp[w]);
        }
        _bmpCount = count;
        _subset = EmbeddedSubset.For(Face, new SubsetKey(Face, _bmp, _astral));
    }

    /// <summary>The character at <paramref name="i"/>, a surrogate pair read whole (<paramref name="i"/> then on its second half).</summary>
    static int CodePointAt(string text, ref int i)
    {
        char c = text[i];
        return char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? char.ConvertToUtf32(c, text[++i]) : c;
    }

    int Code(int cp)
    {
        if (cp <= 0xFFFF) return _rankBefore[cp >> 6] + BitOperations.PopCount(_bmp[cp >> 6] & ((1UL << (cp & 63)) - 1)) + 1;
        return _bmpCount + _astral.BinarySearch(cp) + 1;
    }

    /// <summary>The text as a hexadecimal string of 2-byte codes, "&lt;00010002&gt;".</summary>
    public void Encode(PdfBytes output, string text)
    {
        output.Byte((byte)'<');
        for (int i = 0; i < text.Length; i++) output.Hex4(Code(CodePointAt(text, ref i)));
        output.Byte((byte)'>');
    }

    /// <summary>
    /// Writes the font's objects: Type 0 font, CIDFontType2, descriptor, font file, CIDToGIDMap (unless the codes
    /// are the glyph ids) and ToUnicode. <paramref name="tag"/> is the six-letter subset prefix.
    /// </summary>
    public void Write(PdfFile pdf, string tag)
    {
        var subset = _subset ?? throw new InvalidOperationException("Seal() first.");
        int cidFont = pdf.Allocate(), descriptor = pdf.Allocate(), file = pdf.Allocate(), map = subset.GlyphMap is null ? 0 : pdf.Allocate(), toUnicode = pdf.Allocate();
        string name = tag + "+" + Face.BaseName;

        pdf.Begin(Number).Raw("<</Type/Font/Subtype/Type0/BaseFont"u8).Name(name).Raw("/Encoding/Identity-H/DescendantFonts["u8).Ref(cidFont)
            .Raw("]/ToUnicode "u8).Ref(toUnicode).Raw(">>"u8);
        pdf.End();

        pdf.Begin(cidFont).Raw("<</Type/Font/Subtype/CIDFontType2/BaseFont"u8).Name(name)
            .Raw("/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor "u8).Ref(descriptor)
            .Raw("/DW 1000/W"u8).Raw(subset.Widths);
        if (map == 0) pdf.Bytes.Raw("/CIDToGIDMap/Identity>>"u8);
        else pdf.Bytes.Raw("/CIDToGIDMap "u8).Ref(map).Raw(">>"u8);
        pdf.End();

        var f = Face;
        pdf.Begin(descriptor).Raw("<</Type/FontDescriptor/FontName"u8).Name(name).Raw("/Flags "u8).Int(f.Italic ? 32 + 64 : 32).Raw("/FontBBox["u8)
            .Int(f.BBox[0]).Byte((byte)' ').Int(f.BBox[1]).Byte((byte)' ').Int(f.BBox[2]).Byte((byte)' ').Int(f.BBox[3])
            .Raw("]/ItalicAngle "u8).Num(f.ItalicAngle).Raw("/Ascent "u8).Int(f.Ascent).Raw("/Descent "u8).Int(f.Descent)
            .Raw("/CapHeight "u8).Int(f.CapHeight).Raw("/XHeight "u8).Int(f.XHeight).Raw("/StemV 80/FontFile2 "u8).Ref(file).Raw(">>"u8);
        pdf.End();

        pdf.Begin(file).Raw("<</Length1 "u8).Int(subset.FileLength).Raw("/Filter/FlateDecode"u8);
        pdf.EndStream(subset.File);
        if (subset.GlyphMap is { } glyphMap)
        {
            pdf.Begin(map).Raw("<</Filter/FlateDecode"u8);
            pdf.EndStream(glyphMap);
        }
        pdf.Begin(toUnicode).Raw("<</Filter/FlateDecode"u8);
        pdf.EndStream(subset.ToUnicode);
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

/// <summary>A face and a set of characters: the non-empty words of the BMP bitmap, then the characters beyond it.</summary>
internal sealed class SubsetKey : IEquatable<SubsetKey>
{
    readonly PdfFace _face;
    readonly (int Index, ulong Bits)[] _words;
    readonly int[] _astral;
    readonly int _hash;

    public SubsetKey(PdfFace face, ulong[] bmp, List<int> astral)
    {
        _face = face;
        int count = 0;
        foreach (ulong w in bmp) if (w != 0) count++;
        _words = new (int, ulong)[count];
        var hash = new HashCode();
        hash.Add(face);
        for (int i = 0, k = 0; i < bmp.Length; i++)
        {
            if (bmp[i] == 0) continue;
            _words[k++] = (i, bmp[i]);
            hash.Add(i);
            hash.Add(bmp[i]);
        }
        _astral = [.. astral];
        foreach (int cp in _astral) hash.Add(cp);
        _hash = hash.ToHashCode();
    }

    /// <summary>The characters in code point order.</summary>
    public int[] CodePoints()
    {
        int count = _astral.Length;
        foreach (var (_, bits) in _words) count += BitOperations.PopCount(bits);
        var result = new int[count];
        int k = 0;
        foreach (var (index, bits) in _words)
            for (ulong b = bits; b != 0; b &= b - 1) result[k++] = (index << 6) + BitOperations.TrailingZeroCount(b);
        _astral.CopyTo(result, k);
        return result;
    }

    public bool Equals(SubsetKey? other) =>
        other is not null && _hash == other._hash && ReferenceEquals(_face, other._face) && _words.AsSpan().SequenceEqual(other._words) && _astral.AsSpan().SequenceEqual(other._astral);

    public override bool Equals(object? obj) => Equals(obj as SubsetKey);

    public override int GetHashCode() => _hash;
}

/// <summary>
/// What a document embeds for one face and one set of characters, compressed: the subset font program, the
/// CIDToGIDMap (null when the codes are the glyph ids, the usual case), the ToUnicode CMap, and the /W array.
/// Made once per set and kept in a bounded process-wide cache.
/// </summary>
internal sealed class EmbeddedSubset
{
    const int CacheLimit = 1024;
    static readonly ConcurrentDictionary<SubsetKey, EmbeddedSubset> Cache = new();

    public static EmbeddedSubset For(PdfFace face, SubsetKey key)
    {
        if (Cache.TryGetValue(key, out var known)) return known;
        var made = new EmbeddedSubset(face, key.CodePoints());
        if (Cache.Count >= CacheLimit) Cache.Clear(); // a rare session with more sets: start again rather than grow
        return Cache.GetOrAdd(key, made);
    }

    EmbeddedSubset(PdfFace face, int[] ordered)
    {
        var font = face.Font;
        // The subset holds the characters of the BMP the face has; the others draw its .notdef glyph.
        int kept = 0;
        while (kept < ordered.Length && ordered[kept] <= 0xFFFE) kept++;
        var (file, glyphIds) = TrueTypeSubsetter.SubsetWithGlyphIds(font, new ArraySegment<int>(ordered, 0, kept), withoutNames: true);
        FileLength = file.Length;
        File = ObjectStreams.Deflate(file, level: 1); // glyph outlines: see ObjectStreams.Deflate

        var glyphs = new int[ordered.Length + 1];
        var widths = new PdfBytes(16 + ordered.Length * 5);
        widths.Raw("[1["u8);
        bool identity = true;
        for (int i = 0; i < ordered.Length; i++)
        {
            int cp = ordered[i];
            glyphs[i + 1] = glyphIds.TryGetValue(cp, out int g) ? g : 0;
            identity &= glyphs[i + 1] == i + 1;
            if (i > 0) widths.Byte((byte)' ');
            widths.Int(face.Width(cp <= 0xFFFE ? font.GlyphId(cp) : 0));
        }
        widths.Raw("]]"u8);
        Widths = widths.Written.ToArray();
        if (!identity)
        {
            var map = new byte[glyphs.Length * 2];
            for (int i = 0; i < glyphs.Length; i++) BinaryPrimitives.WriteUInt16BigEndian(map.AsSpan(i * 2), (ushort)glyphs[i]);
            GlyphMap = ObjectStreams.Deflate(map);
        }
        ToUnicode = ObjectStreams.Deflate(ToUnicodeMap(ordered));
    }

    /// <summary>The font program, compressed; <see cref="FileLength"/> is its length before (/Length1).</summary>
    public byte[] File { get; }

    public int FileLength { get; }

    public byte[]? GlyphMap { get; }

    public byte[] ToUnicode { get; }

    /// <summary>The /W array: "[1[w1 w2 …]]".</summary>
    public byte[] Widths { get; }

    /// <summary>The ToUnicode CMap: each code to its character (ISO 32000-1 §9.10.3).</summary>
    static byte[] ToUnicodeMap(int[] ordered)
    {
        var cmap = new PdfBytes(512 + ordered.Length * 16);
        cmap.Raw("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>> def\n/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n"u8);
        for (int start = 0; start < ordered.Length; start += 100)
        {
            int count = Math.Min(100, ordered.Length - start);
            cmap.Int(count).Raw(" beginbfchar\n"u8);
            for (int i = start; i < start + count; i++)
            {
                cmap.Byte((byte)'<').Hex4(i + 1).Raw("><"u8);
                int cp = ordered[i];
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
}
