using System.Buffers.Binary;

namespace CfgResults.Engine.Documents.Fonts;

/// <summary>
/// Reading and rewriting one glyf record. A record starts with numberOfContours and the bounding box;
/// a simple glyph (contours ≥ 0) then has its contour ends, hinting instructions, flags and coordinates;
/// a composite glyph (contours &lt; 0) has component records, each naming another glyph, and optional
/// instructions after the last one.
/// </summary>
internal static class GlyphOutline
{
    const ushort ArgsAreWords = 0x0001;
    const ushort HasScale = 0x0008;
    const ushort MoreComponents = 0x0020;
    const ushort HasXYScale = 0x0040;
    const ushort HasTwoByTwo = 0x0080;
    const ushort HasInstructions = 0x0100;
    const int HeaderSize = 10;

    public static bool IsComposite(ReadOnlySpan<byte> glyph) =>
        glyph.Length >= HeaderSize && BinaryPrimitives.ReadInt16BigEndian(glyph) < 0;

    public static int ContourCount(ReadOnlySpan<byte> glyph) =>
        glyph.Length >= HeaderSize ? BinaryPrimitives.ReadInt16BigEndian(glyph) : 0;

    /// <summary>xMin, yMin, xMax, yMax of a non-empty glyph.</summary>
    public static (short XMin, short YMin, short XMax, short YMax) Bounds(ReadOnlySpan<byte> glyph) => (
        BinaryPrimitives.ReadInt16BigEndian(glyph[2..]),
        BinaryPrimitives.ReadInt16BigEndian(glyph[4..]),
        BinaryPrimitives.ReadInt16BigEndian(glyph[6..]),
        BinaryPrimitives.ReadInt16BigEndian(glyph[8..]));

    public static IReadOnlyList<int> Components(ReadOnlySpan<byte> glyph)
    {
        if (!IsComposite(glyph)) return [];
        var list = new List<int>();
        foreach (var (at, _) in ComponentRecords(glyph)) list.Add(BinaryPrimitives.ReadUInt16BigEndian(glyph[(at + 2)..]));
        return list;
    }

    /// <summary>Number of points of a simple glyph (0 for empty or composite glyphs).</summary>
    public static int PointCount(ReadOnlySpan<byte> glyph)
    {
        int contours = ContourCount(glyph);
        if (contours <= 0) return 0;
        return BinaryPrimitives.ReadUInt16BigEndian(glyph[(HeaderSize + (contours - 1) * 2)..]) + 1;
    }

    /// <summary>
    /// The glyph without hinting instructions and with component glyph ids renumbered by
    /// <paramref name="remap"/>; trailing padding is dropped. Empty glyphs stay empty.
    /// </summary>
    public static byte[] Rewrite(ReadOnlySpan<byte> glyph, Func<int, int> remap)
    {
        if (glyph.Length == 0) return [];
        if (glyph.Length < HeaderSize) throw new InvalidDataException(FontMessages.BadGlyph);
        return IsComposite(glyph) ? RewriteComposite(glyph, remap) : StripSimple(glyph);
    }

    static byte[] StripSimple(ReadOnlySpan<byte> glyph)
    {
        int contours = ContourCount(glyph);
        int endsEnd = HeaderSize + contours * 2;
        int points = PointCount(glyph);
        if (endsEnd + 2 > glyph.Length) throw new InvalidDataException(FontMessages.BadGlyph);
        int instructions = BinaryPrimitives.ReadUInt16BigEndian(glyph[endsEnd..]);
        int flagsAt = endsEnd + 2 + instructions;
        // Walk the flags to find where the coordinates end: each flag says how many bytes its x and y take
        // (0, 1 or 2) and may repeat itself.
        int at = flagsAt, xBytes = 0, yBytes = 0;
        for (int p = 0; p < points;)
        {
            if (at >= glyph.Length) throw new InvalidDataException(FontMessages.BadGlyph);
            byte flag = glyph[at++];
            int repeat = 1;
            if ((flag & 0x08) != 0)
            {
                if (at >= glyph.Length) throw new InvalidDataException(FontMessages.BadGlyph);
                repeat += glyph[at++];
            }
            xBytes += repeat * ((flag & 0x02) != 0 ? 1 : (flag & 0x10) != 0 ? 0 : 2);
            yBytes += repeat * ((flag & 0x04) != 0 ? 1 : (flag & 0x20) != 0 ? 0 : 2);
            p += repeat;
        }
        int end = at + xBytes + yBytes;
        if (end > glyph.Length) throw new InvalidDataException(FontMessages.BadGlyph);
        var result = new byte[endsEnd + 2 + (end - flagsAt)];
        glyph[..endsEnd].CopyTo(result);
        // instructionLength stays 0 (new arrays are zeroed).
        glyph[flagsAt..end].CopyTo(result.AsSpan(endsEnd + 2));
        return result;
    }

    static byte[] RewriteComposite(ReadOnlySpan<byte> glyph, Func<int, int> remap)
    {
        var records = ComponentRecords(glyph);
        // Instructions, if any, follow the last component: cut there.
        var result = glyph[..(records[^1].Offset + records[^1].Size)].ToArray();
        foreach (var (at, _) in records)
        {
            var span = result.AsSpan(at);
            ushort flags = BinaryPrimitives.ReadUInt16BigEndian(span);
            BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)(flags & ~HasInstructions));
            int component = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], checked((ushort)remap(component)));
        }
        return result;
    }

    static List<(int Offset, int Size)> ComponentRecords(ReadOnlySpan<byte> glyph)
    {
        var records = new List<(int, int)>();
        int at = HeaderSize;
        ushort flags;
        do
        {
            if (at + 4 > glyph.Length) throw new InvalidDataException(FontMessages.BadGlyph);
            flags = BinaryPrimitives.ReadUInt16BigEndian(glyph[at..]);
            int size = 4 + ((flags & ArgsAreWords) != 0 ? 4 : 2);
            if ((flags & HasScale) != 0) size += 2;
            else if ((flags & HasXYScale) != 0) size += 4;
            else if ((flags & HasTwoByTwo) != 0) size += 8;
            if (at + size > glyph.Length) throw new InvalidDataException(FontMessages.BadGlyph);
            records.Add((at, size));
            at += size;
        } while ((flags & MoreComponents) != 0);
        return records;
    }
}
