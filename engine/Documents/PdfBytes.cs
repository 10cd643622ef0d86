using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CfgResults.Engine.Documents;

/// <summary>
/// A growable byte buffer with the PDF tokens <see cref="PdfRenderer"/> writes: integers, reals (at most four
/// decimals, never an exponent), names, text strings, dates. One per thread and purpose, reused: a publication
/// writes thousands of documents per second.
/// </summary>
internal sealed class PdfBytes(int capacity)
{
    byte[] _bytes = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public int Capacity => _bytes.Length;

    public void Clear() => Length = 0;

    Span<byte> Reserve(int count)
    {
        if (Length + count > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        return _bytes.AsSpan(Length);
    }

    public PdfBytes Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
        return this;
    }

    public PdfBytes Byte(byte b)
    {
        Reserve(1)[0] = b;
        Length++;
        return this;
    }

    /// <summary>ASCII text (keywords, operators): each char must be below 128.</summary>
    public PdfBytes Ascii(string text)
    {
        var span = Reserve(text.Length);
        for (int i = 0; i < text.Length; i++) span[i] = (byte)text[i];
        Length += text.Length;
        return this;
    }

    public PdfBytes Int(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out int written);
        Length += written;
        return this;
    }

    /// <summary>A real number with at most four decimals, "0" for anything closer to zero than that.</summary>
    public PdfBytes Num(double value)
    {
        // Fixed point by hand: a page's content has hundreds of coordinates, and a format string costs several times this.
        double scaled = Math.Round(value * 10000, MidpointRounding.AwayFromZero);
        if (double.IsNaN(scaled) || Math.Abs(scaled) >= long.MaxValue / 2) throw new ArgumentOutOfRangeException(nameof(value), value, "not a drawable coordinate");
        long fixedPoint = (long)scaled;
        if (fixedPoint == 0) return Byte((byte)'0');
        if (fixedPoint < 0)
        {
            Byte((byte)'-');
            fixedPoint = -fixedPoint;
        }
        Int(fixedPoint / 10000);
        int fraction = (int)(fixedPoint % 10000);
        if (fraction == 0) return this;
        int digits = 4;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        var span = Reserve(digits + 1);
        span[0] = (byte)'.';
        for (int d = digits; d >= 1; d--, fraction /= 10) span[d] = (byte)('0' + fraction % 10);
        Length += digits + 1;
        return this;
    }

    /// <summary>"n 0 R".</summary>
    public PdfBytes Ref(int number) => Int(number).Raw(" 0 R"u8);

    /// <summary>A name object: "/" then the name, with # escapes for what is not a regular character (ISO 32000-1 §7.3.5).</summary>
    public PdfBytes Name(string name)
    {
        Byte((byte)'/');
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            if (b is < 0x21 or > 0x7E or (byte)'#' or (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%')
                Byte((byte)'#').Byte(Hex[b >> 4]).Byte(Hex[b & 15]);
            else Byte(b);
        }
        return this;
    }

    /// <summary>
    /// A text string (§7.9.2.2): a literal string when every character is printable ASCII, otherwise UTF-16BE with its
    /// byte order mark, in hexadecimal.
    /// </summary>
    public PdfBytes Text(string text)
    {
        bool ascii = true;
        foreach (char c in text)
            if (c is < ' ' or > '~') { ascii = false; break; }
        if (ascii)
        {
            Byte((byte)'(');
            foreach (char c in text)
            {
                if (c is '(' or ')' or '\\') Byte((byte)'\\');
                Byte((byte)c);
            }
            return Byte((byte)')');
        }
        Raw("<FEFF"u8);
        foreach (char c in text) Hex4(c);
        return Byte((byte)'>');
    }

    /// <summary>Four hexadecimal digits (a 2-byte character code or a UTF-16 unit).</summary>
    public PdfBytes Hex4(int value)
    {
        var span = Reserve(4);
        span[0] = Hex[(value >> 12) & 15];
        span[1] = Hex[(value >> 8) & 15];
        span[2] = Hex[(value >> 4) & 15];
        span[3] = Hex[value & 15];
        Length += 4;
        return this;
    }

    public PdfBytes HexBytes(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes) Byte(Hex[b >> 4]).Byte(Hex[b & 15]);
        return this;
    }

    /// <summary>A date string in UTC, "(D:20180605123000+00'00')".</summary>
    public PdfBytes Date(DateTime utc) => Ascii(utc.ToString("'(D:'yyyyMMddHHmmss'+00\\'00\\')'", CultureInfo.InvariantCulture));

    /// <summary>The buffer's bytes are only valid until the next write; large buffers are not worth keeping per thread.</summary>
    public bool IsOversized => _bytes.Length > 4 * 1024 * 1024;

    static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;
}

/// <summary>
/// A classic PDF file being written object by object: numbers are handed out up front (objects refer to each
/// other before they are written), offsets are recorded as each object begins, and <see cref="Finish"/> writes the
/// cross-reference table and the trailer. <see cref="ObjectStreams.Pack"/> then packs and compresses it.
/// </summary>
internal sealed class PdfFile
{
    readonly List<int> _offsets = [0];

    public PdfFile(PdfBytes bytes)
    {
        Bytes = bytes;
        Bytes.Clear();
        Bytes.Raw("%PDF-1.7\n%\xD3\xF4\xCC\xE1\n"u8);
    }

    public PdfBytes Bytes { get; }

    /// <summary>The next free object number.</summary>
    public int Allocate()
    {
        _offsets.Add(-1);
        return _offsets.Count - 1;
    }

    /// <summary>"n 0 obj" at the current offset; the caller writes the object, then <see cref="End"/>.</summary>
    public PdfBytes Begin(int number)
    {
        _offsets[number] = Bytes.Length;
        return Bytes.Int(number).Raw(" 0 obj\n"u8);
    }

    public void End() => Bytes.Raw("\nendobj\n"u8);

    /// <summary>Ends a stream dictionary the caller opened with "&lt;&lt;" (and its entries) with /Length, then the data.</summary>
    public void EndStream(ReadOnlySpan<byte> data)
    {
        Bytes.Raw("/Length "u8).Int(data.Length).Raw(">>stream\n"u8).Raw(data).Raw("\nendstream\nendobj\n"u8);
    }

    /// <summary>The cross-reference table and the trailer; every allocated object must have been written.</summary>
    public ReadOnlySpan<byte> Finish(int root, int info, ReadOnlySpan<byte> id)
    {
        int xref = Bytes.Length;
        Bytes.Raw("xref\n0 "u8).Int(_offsets.Count).Raw("\n0000000000 65535 f \n"u8);
        Span<byte> entry = stackalloc byte[20];
        for (int i = 1; i < _offsets.Count; i++)
        {
            if (_offsets[i] < 0) throw new InvalidOperationException($"PDF object {i} allocated but not written.");
            "0000000000 00000 n \n"u8.CopyTo(entry);
            int value = _offsets[i];
            for (int d = 9; d >= 0; d--, value /= 10) entry[d] = (byte)('0' + value % 10);
            Bytes.Raw(entry);
        }
        Bytes.Raw("trailer\n<</Size "u8).Int(_offsets.Count).Raw("/Root "u8).Ref(root).Raw("/Info "u8).Ref(info)
            .Raw("/ID[<"u8).HexBytes(id).Raw("><"u8).HexBytes(id).Raw(">]>>\nstartxref\n"u8).Int(xref).Raw("\n%%EOF\n"u8);
        return Bytes.Written;
    }
}
