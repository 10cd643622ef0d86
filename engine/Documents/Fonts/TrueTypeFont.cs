using System.Buffers.Binary;

namespace CfgResults.Engine.Documents.Fonts;

/// <summary>
/// A read-only view of a TrueType (glyf-outline) font file: the table directory and the few tables a
/// subsetter needs (head, maxp, hhea, hmtx, loca, glyf, cmap). Every offset is checked against the file so
/// that a truncated or foreign file fails with <see cref="InvalidDataException"/> instead of reading garbage.
/// </summary>
internal sealed class TrueTypeFont
{
    readonly byte[] _data;
    readonly Dictionary<string, TableRecord> _tables;
    readonly int[] _loca;
    readonly ushort[] _advance;
    readonly short[] _lsb;
    readonly Dictionary<int, int> _cmap;
    readonly TableRecord _glyf;

    public readonly record struct TableRecord(string Tag, int Offset, int Length);

    TrueTypeFont(byte[] data)
    {
        _data = data;
        _tables = ReadDirectory(data);
        var head = Table("head");
        if (head.Length < 54 || BinaryPrimitives.ReadUInt32BigEndian(Bytes(head).Slice(12, 4)) != 0x5F0F3CF5)
            throw Bad(FontMessages.BadHead);
        UnitsPerEm = U16(head, 18);
        IndexToLocFormat = (short)U16(head, 50);

        var maxp = Table("maxp");
        NumGlyphs = U16(maxp, 4);
        if (NumGlyphs == 0) throw Bad(FontMessages.NoGlyphs);

        var hhea = Table("hhea");
        if (hhea.Length < 36) throw Bad(FontMessages.TableTooShort("hhea"));
        NumberOfHMetrics = U16(hhea, 34);
        if (NumberOfHMetrics == 0 || NumberOfHMetrics > NumGlyphs) throw Bad(FontMessages.TableTooShort("hhea"));

        _loca = ReadLoca();
        (_advance, _lsb) = ReadHmtx();
        _glyf = Table("glyf");
        for (int g = 0; g < NumGlyphs; g++)
            if (_loca[g] > _loca[g + 1] || _loca[g + 1] > _glyf.Length) throw Bad(FontMessages.BadLoca(g));
        _cmap = ReadUnicodeCmap();
    }

    /// <summary>Parses a font file; throws <see cref="InvalidDataException"/> when it is not a usable TrueType font.</summary>
    public static TrueTypeFont Parse(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new TrueTypeFont(data);
    }

    public byte[] Data => _data;
    public int NumGlyphs { get; }
    public int UnitsPerEm { get; }
    /// <summary>0: loca holds offsets/2 as 16-bit values; 1: 32-bit offsets.</summary>
    public int IndexToLocFormat { get; }
    public int NumberOfHMetrics { get; }

    /// <summary>The tags of the table directory, in directory order.</summary>
    public IEnumerable<string> TableTags => _tables.Keys;

    public bool HasTable(string tag) => _tables.ContainsKey(tag);

    public TableRecord Table(string tag) =>
        _tables.TryGetValue(tag, out var t) ? t : throw Bad(FontMessages.MissingTable(tag));

    public ReadOnlySpan<byte> Bytes(TableRecord table) => _data.AsSpan(table.Offset, table.Length);

    public ReadOnlySpan<byte> TableBytes(string tag) => Bytes(Table(tag));

    /// <summary>Unicode code point → glyph id, from the Windows Unicode cmap (0 when unmapped: .notdef).</summary>
    public int GlyphId(int codePoint) => _cmap.TryGetValue(codePoint, out var g) ? g : 0;

    /// <summary>Every mapped code point with its glyph id.</summary>
    public IReadOnlyDictionary<int, int> CharacterMap => _cmap;

    public int AdvanceWidth(int glyph) => _advance[glyph];

    public int LeftSideBearing(int glyph) => _lsb[glyph];

    /// <summary>The glyf record of a glyph as stored (may be empty, may carry padding after the outline).</summary>
    public ReadOnlySpan<byte> Glyph(int glyph)
    {
        if ((uint)glyph >= (uint)NumGlyphs) throw new ArgumentOutOfRangeException(nameof(glyph));
        return _data.AsSpan(_glyf.Offset + _loca[glyph], _loca[glyph + 1] - _loca[glyph]);
    }

    /// <summary>The glyph ids a composite glyph refers to (empty for a simple or empty glyph).</summary>
    public IReadOnlyList<int> Components(int glyph) => GlyphOutline.Components(Glyph(glyph));

    static Dictionary<string, TableRecord> ReadDirectory(byte[] data)
    {
        if (data.Length < 12) throw Bad(FontMessages.NotTrueType);
        uint version = BinaryPrimitives.ReadUInt32BigEndian(data);
        // 0x00010000 and 'true' are TrueType outlines; 'OTTO' (CFF) and 'ttcf' (collections) are not handled.
        if (version is not (0x00010000 or 0x74727565)) throw Bad(FontMessages.NotTrueType);
        int count = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(4));
        if (12 + count * 16 > data.Length) throw Bad(FontMessages.NotTrueType);
        var tables = new Dictionary<string, TableRecord>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            var entry = data.AsSpan(12 + i * 16, 16);
            var tag = string.Create(4, entry[..4].ToArray(), static (chars, bytes) =>
            {
                for (int k = 0; k < 4; k++) chars[k] = (char)bytes[k];
            });
            long offset = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            long length = BinaryPrimitives.ReadUInt32BigEndian(entry[12..]);
            if (offset + length > data.Length) throw Bad(FontMessages.TableOutsideFile(tag));
            tables[tag] = new TableRecord(tag, (int)offset, (int)length);
        }
        return tables;
    }

    int[] ReadLoca()
    {
        var loca = TableBytes("loca");
        var offsets = new int[NumGlyphs + 1];
        int entry = IndexToLocFormat == 0 ? 2 : 4;
        if (loca.Length < (NumGlyphs + 1) * entry) throw Bad(FontMessages.TableTooShort("loca"));
        for (int g = 0; g <= NumGlyphs; g++)
            offsets[g] = IndexToLocFormat == 0
                ? BinaryPrimitives.ReadUInt16BigEndian(loca[(g * 2)..]) * 2
                : checked((int)BinaryPrimitives.ReadUInt32BigEndian(loca[(g * 4)..]));
        return offsets;
    }

    (ushort[], short[]) ReadHmtx()
    {
        var hmtx = TableBytes("hmtx");
        int metrics = NumberOfHMetrics;
        if (hmtx.Length < metrics * 4 + (NumGlyphs - metrics) * 2) throw Bad(FontMessages.TableTooShort("hmtx"));
        var advance = new ushort[NumGlyphs];
        var lsb = new short[NumGlyphs];
        for (int g = 0; g < NumGlyphs; g++)
        {
            if (g < metrics)
            {
                advance[g] = BinaryPrimitives.ReadUInt16BigEndian(hmtx[(g * 4)..]);
                lsb[g] = BinaryPrimitives.ReadInt16BigEndian(hmtx[(g * 4 + 2)..]);
            }
            else
            {
                // Glyphs past numberOfHMetrics share the last advance and store only their side bearing.
                advance[g] = advance[metrics - 1];
                lsb[g] = BinaryPrimitives.ReadInt16BigEndian(hmtx[(metrics * 4 + (g - metrics) * 2)..]);
            }
        }
        return (advance, lsb);
    }

    /// <summary>Reads the Windows Unicode subtable (3,10 format 12 preferred, else 3,1 or 0,x format 4).</summary>
    Dictionary<int, int> ReadUnicodeCmap()
    {
        var cmap = TableBytes("cmap");
        int count = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        int best = -1, bestRank = 0;
        for (int i = 0; i < count; i++)
        {
            var record = cmap.Slice(4 + i * 8, 8);
            int platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            int encoding = BinaryPrimitives.ReadUInt16BigEndian(record[2..]);
            int offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[4..]));
            if (offset + 4 > cmap.Length) throw Bad(FontMessages.TableTooShort("cmap"));
            int format = BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]);
            int rank = (platform, encoding, format) switch
            {
                (3, 10, 12) => 4,
                (0, _, 12) => 3,
                (3, 1, 4) => 2,
                (0, _, 4) => 1,
                _ => 0,
            };
            if (rank > bestRank) (best, bestRank) = (offset, rank);
        }
        if (best < 0) throw Bad(FontMessages.NoUnicodeCmap);
        var sub = cmap[best..];
        var map = new Dictionary<int, int>();
        if (BinaryPrimitives.ReadUInt16BigEndian(sub) == 12)
        {
            long groups = BinaryPrimitives.ReadUInt32BigEndian(sub[12..]);
            if (16 + groups * 12 > sub.Length) throw Bad(FontMessages.TableTooShort("cmap"));
            for (int i = 0; i < groups; i++)
            {
                var group = sub.Slice(16 + i * 12, 12);
                long start = BinaryPrimitives.ReadUInt32BigEndian(group);
                long end = BinaryPrimitives.ReadUInt32BigEndian(group[4..]);
                long glyph = BinaryPrimitives.ReadUInt32BigEndian(group[8..]);
                for (long c = start; c <= end && c <= 0x10FFFF; c++)
                    if (glyph + (c - start) < NumGlyphs) map[(int)c] = (int)(glyph + (c - start));
            }
            return map;
        }
        int segments = BinaryPrimitives.ReadUInt16BigEndian(sub[6..]) / 2;
        int ends = 14, starts = ends + segments * 2 + 2, deltas = starts + segments * 2, ranges = deltas + segments * 2;
        if (ranges + segments * 2 > sub.Length) throw Bad(FontMessages.TableTooShort("cmap"));
        for (int s = 0; s < segments; s++)
        {
            int end = BinaryPrimitives.ReadUInt16BigEndian(sub[(ends + s * 2)..]);
            int start = BinaryPrimitives.ReadUInt16BigEndian(sub[(starts + s * 2)..]);
            int delta = BinaryPrimitives.ReadInt16BigEndian(sub[(deltas + s * 2)..]);
            int rangeAt = ranges + s * 2;
            int range = BinaryPrimitives.ReadUInt16BigEndian(sub[rangeAt..]);
            for (int c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (range == 0) glyph = (c + delta) & 0xFFFF;
                else
                {
                    // idRangeOffset is relative to its own position in the subtable.
                    int at = rangeAt + range + (c - start) * 2;
                    if (at + 2 > sub.Length) throw Bad(FontMessages.TableTooShort("cmap"));
                    glyph = BinaryPrimitives.ReadUInt16BigEndian(sub[at..]);
                    if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                }
                if (glyph != 0 && glyph < NumGlyphs) map[c] = glyph;
            }
        }
        return map;
    }

    int U16(TableRecord table, int at)
    {
        if (at + 2 > table.Length) throw Bad(FontMessages.TableTooShort(table.Tag));
        return BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(table.Offset + at));
    }

    static InvalidDataException Bad(string message) => new(message);
}
