using System.Text.RegularExpressions;
using CfgResults.Engine.Domain;
using CsvHelper;

namespace CfgResults.Engine.Csv;

/// <summary>
/// CSV for French Excel (ARCHITECTURE.md decision 4): `;` separator, UTF-8 with BOM, CRLF, quotes only when needed,
/// rows streamed to the output as they come. Formula injection (SECURITY.md row 8): a text cell starting with
/// `= + - @`, tab or CR is prefixed with `'` by CsvHelper (<see cref="CsvInjection.Escape"/>, which leaves typed
/// numbers alone); the full-width `＝ ＋ － ＠`, which Excel also reads as formula signs but CsvHelper's ASCII-only
/// list cannot hold, are prefixed here. Numbers written through <see cref="WriteNumber(decimal)"/>, and text that
/// already is a plain French number (`-12,5`, `-3`), are written untouched.
/// </summary>
public sealed partial class FrenchCsvWriter : IDisposable
{
    /// <summary>Full-width formula signs that Excel folds to their ASCII meaning.</summary>
    const string FullWidthFormulaSigns = "\uFF1D\uFF0B\uFF0D\uFF20";

    static readonly CsvWriterOptions Options = new()
    {
        Separator = ';',
        NewLine = "\r\n",
        WriteByteOrderMark = true,
        Quoting = CsvQuoting.WhenNeeded,
        Injection = CsvInjection.Escape,
        InjectionEscape = '\'',
        FormatProvider = French.Culture,
        ValidateFieldCount = true,
    };

    // Only canonical forms, so that reading the text as a decimal and writing it back gives the same characters.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,27})(,[0-9]{1,27})?$", RegexOptions.CultureInvariant)]
    private static partial Regex FrenchNumber();

    readonly CountingStream _output;
    readonly CsvWriter _csv;
    int _fieldsInRecord;

    /// <param name="output">Left open; the caller owns it.</param>
    /// <param name="byteLimit">Above this size the writer throws <see cref="CsvSizeLimitException"/>.</param>
    public FrenchCsvWriter(Stream output, long byteLimit = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = new CountingStream(output, byteLimit);
        _csv = CsvWriter.Create(_output, Options, leaveOpen: true);
    }

    /// <summary>Data rows finished so far (the header is not counted).</summary>
    public long RowCount { get; private set; }

    public bool HeaderWritten { get; private set; }

    public long BytesWritten => _output.Count;

    /// <summary>Cells written since the last row ended (a row being built cell by cell).</summary>
    public int PendingCells => _fieldsInRecord;

    /// <summary>Writes the header row; only before any data row, and once.</summary>
    public void WriteHeader(IEnumerable<string> names)
    {
        if (HeaderWritten) throw new CsvShapeException("l'en-tête CSV est déjà écrit");
        if (RowCount > 0 || _fieldsInRecord > 0) throw new CsvShapeException("l'en-tête CSV doit précéder les lignes");
        foreach (var name in names) WriteText(name);
        EndRecord(isHeader: true);
    }

    /// <summary>Text cell: quoted when needed, neutralised when it could be read as a formula.</summary>
    public void WriteText(string? text)
    {
        _fieldsInRecord++;
        if (string.IsNullOrEmpty(text)) { _csv.WriteField(ReadOnlySpan<char>.Empty); return; }
        if (FrenchNumber().IsMatch(text))
        {
            // "-12,5" typed as text is still a number for whoever reads the file: keep it as one.
            _csv.WriteField(decimal.Parse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, French.Culture), default, French.Culture);
            return;
        }
        if (FullWidthFormulaSigns.Contains(text[0])) text = "'" + text;
        _csv.WriteField(text);
    }

    public void WriteNumber(decimal value) { _fieldsInRecord++; _csv.WriteField(value, default, French.Culture); }

    public void WriteNumber(long value) { _fieldsInRecord++; _csv.WriteField(value, default, French.Culture); }

    /// <summary>
    /// Doubles are written through decimal, which keeps 15 significant digits: 0.1 + 0.2 gives `0,3`, not
    /// `0,30000000000000004`. Infinities and NaN are not numbers a spreadsheet can take.
    /// </summary>
    public void WriteNumber(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) >= 7.9e27) throw new ArgumentException("nombre non représentable dans un fichier CSV");
        WriteNumber((decimal)value);
    }

    /// <summary>`05/06/2018`, or `05/06/2018 08:00` when the time is not midnight.</summary>
    public void WriteDate(DateTime value)
    {
        _fieldsInRecord++;
        _csv.WriteField(value, value.TimeOfDay == TimeSpan.Zero ? "dd/MM/yyyy" : "dd/MM/yyyy HH:mm");
    }

    public void WriteBoolean(bool value) => WriteText(value ? "Oui" : "Non");

    /// <summary>Ends a data row.</summary>
    public void EndRow() => EndRecord(isHeader: false);

    void EndRecord(bool isHeader)
    {
        if (_fieldsInRecord == 0) throw new CsvShapeException("ligne CSV vide");
        try
        {
            _csv.EndRecord();
        }
        catch (InvalidOperationException e) when (_csv.Options.ValidateFieldCount)
        {
            // CsvHelper refuses a record whose field count differs from the first one (RFC 4180).
            throw new CsvShapeException($"ligne de {_fieldsInRecord} cellules alors que la première en a un autre nombre ({e.Message})");
        }
        _fieldsInRecord = 0;
        if (isHeader) HeaderWritten = true; else RowCount++;
    }

    public void Flush() => _csv.Flush();

    public void Dispose() => _csv.Dispose();

    /// <summary>Counts bytes on their way to the caller's stream and stops at the limit, without buffering.</summary>
    sealed class CountingStream(Stream inner, long limit) : Stream
    {
        public long Count { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        bool _tripped;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            // Once the limit has been reported, the file is failed: the flush that disposing the writer makes
            // must not throw a second time over the first error, nor add bytes past the limit.
            if (_tripped) return;
            if (Count + buffer.Length > limit)
            {
                _tripped = true;
                throw new CsvSizeLimitException(limit);
            }
            inner.Write(buffer);
            Count += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Rows that do not make a rectangular file, or a header out of place.</summary>
public sealed class CsvShapeException(string message) : InvalidOperationException(message);

/// <summary>The CSV file would pass its size limit.</summary>
public sealed class CsvSizeLimitException(long limit) : IOException($"fichier CSV trop volumineux (plus de {limit} octets)")
{
    public long Limit { get; } = limit;
}
