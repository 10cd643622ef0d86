namespace CfgResults.Engine.Import;

internal enum CsvSyntaxProblemKind { UnclosedQuote, TextAfterClosingQuote, FieldTooLong, RecordTooLong, TooManyFields }

/// <summary>A quoting problem in a record: where it is (physical line, 0-based field index).</summary>
internal readonly record struct CsvSyntaxProblem(CsvSyntaxProblemKind Kind, int Line, int FieldIndex);

/// <summary>
/// A small RFC 4180 record splitter for <c>;</c>-separated text that keeps physical line numbers
/// (a quoted field may span lines) and hands out fields as spans, so that a million-row notes.csv
/// costs no string per field. Unquoted fields are trimmed of spaces and tabs; quoted fields are kept
/// verbatim, which is how the writer preserves significant blanks. CRLF, LF and lone CR end a line.
/// Memory is bounded whatever the input (SECURITY.md row 7): a field longer than <see cref="MaxFieldLength"/>,
/// a record longer than <see cref="MaxRecordLength"/> or with more than <see cref="MaxFields"/> fields is read
/// to its end without being kept, and reported as the record's problem with its line and field.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    /// <summary>Characters of one value: the longest real value (a school's name) is about a hundred.</summary>
    public const int MaxFieldLength = 4 * 1024;

    /// <summary>Characters of one record (all its fields).</summary>
    public const int MaxRecordLength = 64 * 1024;

    /// <summary>Fields of one record: the widest file has about fifteen columns.</summary>
    public const int MaxFields = 256;

    const int BufferSize = 1 << 16;
    const char Separator = ';';

    readonly char[] _buffer = new char[BufferSize];
    int _pos, _len;
    bool _eof;

    char[] _record = new char[512];
    int _recordLength;
    int[] _starts = new int[32], _ends = new int[32];
    bool[] _quoted = new bool[32];
    int _line = 1;

    /// <summary>Physical line (1-based) where the current record starts.</summary>
    public int Line { get; private set; }

    public int FieldCount { get; private set; }

    /// <summary>The first quoting problem of the current record, if any.</summary>
    public CsvSyntaxProblem? Problem { get; private set; }

    public ReadOnlySpan<char> this[int index] => _record.AsSpan(_starts[index], _ends[index] - _starts[index]);

    public bool WasQuoted(int index) => _quoted[index];

    /// <summary>Reads the next record, skipping records whose fields are all empty and unquoted (blank lines, <c>;;;</c>).</summary>
    public bool Read()
    {
        while (true)
        {
            if (Peek() == -1) return false;
            ReadRecord();
            if (!IsBlank()) return true;
        }
    }

    bool IsBlank()
    {
        if (Problem is not null) return false;
        for (var i = 0; i < FieldCount; i++)
            if (_quoted[i] || _ends[i] != _starts[i]) return false;
        return true;
    }

    void ReadRecord()
    {
        _recordLength = 0;
        FieldCount = 0;
        Problem = null;
        Line = _line;
        while (true)
        {
            var start = _recordLength;
            _fieldStart = start;
            var quoted = false;
            var c = Next();
            while (c is ' ' or '\t') c = Next();
            if (c == '"')
            {
                quoted = true;
                var quoteLine = _line;
                while (true)
                {
                    c = Next();
                    if (c == -1)
                    {
                        Problem ??= new(CsvSyntaxProblemKind.UnclosedQuote, quoteLine, FieldCount);
                        EndField(start, quoted);
                        return;
                    }
                    if (c == '"')
                    {
                        if (Peek() == '"') { Next(); Append('"'); continue; }
                        break;
                    }
                    if (c == '\n' || (c == '\r' && Peek() != '\n')) _line++;
                    Append((char)c);
                }
                c = Next();
                while (c is ' ' or '\t') c = Next();
                if (c is not (Separator or '\r' or '\n' or -1))
                {
                    // Keep what follows so the value in the error message shows the whole field.
                    Problem ??= new(CsvSyntaxProblemKind.TextAfterClosingQuote, _line, FieldCount);
                    while (c is not (Separator or '\r' or '\n' or -1)) { Append((char)c); c = Next(); }
                }
            }
            else
            {
                while (c is not (Separator or '\r' or '\n' or -1)) { Append((char)c); c = Next(); }
            }
            EndField(start, quoted);
            if (c == Separator) continue;
            if (c == '\r' && Peek() == '\n') Next();
            if (c != -1) _line++;
            return;
        }
    }

    void EndField(int start, bool quoted)
    {
        if (FieldCount == MaxFields)
        {
            Problem ??= new(CsvSyntaxProblemKind.TooManyFields, _line, MaxFields - 1);
            _recordLength = start; // the extra field is not kept
            return;
        }
        var end = _recordLength;
        if (!quoted)
            while (end > start && _record[end - 1] is ' ' or '\t') end--;
        if (FieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, FieldCount * 2);
            Array.Resize(ref _ends, FieldCount * 2);
            Array.Resize(ref _quoted, FieldCount * 2);
        }
        _starts[FieldCount] = start;
        _ends[FieldCount] = end;
        _quoted[FieldCount] = quoted;
        FieldCount++;
    }

    int _fieldStart;

    void Append(char c)
    {
        if (_recordLength - _fieldStart >= MaxFieldLength)
        {
            Problem ??= new(CsvSyntaxProblemKind.FieldTooLong, _line, FieldCount);
            return;
        }
        if (_recordLength >= MaxRecordLength)
        {
            Problem ??= new(CsvSyntaxProblemKind.RecordTooLong, _line, FieldCount);
            return;
        }
        if (_recordLength == _record.Length) Array.Resize(ref _record, _record.Length * 2);
        _record[_recordLength++] = c;
    }

    int Peek()
    {
        if (_pos == _len && !Fill()) return -1;
        return _buffer[_pos];
    }

    int Next()
    {
        if (_pos == _len && !Fill()) return -1;
        return _buffer[_pos++];
    }

    bool Fill()
    {
        if (_eof) return false;
        _len = reader.Read(_buffer, 0, BufferSize);
        _pos = 0;
        if (_len == 0) { _eof = true; return false; }
        return true;
    }
}
