using System.Globalization;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Import;

/// <summary>Collects import errors, in file order, at most a given number per file.</summary>
internal sealed class ErrorLog(int maxPerFile)
{
    readonly List<ImportError> _errors = [];
    readonly Dictionary<string, int> _perFile = [];

    public int Count => _errors.Count;

    public void Add(ImportErrorCode code, string file, int line, string? column, string? value, string message)
    {
        var n = _perFile.GetValueOrDefault(file) + 1;
        _perFile[file] = n;
        if (n <= maxPerFile) _errors.Add(new ImportError(file, line, column, value, message) { Code = code });
    }

    /// <summary>Every error, by file (in reading order) then line; a closing line per file says how many were not detailed.</summary>
    public IReadOnlyList<ImportError> Finish()
    {
        foreach (var (file, n) in _perFile)
            if (n > maxPerFile)
                _errors.Add(new ImportError(file, int.MaxValue, null, null, ImportMessages.TooManyErrors(n - maxPerFile)) { Code = ImportErrorCode.TooManyErrors });
        return _errors
            .OrderBy(e => Array.IndexOf(InterchangeFormat.Files, e.File) is var i && i < 0 ? int.MaxValue : i)
            .ThenBy(e => e.Line)
            .Select(e => e.Line == int.MaxValue ? e with { Line = 0 } : e)
            .ToArray();
    }
}

/// <summary>An enumeration's French spellings: exact canonical spelling first (fast), then the lenient match of <see cref="French"/>.</summary>
internal sealed class EnumTable<T> where T : struct, Enum
{
    public delegate bool Parser(string text, out T value);

    readonly (string Name, T Value)[] _entries;
    readonly Parser _parse;

    public EnumTable(Parser parse)
    {
        _parse = parse;
        Names = French.Names<T>();
        _entries = Names.Select(n => parse(n, out var v) ? (n, v) : throw new InvalidOperationException(n)).ToArray();
    }

    public IReadOnlyList<string> Names { get; }

    public bool TryParse(ReadOnlySpan<char> text, out T value)
    {
        foreach (var (name, v) in _entries)
            if (text.SequenceEqual(name)) { value = v; return true; }
        return _parse(text.ToString(), out value);
    }
}

/// <summary>
/// One interchange file read row by row against its columns: maps the header (any order), reports
/// unknown, missing and duplicate columns, quoting and field-count problems, and parses values with
/// an error carrying the file, physical line and column name. A row with any error is not <see cref="RowOk"/>.
/// </summary>
internal sealed class TableReader
{
    readonly CsvRecordReader _csv;
    readonly ErrorLog _log;
    readonly ColumnSpec[] _columns;
    readonly int[] _map;
    string[] _header = [];

    TableReader(string file, CsvRecordReader csv, ColumnSpec[] columns, ErrorLog log)
    {
        File = file;
        _csv = csv;
        _columns = columns;
        _log = log;
        _map = new int[columns.Length];
    }

    public string File { get; }

    public int Line => _csv.Line;

    /// <summary>False once the current row has an error: it gives no record.</summary>
    public bool RowOk { get; private set; }

    /// <summary>Every required column is in the header, so every key column was read.</summary>
    public bool HeaderComplete { get; private set; } = true;

    /// <summary>An unclosed quote swallowed the end of the file: its keys are incomplete and not checked against.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Reads and checks the header; null when the file has no header at all (reported).</summary>
    public static TableReader? Open(string file, CsvRecordReader csv, ColumnSpec[] columns, ErrorLog log)
    {
        var t = new TableReader(file, csv, columns, log);
        if (!csv.Read())
        {
            log.Add(ImportErrorCode.EmptyFile, file, 1, null, null, ImportMessages.EmptyFile);
            return null;
        }
        t.MapHeader();
        return t;
    }

    void MapHeader()
    {
        Array.Fill(_map, -1);
        _header = new string[_csv.FieldCount];
        for (var i = 0; i < _csv.FieldCount; i++)
        {
            // The BOM is kept by the strict decoder (see SessionFolderReader) and dropped here.
            var name = _csv[i].Trim().TrimStart('\uFEFF').Trim().ToString();
            _header[i] = name;
            var col = Array.FindIndex(_columns, c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (col < 0)
                _log.Add(ImportErrorCode.UnknownColumn, File, _csv.Line, name, name, ImportMessages.UnknownColumn(name, _columns.Select(c => c.Name)));
            else if (_map[col] >= 0)
                _log.Add(ImportErrorCode.DuplicateColumn, File, _csv.Line, name, name, ImportMessages.DuplicateColumn(name));
            else
                _map[col] = i;
        }
        ReportSyntax();
        for (var c = 0; c < _columns.Length; c++)
            if (_map[c] < 0 && _columns[c].Required)
            {
                HeaderComplete = false;
                _log.Add(ImportErrorCode.MissingColumn, File, _csv.Line, _columns[c].Name, null, ImportMessages.MissingColumn(_columns[c].Name));
            }
    }

    /// <summary>Next data row; false at the end. A row cut by an unclosed quote is reported and skipped.</summary>
    public bool Next()
    {
        while (_csv.Read())
        {
            RowOk = true;
            // A row cut by a runaway quote, or too long to be kept, gives nothing else to check.
            if (ReportSyntax() is CsvSyntaxProblemKind.UnclosedQuote or CsvSyntaxProblemKind.FieldTooLong
                or CsvSyntaxProblemKind.RecordTooLong or CsvSyntaxProblemKind.TooManyFields) continue;
            if (_csv.FieldCount < _header.Length)
            {
                Fail(ImportErrorCode.FieldCount, _header[_csv.FieldCount], null, ImportMessages.MissingFields(_csv.FieldCount, _header.Length));
            }
            else if (_csv.FieldCount > _header.Length)
            {
                // Trailing empty fields (a stray « ; » at the end of a line) carry nothing and are let through.
                for (var i = _header.Length; i < _csv.FieldCount; i++)
                    if (!_csv[i].IsEmpty)
                    {
                        Fail(ImportErrorCode.FieldCount, null, null, ImportMessages.ExtraFields(_csv.FieldCount, _header.Length));
                        break;
                    }
            }
            return true;
        }
        return false;
    }

    CsvSyntaxProblemKind? ReportSyntax()
    {
        if (_csv.Problem is not { } p) return null;
        var column = p.FieldIndex < _header.Length ? _header[p.FieldIndex] : null;
        var value = Shorten(_csv[p.FieldIndex].ToString());
        if (p.Kind == CsvSyntaxProblemKind.UnclosedQuote)
        {
            Truncated = true;
            _log.Add(ImportErrorCode.UnclosedQuote, File, p.Line, column, value, ImportMessages.UnclosedQuote);
        }
        else if (p.Kind == CsvSyntaxProblemKind.FieldTooLong)
            _log.Add(ImportErrorCode.FieldTooLong, File, p.Line, column, value, ImportMessages.FieldTooLong(CsvRecordReader.MaxFieldLength));
        else if (p.Kind == CsvSyntaxProblemKind.RecordTooLong)
            _log.Add(ImportErrorCode.RecordTooLong, File, p.Line, column, value, ImportMessages.RecordTooLong(CsvRecordReader.MaxRecordLength));
        else if (p.Kind == CsvSyntaxProblemKind.TooManyFields)
            _log.Add(ImportErrorCode.RecordTooLong, File, p.Line, null, null, ImportMessages.TooManyFields(CsvRecordReader.MaxFields));
        else
            _log.Add(ImportErrorCode.TextAfterClosingQuote, File, p.Line, column, value, ImportMessages.TextAfterClosingQuote(value));
        RowOk = false;
        return p.Kind;
    }

    static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "…";

    /// <summary>Records an error on the current row.</summary>
    public void Fail(ImportErrorCode code, string? column, string? value, string message)
    {
        RowOk = false;
        _log.Add(code, File, _csv.Line, column, value, message);
    }

    public void Fail(ImportErrorCode code, int col, ReadOnlySpan<char> value, string message) =>
        Fail(code, _columns[col].Name, value.ToString(), message);

    public string Name(int col) => _columns[col].Name;

    /// <summary>
    /// The raw (trimmed unless quoted) value, or false when the column is not there: missing from the
    /// header (reported once at line 1, and fatal to the row if required) or cut short (reported).
    /// </summary>
    public bool TryRaw(int col, out ReadOnlySpan<char> value)
    {
        var i = _map[col];
        if (i >= 0 && i < _csv.FieldCount)
        {
            value = _csv[i];
            return true;
        }
        if (_columns[col].Required || i >= 0) RowOk = false;
        value = default;
        return false;
    }

    /// <summary>The raw value of a required column, or false (reported) when empty.</summary>
    public bool TryRequired(int col, out ReadOnlySpan<char> value)
    {
        if (!TryRaw(col, out value)) return false;
        if (value.IsWhiteSpace())
        {
            Fail(ImportErrorCode.RequiredValue, col, value, ImportMessages.RequiredValue);
            return false;
        }
        return true;
    }

    public string? Text(int col) => TryRequired(col, out var v) ? v.ToString() : null;

    public string? OptionalText(int col) => TryRaw(col, out var v) && !v.IsWhiteSpace() ? v.ToString() : null;

    /// <summary>Exactly <paramref name="count"/> ASCII digits (numéro candidat, numéro d'inscription, version).</summary>
    public string? Digits(int col, int count)
    {
        if (!TryRequired(col, out var v)) return null;
        if (v.Length != count || v.ContainsAnyExceptInRange('0', '9'))
        {
            Fail(ImportErrorCode.InvalidFormat, col, v, ImportMessages.Digits(v.ToString(), count));
            return null;
        }
        return v.ToString();
    }

    public bool? Bool(int col)
    {
        if (!TryRequired(col, out var v)) return null;
        if (v.Equals("O", StringComparison.OrdinalIgnoreCase) || v.Equals("oui", StringComparison.OrdinalIgnoreCase)) return true;
        if (v.Equals("N", StringComparison.OrdinalIgnoreCase) || v.Equals("non", StringComparison.OrdinalIgnoreCase)) return false;
        Fail(ImportErrorCode.InvalidBoolean, col, v, ImportMessages.InvalidBoolean(v.ToString()));
        return null;
    }

    public DateOnly? Date(int col)
    {
        if (!TryRequired(col, out var v)) return null;
        if (DateOnly.TryParseExact(v, InterchangeFormat.DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        Fail(ImportErrorCode.InvalidDate, col, v, ImportMessages.InvalidDate(v.ToString()));
        return null;
    }

    public DateTime? DateTime(int col)
    {
        if (!TryRequired(col, out var v)) return null;
        if (System.DateTime.TryParseExact(v, InterchangeFormat.DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        Fail(ImportErrorCode.InvalidDateTime, col, v, ImportMessages.InvalidDateTime(v.ToString()));
        return null;
    }

    public int? Int(int col)
    {
        if (!TryRequired(col, out var v)) return null;
        if (int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
        Fail(ImportErrorCode.InvalidInteger, col, v, ImportMessages.InvalidInteger(v.ToString()));
        return null;
    }

    /// <summary>A decimal with comma or point and at most 2 decimals; errors reported.</summary>
    public decimal? Decimal(int col)
    {
        if (!TryRequired(col, out var v)) return null;
        switch (DecimalText.TryParse(v, out var d))
        {
            case DecimalText.Outcome.Ok:
                return d;
            case DecimalText.Outcome.TooManyDecimals:
                Fail(ImportErrorCode.TooManyDecimals, col, v, ImportMessages.TooManyDecimals(v.ToString()));
                return null;
            default:
                Fail(ImportErrorCode.InvalidDecimal, col, v, ImportMessages.InvalidDecimal(v.ToString()));
                return null;
        }
    }

    public T? Enum<T>(int col, EnumTable<T> table, bool optional = false) where T : struct, Enum
    {
        if (optional)
        {
            if (!TryRaw(col, out var o) || o.IsWhiteSpace()) return null;
        }
        if (!TryRequired(col, out var v)) return null;
        if (table.TryParse(v, out var value)) return value;
        Fail(ImportErrorCode.InvalidEnum, col, v, ImportMessages.InvalidEnum(v.ToString(), table.Names));
        return null;
    }
}

/// <summary>Decimal text of the interchange format: optional sign, digits, then comma or point and 1–2 digits.</summary>
internal static class DecimalText
{
    public enum Outcome { Ok, Invalid, TooManyDecimals }

    public static Outcome TryParse(ReadOnlySpan<char> s, out decimal value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < s.Length && s[i] is '-' or '+') { negative = s[i] == '-'; i++; }
        long mantissa = 0;
        var intDigits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            if (++intDigits > 15) return Outcome.Invalid;
            mantissa = mantissa * 10 + (s[i++] - '0');
        }
        if (intDigits == 0) return Outcome.Invalid;
        byte scale = 0;
        if (i < s.Length && s[i] is ',' or '.')
        {
            i++;
            var fracDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                fracDigits++;
                if (fracDigits <= 2) mantissa = mantissa * 10 + (s[i] - '0');
                i++;
            }
            if (fracDigits == 0 || i != s.Length) return Outcome.Invalid;
            if (fracDigits > 2) return Outcome.TooManyDecimals;
            scale = (byte)fracDigits;
        }
        if (i != s.Length) return Outcome.Invalid;
        value = new decimal((int)(mantissa & 0xFFFFFFFF), (int)(mantissa >> 32), 0, negative, scale);
        return Outcome.Ok;
    }
}
