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
public sealed class FrenchCsvWriter : ITableWriter
{
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

    /// <summary>A CSV column is headed by its full libellé.</summary>
    public void WriteHeader(IReadOnlyList<TableColumn> columns) => WriteHeader(columns.Select(c => c.Label));

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
        if (FormulaGuard.IsFrenchNumber(text))
        {
            // "-12,5" typed as text is still a number for whoever reads the file: keep it as one.
            _csv.WriteField(FormulaGuard.ParseFrenchNumber(text), default, French.Culture);
            return;
        }
        if (FormulaGuard.FullWidthFormulaSigns.Contains(text[0])) text = "'" + text;
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

    public void Finish() => Flush();

    public void Dispose() => _csv.Dispose();
}

/// <summary>Rows that do not make a rectangular file, or a header out of place.</summary>
public sealed class CsvShapeException(string message) : InvalidOperationException(message);

/// <summary>The CSV file would pass its size limit.</summary>
public sealed class CsvSizeLimitException(long limit) : IOException($"fichier CSV trop volumineux (plus de {limit} octets)")
{
    public long Limit { get; } = limit;
}
