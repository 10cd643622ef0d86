using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace CfgResults.Engine.Documents;

/// <summary>
/// Rewrites a PDF written by PDFsharp (classic cross-reference table, one object after another) with every
/// object that is not a stream packed into one compressed object stream and a cross-reference stream
/// (PDF 1.5, ISO 32000-1 §7.5.7–7.5.8). A tagged PDF has one small dictionary per structure element (a
/// transcript has about a hundred): packed, they cost a few hundred bytes instead of several kilobytes, which
/// keeps a transcript under 20 KB. Streams (contents, fonts, metadata) are copied byte for byte. Deterministic:
/// same input, same output.
/// </summary>
internal static partial class ObjectStreams
{
    public static byte[] Pack(ReadOnlySpan<byte> pdf)
    {
        string text = Encoding.Latin1.GetString(pdf); // one char per byte: offsets are preserved
        int startxref = text.LastIndexOf("startxref", StringComparison.Ordinal);
        if (startxref < 0) return pdf.ToArray();
        int xref = int.Parse(Number().Match(text, startxref + 9).Value, CultureInfo.InvariantCulture);
        if (string.CompareOrdinal(text, xref, "xref", 0, 4) != 0) return pdf.ToArray(); // already a cross-reference stream
        int trailerAt = text.IndexOf("trailer", xref, StringComparison.Ordinal);
        string trailer = text[trailerAt..startxref];

        // Cross-reference table: "first count" subsections of "offset generation n|f" entries.
        var objects = new List<(int Number, int Offset)>();
        var tokens = text[(xref + 4)..trailerAt].Split((char[])[' ', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        for (int t = 0; t + 1 < tokens.Length;)
        {
            int first = int.Parse(tokens[t], CultureInfo.InvariantCulture), count = int.Parse(tokens[t + 1], CultureInfo.InvariantCulture);
            t += 2;
            for (int k = 0; k < count; k++, t += 3)
            {
                if (tokens[t + 2] == "n" && tokens[t + 1] == "00000")
                    objects.Add((first + k, int.Parse(tokens[t], CultureInfo.InvariantCulture)));
                else if (tokens[t + 2] == "n") return pdf.ToArray(); // a generation other than 0: leave the file as it is
            }
        }
        if (objects.Count == 0) return pdf.ToArray();
        objects.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        int size = objects.Max(o => o.Number) + 1;

        var streams = new List<(int Number, string Body)>(); // copied as they are: streams, and what stays readable
        var packed = new List<(int Number, string Body)>();
        for (int i = 0; i < objects.Count; i++)
        {
            int start = objects[i].Offset, end = i + 1 < objects.Count ? objects[i + 1].Offset : xref;
            int bodyStart = text.IndexOf("obj", start, StringComparison.Ordinal) + 3;
            int bodyEnd = text.LastIndexOf("endobj", end - 1, end - bodyStart, StringComparison.Ordinal);
            if (bodyStart < 3 || bodyEnd < 0) return pdf.ToArray();
            string body = text[bodyStart..bodyEnd].Trim('\r', '\n', ' ');
            if (body.EndsWith("endstream", StringComparison.Ordinal)) streams.Add((objects[i].Number, CompleteZlib(body)));
            else if (KeptReadable(body)) streams.Add((objects[i].Number, body));
            else packed.Add((objects[i].Number, body));
        }

        using var output = new MemoryStream(pdf.Length);
        Write(output, text[..objects[0].Offset]);
        var entries = new (byte Type, int Field2, int Field3)[size + 2];
        entries[0] = (0, 0, 0xFFFF);
        foreach (var (number, body) in streams)
        {
            entries[number] = (1, (int)output.Position, 0);
            Write(output, $"{number} 0 obj\n{body}\nendobj\n");
        }

        // The object stream: "number offset" pairs, then the objects.
        int objStm = size, xrefStm = size + 1;
        var index = new StringBuilder();
        var data = new StringBuilder();
        for (int i = 0; i < packed.Count; i++)
        {
            entries[packed[i].Number] = (2, objStm, i);
            index.Append(packed[i].Number.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(data.Length.ToString(CultureInfo.InvariantCulture)).Append(' ');
            data.Append(packed[i].Body).Append('\n');
        }
        var stmBytes = Deflate(Encoding.Latin1.GetBytes(index.ToString() + data));
        entries[objStm] = (1, (int)output.Position, 0);
        Write(output, $"{objStm} 0 obj\n<</Type/ObjStm/N {packed.Count}/First {index.Length}/Filter/FlateDecode/Length {stmBytes.Length}>>stream\n");
        output.Write(stmBytes);
        Write(output, "\nendstream\nendobj\n");

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
        var xrefBytes = Deflate(rows);
        Write(output, $"{xrefStm} 0 obj\n<</Type/XRef/Size {entries.Length}/W[1 4 2]{Entry(trailer, "Root")}{Entry(trailer, "Info")}{Entry(trailer, "ID")}/Filter/FlateDecode/Length {xrefBytes.Length}>>stream\n");
        output.Write(xrefBytes);
        Write(output, $"\nendstream\nendobj\nstartxref\n{xrefAt}\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>
    /// The catalog (language, structure tree root) and the font dictionaries (subset tags, which
    /// <see cref="PdfRenderer.Determinism"/> derives from the document key) stay outside the compressed stream:
    /// readable in the file, and two documents that differ only by their key keep the same length.
    /// </summary>
    static bool KeptReadable(string body) =>
        body.Contains("/Type/Catalog", StringComparison.Ordinal) || body.Contains("/BaseFont", StringComparison.Ordinal) || body.Contains("/FontName", StringComparison.Ordinal);

    /// <summary>
    /// PDFsharp 6.2.4 writes FlateDecode streams (page contents, font files) without the zlib trailer
    /// (Adler-32), which qpdf reports (« input stream is complete but output may still be valid »): such a
    /// stream is inflated and deflated again as a complete zlib stream. Anything unexpected is left as it is.
    /// </summary>
    static string CompleteZlib(string body)
    {
        int keyword = body.IndexOf("stream", StringComparison.Ordinal);
        if (keyword < 0) return body;
        string dictionary = body[..keyword];
        if (!dictionary.Contains("/Filter/FlateDecode", StringComparison.Ordinal) || dictionary.Contains("/DecodeParms", StringComparison.Ordinal)) return body;
        var length = StreamLength().Match(dictionary);
        if (!length.Success) return body;
        int start = keyword + 6 + (body[keyword + 6] == '\r' ? 2 : 1), count = int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture);
        if (count < 2 || start + count > body.Length) return body;
        byte[] inflated;
        try
        {
            using var input = new MemoryStream(Encoding.Latin1.GetBytes(body.Substring(start + 2, count - 2)));
            using var inflate = new DeflateStream(input, CompressionMode.Decompress);
            using var plain = new MemoryStream();
            inflate.CopyTo(plain);
            inflated = plain.ToArray();
        }
        catch (InvalidDataException)
        {
            return body;
        }
        var data = Deflate(inflated);
        string newDictionary = string.Concat(dictionary.AsSpan(0, length.Index), $"/Length {data.Length}", dictionary.AsSpan(length.Index + length.Length));
        return $"{newDictionary}stream\n{Encoding.Latin1.GetString(data)}\nendstream";
    }

    /// <summary>A trailer entry written back as it was ("/Root 2 0 R", "/ID[&lt;…&gt;&lt;…&gt;]"), or nothing.</summary>
    static string Entry(string trailer, string key)
    {
        foreach (Match m in TrailerEntry().Matches(trailer))
            if (m.Groups[1].Value == key) return m.Value.TrimEnd();
        return "";
    }

    /// <summary>A complete zlib stream (header, deflate data, Adler-32), as FlateDecode expects.</summary>
    public static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(data);
        return packed.ToArray();
    }

    static void Write(Stream output, string latin1) => output.Write(Encoding.Latin1.GetBytes(latin1));

    [GeneratedRegex(@"/Length\s+(\d+)")]
    private static partial Regex StreamLength();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"/(Root|Info|ID|Size)\s*(\d+\s+\d+\s+R|\[[^\]]*\]|\d+)")]
    private static partial Regex TrailerEntry();
}
