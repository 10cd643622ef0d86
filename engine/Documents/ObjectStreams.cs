using System.Buffers.Text;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace CfgResults.Engine.Documents;

/// <summary>
/// Rewrites a classic PDF (<see cref="PdfRenderer"/>'s or PDFsharp's: a cross-reference table, one object after another) with every
/// object that is not a stream packed into one compressed object stream and a cross-reference stream
/// (PDF 1.5, ISO 32000-1 §7.5.7–7.5.8). A tagged PDF has one small dictionary per structure element (a
/// transcript has about a hundred): packed, they cost a few hundred bytes instead of several kilobytes, which
/// keeps a transcript under 20 KB. Streams (contents, fonts, images) are compressed here, once (see
/// <see cref="WriteStream"/>). Deterministic: same input, same output.
/// <para>
/// Works on the bytes, with one reused scratch buffer per thread: a publication packs thousands of PDFs per
/// second, and a copy of each file as a string (twice its size, on the large-object heap beyond 42 KB) cost
/// more collections than the rest of the packing.
/// </para>
/// </summary>
internal static partial class ObjectStreams
{
    /// <param name="pdf">A classic PDF file.</param>
    /// <param name="recompressFlate">
    /// True for a file from elsewhere (PDFsharp's FlateDecode streams lack their Adler-32 trailer): each is inflated and
    /// deflated again. False when the writer's FlateDecode streams are complete (<see cref="PdfRenderer"/>'s, made by
    /// <see cref="Deflate"/>): they are copied as they are.
    /// </param>
    public static byte[] Pack(ReadOnlySpan<byte> pdf, bool recompressFlate = true)
    {
        int startxref = pdf.LastIndexOf("startxref"u8);
        if (startxref < 0) return pdf.ToArray();
        int xref = ReadNumber(pdf, startxref + 9, out _);
        if (xref < 0 || xref + 4 > pdf.Length || !pdf[xref..].StartsWith("xref"u8)) return pdf.ToArray(); // already a cross-reference stream
        int trailerAt = IndexOf(pdf, "trailer"u8, xref);
        if (trailerAt < 0) return pdf.ToArray();
        string trailer = Encoding.Latin1.GetString(pdf[trailerAt..startxref]);

        // Cross-reference table: "first count" subsections of "offset generation n|f" entries.
        var objects = new List<(int Number, int Offset)>();
        var table = pdf[(xref + 4)..trailerAt];
        int at = 0;
        while (true)
        {
            int first = ReadNumber(table, at, out at), count = ReadNumber(table, at, out at);
            if (first < 0 || count < 0) break;
            for (int k = 0; k < count; k++)
            {
                int offset = ReadNumber(table, at, out at), generation = ReadNumber(table, at, out at);
                at = SkipSpace(table, at);
                if (offset < 0 || generation < 0 || at >= table.Length) return pdf.ToArray();
                byte kind = table[at++];
                if (kind == (byte)'n' && generation != 0) return pdf.ToArray(); // a generation other than 0: leave the file as it is
                if (kind == (byte)'n') objects.Add((first + k, offset));
            }
        }
        if (objects.Count == 0) return pdf.ToArray();
        objects.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        int size = objects.Max(o => o.Number) + 1;

        var output = Scratch.Output;
        output.Write(pdf[..objects[0].Offset]);
        var direct = new List<(int Number, int Offset)>(); // written as they are, at these offsets of the output
        var packed = new List<(int Number, int Start, int Length)>(); // slices of pdf, written into the object streams
        for (int i = 0; i < objects.Count; i++)
        {
            int start = objects[i].Offset, end = i + 1 < objects.Count ? objects[i + 1].Offset : xref;
            int obj = IndexOf(pdf, "obj"u8, start);
            if (obj < 0 || obj >= end) return pdf.ToArray();
            int bodyStart = obj + 3;
            int bodyEnd = pdf[bodyStart..end].LastIndexOf("endobj"u8);
            if (bodyEnd < 0) return pdf.ToArray();
            var (from, length) = Trim(pdf, bodyStart, bodyStart + bodyEnd);
            var body = pdf.Slice(from, length);
            if (body.EndsWith("endstream"u8) || KeptReadable(body))
            {
                direct.Add((objects[i].Number, (int)output.Position));
                WriteAscii(output, $"{objects[i].Number} 0 obj\n");
                if (body.EndsWith("endstream"u8)) WriteStream(output, body, recompressFlate);
                else output.Write(body);
                output.Write("\nendobj\n"u8);
            }
            else packed.Add((objects[i].Number, from, length));
        }

        // The object streams, each of at most ObjectsPerStream objects: "number offset" pairs, then the objects. The
        // cross-reference stream numbers an object by its index within its stream in 2 bytes (W[1 4 2]).
        int streamCount = Math.Max(1, (packed.Count + ObjectsPerStream - 1) / ObjectsPerStream);
        int xrefStm = size + streamCount;
        var entries = new (byte Type, int Field2, int Field3)[xrefStm + 1];
        entries[0] = (0, 0, 0xFFFF);
        foreach (var (number, offset) in direct) entries[number] = (1, offset, 0);
        for (int s = 0; s < streamCount; s++)
        {
            int objStm = size + s, first = s * ObjectsPerStream, end = Math.Min(packed.Count, first + ObjectsPerStream);
            var index = new StringBuilder();
            var data = Scratch.Data;
            for (int i = first; i < end; i++)
            {
                entries[packed[i].Number] = (2, objStm, i - first);
                index.Append(packed[i].Number).Append(' ').Append(data.Length).Append(' ');
                data.Write(pdf.Slice(packed[i].Start, packed[i].Length));
                data.WriteByte((byte)'\n');
            }
            var indexBytes = Encoding.ASCII.GetBytes(index.ToString());
            var compressed = Scratch.Compressed;
            using (var zlib = Compressor(compressed))
            {
                zlib.Write(indexBytes);
                zlib.Write(data.GetBuffer(), 0, (int)data.Length);
            }
            entries[objStm] = (1, (int)output.Position, 0);
            WriteAscii(output, $"{objStm} 0 obj\n<</Type/ObjStm/N {end - first}/First {indexBytes.Length}/Filter/FlateDecode/Length {compressed.Length}>>stream\n");
            output.Write(compressed.GetBuffer(), 0, (int)compressed.Length);
            output.Write("\nendstream\nendobj\n"u8);
        }

        // The cross-reference stream, which also carries the trailer's entries.
        int xrefAt = (int)output.Position;
        entries[xrefStm] = (1, xrefAt, 0);
        var rows = new byte[entries.Length * 7];
        for (int i = 0; i < entries.Length; i++)
        {
            var (type, f2, f3) = entries[i];
            rows[i * 7] = type;
            rows[i * 7 + 1] = (byte)(f2 >> 24);
            rows[i * 7 + 2] = (byte)(f2 >> 16);
            rows[i * 7 + 3] = (byte)(f2 >> 8);
            rows[i * 7 + 4] = (byte)f2;
            rows[i * 7 + 5] = (byte)(f3 >> 8);
            rows[i * 7 + 6] = (byte)f3;
        }
        var xrefData = Scratch.Compressed;
        using (var zlib = Compressor(xrefData))
            zlib.Write(rows);
        WriteAscii(output, $"{xrefStm} 0 obj\n<</Type/XRef/Size {entries.Length}/W[1 4 2]{Entry(trailer, "Root")}{Entry(trailer, "Info")}{Entry(trailer, "ID")}/Filter/FlateDecode/Length {xrefData.Length}>>stream\n");
        output.Write(xrefData.GetBuffer(), 0, (int)xrefData.Length);
        WriteAscii(output, $"\nendstream\nendobj\nstartxref\n{xrefAt}\n%%EOF\n");
        return Scratch.Finish();
    }

    /// <summary>
    /// Objects per object stream: a transcript's hundred or so fit in one; a list of thousands of pages gets several,
    /// each indexed within 2 bytes and each inflated on its own by a reader.
    /// </summary>
    const int ObjectsPerStream = 8_192;

    /// <summary>
    /// The catalog (language, structure tree root) and the font dictionaries (subset tags, which
    /// <see cref="PdfRenderer"/> derives from the document key) stay outside the compressed stream:
    /// readable in the file, and two documents that differ only by their key keep the same length.
    /// </summary>
    static bool KeptReadable(ReadOnlySpan<byte> body) =>
        body.IndexOf("/Type/Catalog"u8) >= 0 || body.IndexOf("/BaseFont"u8) >= 0 || body.IndexOf("/FontName"u8) >= 0;

    /// <summary>
    /// Writes a stream object's body, compressed once. <see cref="PdfRenderer"/> writes its page contents and images
    /// uncompressed and its font streams compressed (complete, copied as they are). PDFsharp 6.2.4's FlateDecode streams
    /// (a merged bulk file) lack the zlib trailer (Adler-32), which qpdf reports (« input stream is complete but output
    /// may still be valid »), so they are inflated and deflated again. An uncompressed stream is deflated
    /// as a complete zlib stream (the XMP metadata stays readable, as PDF/UA readers expect); a FlateDecode
    /// stream from elsewhere (a PDF read back by <see cref="TaggedPdfMerger"/>) is inflated and deflated again.
    /// Anything unexpected is written as it is.
    /// </summary>
    static void WriteStream(MemoryStream output, ReadOnlySpan<byte> body, bool recompressFlate)
    {
        int keyword = body.IndexOf("stream"u8);
        if (keyword < 0) { output.Write(body); return; }
        var dictionary = body[..keyword];
        bool plain = dictionary.IndexOf("/Filter"u8) < 0;
        bool leave = plain
            ? dictionary.IndexOf("/Type/Metadata"u8) >= 0
            : !recompressFlate || dictionary.IndexOf("/Filter/FlateDecode"u8) < 0 || dictionary.IndexOf("/DecodeParms"u8) >= 0;
        int lengthAt = LengthEntry(dictionary, out int lengthEnd);
        int start = keyword + 6 + (keyword + 6 < body.Length && body[keyword + 6] == (byte)'\r' ? 2 : 1);
        int count = lengthAt < 0 ? -1 : ReadNumber(dictionary, lengthAt + 7, out _);
        if (leave || count < 2 || start + count > body.Length) { output.Write(body); return; }

        var compressed = Scratch.Compressed;
        if (plain)
        {
            using var zlib = Compressor(compressed);
            zlib.Write(body.Slice(start, count));
        }
        else
        {
            try
            {
                // Skips the two-byte zlib header: what follows is raw deflate data, possibly without its trailer.
                using var input = new MemoryStream(body.Slice(start + 2, count - 2).ToArray(), writable: false);
                using var inflate = new DeflateStream(input, CompressionMode.Decompress);
                using var zlib = Compressor(compressed);
                inflate.CopyTo(zlib);
            }
            catch (InvalidDataException)
            {
                output.Write(body);
                return;
            }
        }
        output.Write(dictionary[..lengthAt]);
        WriteAscii(output, $"/Length {compressed.Length}");
        if (plain) output.Write("/Filter/FlateDecode"u8);
        output.Write(dictionary[lengthEnd..]);
        output.Write("stream\n"u8);
        output.Write(compressed.GetBuffer(), 0, (int)compressed.Length);
        output.Write("\nendstream"u8);
    }

    /// <summary>Where "/Length N" starts in a stream dictionary (not "/Length1" of a font file), and where it ends; -1 if absent.</summary>
    static int LengthEntry(ReadOnlySpan<byte> dictionary, out int end)
    {
        end = -1;
        for (int from = 0; ;)
        {
            int at = IndexOf(dictionary, "/Length"u8, from);
            if (at < 0) return -1;
            int after = at + 7;
            if (after < dictionary.Length && IsSpace(dictionary[after]) && ReadNumber(dictionary, after, out end) >= 0) return at;
            from = after;
        }
    }

    /// <summary>A trailer entry written back as it was ("/Root 2 0 R", "/ID[&lt;…&gt;&lt;…&gt;]"), or nothing.</summary>
    static string Entry(string trailer, string key)
    {
        foreach (Match m in TrailerEntry().Matches(trailer))
            if (m.Groups[1].Value == key) return m.Value.TrimEnd();
        return "";
    }

    /// <summary>
    /// A complete zlib stream (header, deflate data, Adler-32), as FlateDecode expects, at zlib level 2 unless told:
    /// against level 9, the same transcript within a few hundred bytes for a fraction of the time; level 1 (zlib-ng's
    /// quick strategy) for everything gave 19 KB instead of 18.
    /// </summary>
    /// <summary>
    /// <paramref name="data"/> as one complete zlib stream (FlateDecode). <see cref="PdfRenderer"/> compresses a font
    /// program at level 1: glyph outlines gain little from level 2's longer search (about 1 KB of a transcript's 18)
    /// for two and a half times the time.
    /// </summary>
    public static byte[] Deflate(ReadOnlySpan<byte> data, int level = 2)
    {
        var compressed = Scratch.Compressed;
        using (var zlib = Compressor(compressed, level))
            zlib.Write(data);
        return compressed.ToArray();
    }

    static ZLibStream Compressor(Stream destination, int level = 2) =>
        new(destination, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);

    static int IndexOf(ReadOnlySpan<byte> text, ReadOnlySpan<byte> value, int from)
    {
        int at = text[from..].IndexOf(value);
        return at < 0 ? -1 : from + at;
    }

    static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or (byte)'\f' or 0;

    static int SkipSpace(ReadOnlySpan<byte> text, int at)
    {
        while (at < text.Length && IsSpace(text[at])) at++;
        return at;
    }

    /// <summary>The non-negative integer after optional white space, or -1; <paramref name="end"/> is just past it.</summary>
    static int ReadNumber(ReadOnlySpan<byte> text, int at, out int end)
    {
        at = SkipSpace(text, at);
        if (at >= text.Length || !Utf8Parser.TryParse(text[at..], out int value, out int consumed) || value < 0 || text[at] == (byte)'-' || text[at] == (byte)'+')
        {
            end = at;
            return -1;
        }
        end = at + consumed;
        return value;
    }

    /// <summary>The slice between <paramref name="from"/> and <paramref name="to"/> without its surrounding CR, LF and spaces.</summary>
    static (int From, int Length) Trim(ReadOnlySpan<byte> text, int from, int to)
    {
        while (from < to && text[from] is (byte)'\r' or (byte)'\n' or (byte)' ') from++;
        while (to > from && text[to - 1] is (byte)'\r' or (byte)'\n' or (byte)' ') to--;
        return (from, to - from);
    }

    static void WriteAscii(Stream output, string ascii)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (ascii.Length <= buffer.Length)
        {
            int n = Encoding.Latin1.GetBytes(ascii, buffer);
            output.Write(buffer[..n]);
        }
        else output.Write(Encoding.Latin1.GetBytes(ascii));
    }

    /// <summary>
    /// This thread's reused buffers: the packed file, the object stream's data and one compressed stream. Large
    /// ones (a bulk merge of hundreds of pages) are dropped after use rather than kept for the thread's lifetime.
    /// </summary>
    static class Scratch
    {
        const int KeptCapacity = 1024 * 1024;
        [ThreadStatic] static MemoryStream? t_output, t_data, t_compressed;

        public static MemoryStream Output => Reset(ref t_output);
        public static MemoryStream Data => Reset(ref t_data);
        public static MemoryStream Compressed => Reset(ref t_compressed);

        static MemoryStream Reset(ref MemoryStream? stream)
        {
            stream ??= new MemoryStream(64 * 1024);
            stream.SetLength(0);
            return stream;
        }

        /// <summary>The packed file's bytes; drops whichever buffer grew too large.</summary>
        public static byte[] Finish()
        {
            var bytes = t_output!.ToArray();
            if (t_output.Capacity > KeptCapacity) t_output = null;
            if (t_data?.Capacity > KeptCapacity) t_data = null;
            if (t_compressed?.Capacity > KeptCapacity) t_compressed = null;
            return bytes;
        }
    }

    [GeneratedRegex(@"/(Root|Info|ID|Size)\s*(\d+\s+\d+\s+R|\[[^\]]*\]|\d+)")]
    private static partial Regex TrailerEntry();
}
