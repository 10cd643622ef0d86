using System.Buffers.Binary;
using System.Text;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Documents.Fonts;

namespace CfgResults.Engine.Tests.Documents.Fonts;

public sealed class TrueTypeSubsetterTests
{
    static readonly string[] Faces = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"];

    static readonly Dictionary<string, (TrueTypeFont Full, TrueTypeFont Compact, byte[] Bytes)> Cache = [];

    static (TrueTypeFont Full, TrueTypeFont Compact, byte[] Bytes) Load(string face)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(face, out var loaded)) return loaded;
            var full = TrueTypeFont.Parse(File.ReadAllBytes(Path.Combine(DocumentFonts.DefaultFolder, face)));
            var bytes = TrueTypeSubsetter.Subset(full, CompactFontSet.CodePoints, "Compact");
            loaded = (full, TrueTypeFont.Parse(bytes), bytes);
            Cache[face] = loaded;
            return loaded;
        }
    }

    public static TheoryData<string> AllFaces => new(Faces);

    [Theory]
    [MemberData(nameof(AllFaces))]
    public void Subset_KeepsOnlyOutlineAndMetricTables_AndFewGlyphs(string face)
    {
        var (full, compact, _) = Load(face);

        Assert.Equal(["OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"], compact.TableTags.Order(StringComparer.Ordinal));
        Assert.True(full.NumGlyphs > 5000, "the original has its ~6,000 glyphs");
        // One glyph per kept character at most, plus .notdef and a few composite components.
        Assert.InRange(compact.NumGlyphs, 300, CompactFontSet.CodePoints.Count + 40);
        Assert.Equal(0, compact.IndexToLocFormat); // small enough for 16-bit loca offsets
        Assert.InRange(compact.NumberOfHMetrics, 1, compact.NumGlyphs);
        Assert.Equal(0x00030000u, BinaryPrimitives.ReadUInt32BigEndian(compact.TableBytes("post")));
    }

    [Theory]
    [MemberData(nameof(AllFaces))]
    public void Subset_MapsEveryKeptCharacter_ToAGlyphWithTheOriginalAdvanceWidth(string face)
    {
        var (full, compact, _) = Load(face);

        foreach (int cp in CompactFontSet.CodePoints)
        {
            int original = full.GlyphId(cp);
            Assert.True(original != 0, $"DejaVu has U+{cp:X4}");
            int kept = compact.GlyphId(cp);
            Assert.True(kept != 0, $"U+{cp:X4} is mapped in the subset");
            Assert.Equal(full.AdvanceWidth(original), compact.AdvanceWidth(kept));
            Assert.Equal(full.LeftSideBearing(original), compact.LeftSideBearing(kept));
        }
        Assert.Equal(0, compact.GlyphId('Ω'));
        Assert.Equal(0, compact.GlyphId('→'));
    }

    [Theory]
    [MemberData(nameof(AllFaces))]
    public void Subset_KeepsEachOutline_WithCompositeComponentsRenumbered(string face)
    {
        var (full, compact, _) = Load(face);

        // 'é' is a composite in DejaVu (e + acute): the interesting case for renumbering.
        Assert.NotEmpty(full.Components(full.GlyphId('é')));
        Assert.NotEmpty(compact.Components(compact.GlyphId('é')));
        foreach (int cp in CompactFontSet.CodePoints)
            Assert.Equal(Flatten(full, full.GlyphId(cp)), Flatten(compact, compact.GlyphId(cp)));
    }

    [Theory]
    [MemberData(nameof(AllFaces))]
    public void Subset_HasNoHinting(string face)
    {
        var (_, compact, _) = Load(face);

        var maxp = compact.TableBytes("maxp");
        Assert.Equal(compact.NumGlyphs, BinaryPrimitives.ReadUInt16BigEndian(maxp[4..]));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(maxp[26..])); // maxSizeOfInstructions
        for (int g = 0; g < compact.NumGlyphs; g++)
        {
            var glyph = compact.Glyph(g);
            if (glyph.Length == 0) continue;
            if (GlyphOutline.IsComposite(glyph))
            {
                // Nothing after the components but the padding to 4 bytes: no instructions.
                var bare = GlyphOutline.Rewrite(glyph, c => c);
                Assert.Equal(bare, glyph[..bare.Length].ToArray());
                Assert.InRange(glyph.Length - bare.Length, 0, 3);
            }
            else
            {
                int contours = GlyphOutline.ContourCount(glyph);
                Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(glyph[(10 + 2 * contours)..]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllFaces))]
    public void Subset_HasConsistentChecksums(string face)
    {
        var (_, compact, bytes) = Load(face);

        // Whole file, head.checkSumAdjustment included, sums to the magic number.
        Assert.Equal(0xB1B0AFBAu, TrueTypeSubsetter.Checksum(bytes));
        int count = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(4));
        for (int i = 0; i < count; i++)
        {
            var entry = bytes.AsSpan(12 + i * 16, 16);
            var tag = Encoding.ASCII.GetString(entry[..4]);
            uint expected = BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
            var data = compact.TableBytes(tag).ToArray();
            if (tag == "head") BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), 0); // summed with the adjustment at 0
            Assert.Equal(expected, TrueTypeSubsetter.Checksum(data));
        }
    }

    [Fact]
    public void Subset_RenamesTheFace_WhenASuffixIsGiven()
    {
        var (full, compact, _) = Load("DejaVuSans-Bold.ttf");

        Assert.Equal("DejaVu Sans Bold", NameRecord(full, 4));
        Assert.Equal("DejaVu Sans Compact Bold", NameRecord(compact, 4));
        Assert.Equal("DejaVu Sans Compact", NameRecord(compact, 1));
        Assert.Equal("DejaVuSansCompact-Bold", NameRecord(compact, 6));
        Assert.StartsWith("Copyright (c) 2003 by Bitstream", NameRecord(compact, 0)); // the licence notice travels with the font
    }

    [Fact]
    public void Subset_KeepsNames_WithoutASuffix()
    {
        var (full, _, _) = Load("DejaVuSans.ttf");

        var plain = TrueTypeFont.Parse(TrueTypeSubsetter.Subset(full, [.. "abc"]));

        Assert.Equal("DejaVu Sans", NameRecord(plain, 4));
        Assert.Equal(4, plain.NumGlyphs); // .notdef, a, b, c
    }

    [Fact]
    public void Parse_RejectsAFileThatIsNotTrueType()
    {
        Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(Encoding.ASCII.GetBytes("%PDF-1.7 certainly not a font")));
        var truncated = File.ReadAllBytes(Path.Combine(DocumentFonts.DefaultFolder, "DejaVuSans.ttf"))[..4096];
        Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(truncated));
    }

    [Fact]
    public void CompactSet_CoversFrenchText_ButNotGreekOrArrows()
    {
        Assert.True(CompactFontSet.Covers("Françoise Œlgaard-Éloïse, « élève » de l’établissement : 12,5\u202F€ – n° 3… • ‑"));
        Assert.True(CompactFontSet.Covers(Samples.Transcript));
        Assert.True(CompactFontSet.Covers(TranscriptSample.Markup()));
        Assert.False(CompactFontSet.Covers("Ω"));
        Assert.False(CompactFontSet.Covers("a → b"));
        Assert.False(CompactFontSet.Covers("😀"));
    }

    /// <summary>
    /// A glyph as a comparable string: a simple glyph is its bytes without instructions; a composite is each
    /// component's placement bytes followed by the component flattened, so glyph ids do not matter.
    /// </summary>
    static string Flatten(TrueTypeFont font, int glyph)
    {
        var data = GlyphOutline.Rewrite(font.Glyph(glyph), c => c);
        if (!GlyphOutline.IsComposite(data)) return Convert.ToHexString(data);
        var sb = new StringBuilder(Convert.ToHexString(data.AsSpan(0, 10)));
        int at = 10;
        foreach (int component in GlyphOutline.Components(data))
        {
            ushort flags = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at));
            int size = 4 + ((flags & 1) != 0 ? 4 : 2) + ((flags & 8) != 0 ? 2 : (flags & 0x40) != 0 ? 4 : (flags & 0x80) != 0 ? 8 : 0);
            sb.Append('[').Append(Convert.ToHexString(data.AsSpan(at, 2))).Append(Convert.ToHexString(data.AsSpan(at + 4, size - 4)));
            sb.Append(':').Append(Flatten(font, component)).Append(']');
            at += size;
        }
        return sb.ToString();
    }

    static string? NameRecord(TrueTypeFont font, int id)
    {
        var name = font.TableBytes("name");
        int count = BinaryPrimitives.ReadUInt16BigEndian(name[2..]), storage = BinaryPrimitives.ReadUInt16BigEndian(name[4..]);
        for (int i = 0; i < count; i++)
        {
            var r = name.Slice(6 + i * 12, 12);
            if (BinaryPrimitives.ReadUInt16BigEndian(r) != 3 || BinaryPrimitives.ReadUInt16BigEndian(r[6..]) != id) continue;
            return Encoding.BigEndianUnicode.GetString(name.Slice(storage + BinaryPrimitives.ReadUInt16BigEndian(r[10..]), BinaryPrimitives.ReadUInt16BigEndian(r[8..])));
        }
        return null;
    }
}
