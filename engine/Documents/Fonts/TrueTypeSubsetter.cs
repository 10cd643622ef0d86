using System.Buffers.Binary;
using System.Numerics;

namespace CfgResults.Engine.Documents.Fonts;

/// <summary>
/// Builds a small, self-consistent TrueType font from a large one: only the glyphs of the requested characters
/// (plus .notdef and the components of composite glyphs), renumbered 0..n-1, without hinting.
/// <para>
/// Why: PDFsharp's own subsetting only blanks unused outlines; it keeps hmtx and loca sized for all ~6,000
/// DejaVu glyphs and keeps the hinting programs, so each embedded face costs 20-25 KB even for a page of
/// text. Giving PDFsharp a ~400-glyph font makes those tables a few hundred bytes.
/// </para>
/// Kept tables: head, hhea, maxp, OS/2, hmtx, cmap (format 4, Unicode BMP), loca, glyf, name, post (format 3).
/// Dropped: cvt, fpgm, prep, gasp (hinting; PDF viewers rasterise at high resolution anyway), kern, GPOS,
/// GSUB, GDEF and the rest (PDFsharp neither kerns nor shapes).
/// </summary>
internal static class TrueTypeSubsetter
{
    public static byte[] Subset(byte[] fontFile, IEnumerable<int> codePoints, string? nameSuffix = null, bool notdefAdvanceOneEm = false) =>
        Subset(TrueTypeFont.Parse(fontFile), codePoints, nameSuffix, notdefAdvanceOneEm);

    /// <param name="font">The complete font.</param>
    /// <param name="codePoints">Characters to keep (BMP); those the font lacks are skipped.</param>
    /// <param name="nameSuffix">
    /// Appended to the family, full, unique and PostScript names ("DejaVu Sans Bold" → "DejaVu Sans Compact Bold").
    /// PDFsharp caches font faces by their full name for the whole process and refuses two different files under
    /// one name, so a subset that must live beside its original needs a name of its own.
    /// </param>
    /// <param name="notdefAdvanceOneEm">
    /// Gives .notdef (drawn for characters the subset lacks) an advance of one em. PDFsharp 6.2.4 writes no /W
    /// entry for glyph 0, so PDF viewers advance it by the default 1000/1000 em; with this, what PDFsharp measures
    /// is what viewers draw, and the text after a missing character does not overlap what follows.
    /// </param>
    public static byte[] Subset(TrueTypeFont font, IEnumerable<int> codePoints, string? nameSuffix = null, bool notdefAdvanceOneEm = false) =>
        SubsetWithGlyphIds(font, codePoints, nameSuffix, notdefAdvanceOneEm).File;

    /// <summary>
    /// <see cref="Subset(TrueTypeFont, IEnumerable{int}, string?, bool)"/>, with the glyph id each kept character has
    /// in the subset (what a PDF's CIDToGIDMap points at).
    /// </summary>
    /// <param name="withoutNames">
    /// Leaves the name table out (DejaVu's holds its licence text, about 8 KB): a font embedded in a PDF is named by
    /// the PDF's font dictionary, and a reader does not look at the name table.
    /// </param>
    public static (byte[] File, IReadOnlyDictionary<int, int> GlyphIds) SubsetWithGlyphIds(TrueTypeFont font, IEnumerable<int> codePoints, string? nameSuffix = null, bool notdefAdvanceOneEm = false, bool withoutNames = false)
    {
        ArgumentNullException.ThrowIfNull(font);
        ArgumentNullException.ThrowIfNull(codePoints);

        // Glyph order: .notdef, then mapped glyphs by code point, then components pulled in by composites.
        var newId = new Dictionary<int, int> { [0] = 0 };
        var order = new List<int> { 0 };
        int Add(int old)
        {
            if (old >= font.NumGlyphs) throw new InvalidDataException(FontMessages.BadGlyph);
            if (!newId.TryGetValue(old, out int id))
            {
                id = order.Count;
                newId[old] = id;
                order.Add(old);
            }
            return id;
        }
        var cmap = new SortedDictionary<int, int>();
        foreach (int cp in codePoints.Distinct().Order())
        {
            // The cmap we write is format 4, which only reaches the Basic Multilingual Plane.
            if (cp is < 0 or > 0xFFFE) throw new ArgumentOutOfRangeException(nameof(codePoints), cp, "code point outside the BMP");
            int old = font.GlyphId(cp);
            if (old != 0) cmap[cp] = Add(old);
        }
        for (int i = 0; i < order.Count; i++)
            foreach (int component in font.Components(order[i])) Add(component);

        var glyphs = order.Select(old => GlyphOutline.Rewrite(font.Glyph(old), c => newId[c])).ToArray();
        var advance = order.Select(old => font.AdvanceWidth(old)).ToArray();
        if (notdefAdvanceOneEm) advance[0] = font.UnitsPerEm;
        var lsb = order.Select(old => font.LeftSideBearing(old)).ToArray();

        var (glyf, loca, shortLoca) = BuildGlyfLoca(glyphs);
        var (hmtx, hMetrics) = BuildHmtx(advance, lsb);
        var tables = new List<(string Tag, byte[] Data)>
        {
            ("head", BuildHead(font, glyphs, shortLoca)),
            ("hhea", BuildHhea(font, glyphs, advance, lsb, hMetrics)),
            ("maxp", BuildMaxp(glyphs)),
        };
        if (font.HasTable("OS/2")) tables.Add(("OS/2", BuildOs2(font, cmap.Keys)));
        tables.Add(("hmtx", hmtx));
        tables.Add(("cmap", BuildCmap(cmap)));
        tables.Add(("loca", loca));
        tables.Add(("glyf", glyf));
        if (font.HasTable("name") && !withoutNames) tables.Add(("name", BuildName(font, nameSuffix)));
        tables.Add(("post", BuildPost(font)));
        return (Assemble(tables), cmap);
    }

    static (byte[] Glyf, byte[] Loca, bool Short) BuildGlyfLoca(byte[][] glyphs)
    {
        // Each glyph starts on a 4-byte boundary (recommended; 2 is the minimum for short offsets).
        var offsets = new int[glyphs.Length + 1];
        for (int g = 0; g < glyphs.Length; g++) offsets[g + 1] = offsets[g] + Pad4(glyphs[g].Length);
        var glyf = new byte[offsets[^1]];
        for (int g = 0; g < glyphs.Length; g++) glyphs[g].CopyTo(glyf, offsets[g]);
        bool isShort = offsets[^1] / 2 <= ushort.MaxValue;
        var loca = new byte[offsets.Length * (isShort ? 2 : 4)];
        for (int i = 0; i < offsets.Length; i++)
        {
            if (isShort) BinaryPrimitives.WriteUInt16BigEndian(loca.AsSpan(i * 2), (ushort)(offsets[i] / 2));
            else BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(i * 4), (uint)offsets[i]);
        }
        return (glyf, loca, isShort);
    }

    static (byte[] Hmtx, int Metrics) BuildHmtx(int[] advance, int[] lsb)
    {
        // Trailing glyphs with the same advance may share the last full metric.
        int metrics = advance.Length;
        while (metrics > 1 && advance[metrics - 1] == advance[metrics - 2]) metrics--;
        var hmtx = new byte[metrics * 4 + (advance.Length - metrics) * 2];
        for (int g = 0; g < advance.Length; g++)
        {
            if (g < metrics)
            {
                BinaryPrimitives.WriteUInt16BigEndian(hmtx.AsSpan(g * 4), (ushort)advance[g]);
                BinaryPrimitives.WriteInt16BigEndian(hmtx.AsSpan(g * 4 + 2), (short)lsb[g]);
            }
            else BinaryPrimitives.WriteInt16BigEndian(hmtx.AsSpan(metrics * 4 + (g - metrics) * 2), (short)lsb[g]);
        }
        return (hmtx, metrics);
    }

    static byte[] BuildHead(TrueTypeFont font, byte[][] glyphs, bool shortLoca)
    {
        var head = font.TableBytes("head")[..54].ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment: set once the file is assembled
        short xMin = short.MaxValue, yMin = short.MaxValue, xMax = short.MinValue, yMax = short.MinValue;
        foreach (var glyph in glyphs.Where(g => g.Length > 0))
        {
            var b = GlyphOutline.Bounds(glyph);
            xMin = Math.Min(xMin, b.XMin); yMin = Math.Min(yMin, b.YMin);
            xMax = Math.Max(xMax, b.XMax); yMax = Math.Max(yMax, b.YMax);
        }
        if (xMin <= xMax)
        {
            BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(36), xMin);
            BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(38), yMin);
            BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(40), xMax);
            BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(42), yMax);
        }
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), (short)(shortLoca ? 0 : 1));
        return head;
    }

    static byte[] BuildHhea(TrueTypeFont font, byte[][] glyphs, int[] advance, int[] lsb, int hMetrics)
    {
        var hhea = font.TableBytes("hhea")[..36].ToArray();
        int minLsb = int.MaxValue, minRsb = int.MaxValue, maxExtent = int.MinValue;
        for (int g = 0; g < glyphs.Length; g++)
        {
            if (glyphs[g].Length == 0) continue; // the spec leaves contour-less glyphs out of these extremes
            var b = GlyphOutline.Bounds(glyphs[g]);
            int extent = lsb[g] + (b.XMax - b.XMin);
            minLsb = Math.Min(minLsb, lsb[g]);
            minRsb = Math.Min(minRsb, advance[g] - extent);
            maxExtent = Math.Max(maxExtent, extent);
        }
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(10), (ushort)advance.Max());
        if (maxExtent != int.MinValue)
        {
            BinaryPrimitives.WriteInt16BigEndian(hhea.AsSpan(12), (short)minLsb);
            BinaryPrimitives.WriteInt16BigEndian(hhea.AsSpan(14), (short)minRsb);
            BinaryPrimitives.WriteInt16BigEndian(hhea.AsSpan(16), (short)maxExtent);
        }
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)hMetrics);
        return hhea;
    }

    /// <summary>maxp 1.0 with the outline maxima recomputed for the kept glyphs and the hinting maxima at rest.</summary>
    static byte[] BuildMaxp(byte[][] glyphs)
    {
        var totals = new (int Points, int Contours, int Depth)?[glyphs.Length];
        (int Points, int Contours, int Depth) Totals(int g)
        {
            if (totals[g] is { } known) return known;
            var glyph = glyphs[g];
            (int, int, int) result;
            if (!GlyphOutline.IsComposite(glyph)) result = (GlyphOutline.PointCount(glyph), Math.Max(0, GlyphOutline.ContourCount(glyph)), 0);
            else
            {
                int points = 0, contours = 0, depth = 0;
                foreach (int c in GlyphOutline.Components(glyph))
                {
                    var t = Totals(c);
                    points += t.Points; contours += t.Contours; depth = Math.Max(depth, t.Depth);
                }
                result = (points, contours, depth + 1);
            }
            totals[g] = result;
            return result;
        }
        int maxPoints = 0, maxContours = 0, maxCompositePoints = 0, maxCompositeContours = 0, maxElements = 0, maxDepth = 0;
        for (int g = 0; g < glyphs.Length; g++)
        {
            var t = Totals(g);
            if (GlyphOutline.IsComposite(glyphs[g]))
            {
                maxCompositePoints = Math.Max(maxCompositePoints, t.Points);
                maxCompositeContours = Math.Max(maxCompositeContours, t.Contours);
                maxElements = Math.Max(maxElements, GlyphOutline.Components(glyphs[g]).Count);
                maxDepth = Math.Max(maxDepth, t.Depth);
            }
            else
            {
                maxPoints = Math.Max(maxPoints, t.Points);
                maxContours = Math.Max(maxContours, t.Contours);
            }
        }
        var maxp = new byte[32];
        var s = maxp.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(s, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(s[4..], (ushort)glyphs.Length);
        BinaryPrimitives.WriteUInt16BigEndian(s[6..], (ushort)maxPoints);
        BinaryPrimitives.WriteUInt16BigEndian(s[8..], (ushort)maxContours);
        BinaryPrimitives.WriteUInt16BigEndian(s[10..], (ushort)maxCompositePoints);
        BinaryPrimitives.WriteUInt16BigEndian(s[12..], (ushort)maxCompositeContours);
        BinaryPrimitives.WriteUInt16BigEndian(s[14..], 1); // maxZones: 1 = no twilight zone
        // 16..29: twilight points, storage, function defs, instruction defs, stack, instruction size: all 0.
        BinaryPrimitives.WriteUInt16BigEndian(s[28..], (ushort)maxElements);
        BinaryPrimitives.WriteUInt16BigEndian(s[30..], (ushort)maxDepth);
        return maxp;
    }

    static byte[] BuildOs2(TrueTypeFont font, ICollection<int> codePoints)
    {
        var os2 = font.TableBytes("OS/2").ToArray();
        if (os2.Length >= 68 && codePoints.Count > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(os2.AsSpan(64), (ushort)codePoints.Min());
            BinaryPrimitives.WriteUInt16BigEndian(os2.AsSpan(66), (ushort)codePoints.Max());
        }
        // usMaxContext counts glyphs a GSUB/GPOS lookup looks at; those tables are gone.
        if (os2.Length >= 96) BinaryPrimitives.WriteUInt16BigEndian(os2.AsSpan(94), 0);
        return os2;
    }

    /// <summary>
    /// The Unicode (platform 0) and Windows (platform 3) name records, optionally renamed; the Macintosh records
    /// (platform 1, Mac Roman text) are dropped rather than re-encoded.
    /// </summary>
    static byte[] BuildName(TrueTypeFont font, string? suffix)
    {
        var name = font.TableBytes("name");
        int count = BinaryPrimitives.ReadUInt16BigEndian(name[2..]);
        int storage = BinaryPrimitives.ReadUInt16BigEndian(name[4..]);
        if (6 + count * 12 > name.Length) throw new InvalidDataException(FontMessages.TableTooShort("name"));
        var records = new List<(ushort Platform, ushort Encoding, ushort Language, ushort Id, byte[] Text)>();
        string? family = null;
        for (int i = 0; i < count; i++)
        {
            var r = name.Slice(6 + i * 12, 12);
            ushort platform = BinaryPrimitives.ReadUInt16BigEndian(r), id = BinaryPrimitives.ReadUInt16BigEndian(r[6..]);
            if (platform is not (0 or 3)) continue;
            int length = BinaryPrimitives.ReadUInt16BigEndian(r[8..]), offset = BinaryPrimitives.ReadUInt16BigEndian(r[10..]);
            if (storage + offset + length > name.Length) throw new InvalidDataException(FontMessages.TableTooShort("name"));
            var text = name.Slice(storage + offset, length).ToArray();
            if (id == 1) family ??= System.Text.Encoding.BigEndianUnicode.GetString(text);
            records.Add((platform, BinaryPrimitives.ReadUInt16BigEndian(r[2..]), BinaryPrimitives.ReadUInt16BigEndian(r[4..]), id, text));
        }
        if (suffix is not null)
        {
            for (int i = 0; i < records.Count; i++)
            {
                var text = System.Text.Encoding.BigEndianUnicode.GetString(records[i].Text);
                string? renamed = records[i].Id switch
                {
                    1 or 16 => $"{text} {suffix}",
                    3 => $"{text};{suffix}",
                    // "DejaVu Sans Bold" → "DejaVu Sans Compact Bold"
                    4 => family is not null && text.StartsWith(family, StringComparison.Ordinal) ? $"{family} {suffix}{text[family.Length..]}" : $"{text} {suffix}",
                    // "DejaVuSans-Bold" → "DejaVuSansCompact-Bold" (PostScript names have no spaces)
                    6 => text.IndexOf('-') is var dash and >= 0 ? $"{text[..dash]}{suffix.Replace(" ", "")}{text[dash..]}" : text + suffix.Replace(" ", ""),
                    _ => null,
                };
                if (renamed is not null) records[i] = records[i] with { Text = System.Text.Encoding.BigEndianUnicode.GetBytes(renamed) };
            }
        }
        int header = 6 + records.Count * 12;
        var table = new byte[header + records.Sum(r => r.Text.Length)];
        var t = table.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(t[2..], (ushort)records.Count);
        BinaryPrimitives.WriteUInt16BigEndian(t[4..], (ushort)header);
        int at = 0;
        for (int i = 0; i < records.Count; i++)
        {
            var (platform, encoding, language, id, text) = records[i];
            var r = t.Slice(6 + i * 12, 12);
            BinaryPrimitives.WriteUInt16BigEndian(r, platform);
            BinaryPrimitives.WriteUInt16BigEndian(r[2..], encoding);
            BinaryPrimitives.WriteUInt16BigEndian(r[4..], language);
            BinaryPrimitives.WriteUInt16BigEndian(r[6..], id);
            BinaryPrimitives.WriteUInt16BigEndian(r[8..], (ushort)text.Length);
            BinaryPrimitives.WriteUInt16BigEndian(r[10..], (ushort)at);
            text.CopyTo(t[(header + at)..]);
            at += text.Length;
        }
        return table;
    }

    /// <summary>post format 3.0: the header only, no glyph names (PDF text extraction uses ToUnicode / the encoding).</summary>
    static byte[] BuildPost(TrueTypeFont font)
    {
        var post = new byte[32];
        if (font.HasTable("post") && font.Table("post").Length >= 16)
            font.TableBytes("post")[4..16].CopyTo(post.AsSpan(4)); // italicAngle, underline position/thickness, isFixedPitch
        BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000);
        return post;
    }

    /// <summary>One format 4 subtable, listed for (0,3) Unicode BMP and (3,1) Windows Unicode BMP.</summary>
    static byte[] BuildCmap(SortedDictionary<int, int> map)
    {
        // Segments of consecutive code points with consecutive glyph ids, each one idDelta; then the 0xFFFF end.
        var segments = new List<(int Start, int End, int Glyph)>();
        foreach (var (cp, glyph) in map)
        {
            if (segments.Count > 0 && segments[^1].End == cp - 1 && segments[^1].Glyph + (cp - segments[^1].Start) == glyph)
                segments[^1] = segments[^1] with { End = cp };
            else segments.Add((cp, cp, glyph));
        }
        segments.Add((0xFFFF, 0xFFFF, 0));

        int count = segments.Count;
        int length = 16 + count * 8;
        var sub = new byte[length];
        var s = sub.AsSpan();
        int searchRange = 2 * (1 << BitOperations.Log2((uint)count));
        BinaryPrimitives.WriteUInt16BigEndian(s, 4);
        BinaryPrimitives.WriteUInt16BigEndian(s[2..], (ushort)length);
        BinaryPrimitives.WriteUInt16BigEndian(s[6..], (ushort)(count * 2));
        BinaryPrimitives.WriteUInt16BigEndian(s[8..], (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(s[10..], (ushort)BitOperations.Log2((uint)searchRange / 2));
        BinaryPrimitives.WriteUInt16BigEndian(s[12..], (ushort)(count * 2 - searchRange));
        int ends = 14, starts = ends + count * 2 + 2, deltas = starts + count * 2;
        for (int i = 0; i < count; i++)
        {
            var (start, end, glyph) = segments[i];
            BinaryPrimitives.WriteUInt16BigEndian(s[(ends + i * 2)..], (ushort)end);
            BinaryPrimitives.WriteUInt16BigEndian(s[(starts + i * 2)..], (ushort)start);
            // For the final 0xFFFF segment, delta 1 maps it to glyph 0 as the spec asks.
            int delta = start == 0xFFFF ? 1 : glyph - start;
            BinaryPrimitives.WriteUInt16BigEndian(s[(deltas + i * 2)..], (ushort)(delta & 0xFFFF));
            // idRangeOffset stays 0: every segment is a plain delta.
        }

        var cmap = new byte[4 + 2 * 8 + length];
        var c = cmap.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(c[2..], 2);
        WriteEncodingRecord(c[4..], platform: 0, encoding: 3, offset: 20);
        WriteEncodingRecord(c[12..], platform: 3, encoding: 1, offset: 20);
        sub.CopyTo(c[20..]);
        return cmap;

        static void WriteEncodingRecord(Span<byte> at, ushort platform, ushort encoding, uint offset)
        {
            BinaryPrimitives.WriteUInt16BigEndian(at, platform);
            BinaryPrimitives.WriteUInt16BigEndian(at[2..], encoding);
            BinaryPrimitives.WriteUInt32BigEndian(at[4..], offset);
        }
    }

    /// <summary>Table directory (sorted by tag), 4-byte aligned tables, checksums and head.checkSumAdjustment.</summary>
    static byte[] Assemble(List<(string Tag, byte[] Data)> tables)
    {
        int count = tables.Count;
        int offset = 12 + count * 16;
        var placed = new List<(string Tag, byte[] Data, int Offset)>();
        foreach (var (tag, data) in tables)
        {
            placed.Add((tag, data, offset));
            offset += Pad4(data.Length);
        }
        var file = new byte[offset];
        var f = file.AsSpan();
        int searchRange = 16 * (1 << BitOperations.Log2((uint)count));
        BinaryPrimitives.WriteUInt32BigEndian(f, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(f[4..], (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(f[6..], (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(f[8..], (ushort)BitOperations.Log2((uint)count));
        BinaryPrimitives.WriteUInt16BigEndian(f[10..], (ushort)(count * 16 - searchRange));
        int entry = 12;
        foreach (var (tag, data, at) in placed.OrderBy(t => t.Tag, StringComparer.Ordinal))
        {
            for (int k = 0; k < 4; k++) file[entry + k] = (byte)tag[k];
            BinaryPrimitives.WriteUInt32BigEndian(f[(entry + 4)..], Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(f[(entry + 8)..], (uint)at);
            BinaryPrimitives.WriteUInt32BigEndian(f[(entry + 12)..], (uint)data.Length);
            data.CopyTo(file, at);
            entry += 16;
        }
        int headAt = placed.Single(t => t.Tag == "head").Offset;
        BinaryPrimitives.WriteUInt32BigEndian(f[(headAt + 8)..], unchecked(0xB1B0AFBA - Checksum(file)));
        return file;
    }

    /// <summary>Sum of the big-endian 32-bit words, the data zero-padded to a multiple of 4.</summary>
    internal static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        int full = data.Length & ~3;
        for (int i = 0; i < full; i += 4) sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        if (full < data.Length)
        {
            Span<byte> last = stackalloc byte[4];
            last.Clear();
            data[full..].CopyTo(last);
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(last));
        }
        return sum;
    }

    static int Pad4(int length) => (length + 3) & ~3;
}
