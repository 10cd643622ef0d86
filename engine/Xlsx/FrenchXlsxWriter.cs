using System.Globalization;
using CfgResults.Engine.Csv;
using CfgResults.Engine.Domain;
using SpreadCheetah;
using SpreadCheetah.Metadata;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace CfgResults.Engine.Xlsx;

/// <summary>
/// A workbook for French spreadsheet users, streamed row by row with SpreadCheetah (memory flat whatever the number
/// of rows), fed by the same table template as the CSV (<see cref="ITableWriter"/>):
/// <list type="bullet">
/// <item>text stays text: `01843006787` keeps its leading zero; an 8-digit-or-longer run of digits is an identifier
/// (numéro candidat, INE) and stays text too;</item>
/// <item>a plain French number of up to <see cref="MaxNumberDigits"/> integer digits (`12,5`, `AB` is not one)
/// becomes a number, shown by the spreadsheet with a decimal comma in a French locale;</item>
/// <item>dates are dates (`05/06/2018`, `01/07/2019 08:00`), booleans `Oui`/`Non`;</item>
/// <item>a bold header row, frozen and filterable; an épreuve's column is headed « Français /30 » and carries its
/// full libellé as the cell's note;</item>
/// <item>formula injection neutralised as in the CSV (<see cref="FormulaGuard"/>), size limited as the CSV, and the
/// sheet's limits (1,048,576 rows, 32,767 characters a cell) refused with a clear message rather than cut.</item>
/// </list>
/// SpreadCheetah is asynchronous; templates call the writer synchronously: the output is wrapped in a stream whose
/// writes complete at once, so the writer's tasks complete at once too.
/// </summary>
public sealed class FrenchXlsxWriter : ITableWriter
{
    /// <summary>Grades, totals and counts have far fewer digits; anything longer is an identifier.</summary>
    public const int MaxNumberDigits = 7;

    public const int MaxRows = 1_048_576;
    public const int MaxColumns = 16_384;
    public const int MaxCellText = 32_767;

    readonly CountingStream _output;
    readonly Spreadsheet _sheet;
    readonly string _sheetName;
    readonly StyleId _header;
    readonly StyleId _date;
    readonly StyleId _dateTime;
    readonly List<Cell> _row = [];
    int? _columns;
    bool _started;
    bool _finished;

    /// <param name="output">Left open; the caller owns it.</param>
    /// <param name="byteLimit">Above this size (compressed) the writer throws <see cref="CsvSizeLimitException"/>.</param>
    /// <param name="title">The workbook's title; its first 31 characters name the sheet.</param>
    public FrenchXlsxWriter(Stream output, long byteLimit = long.MaxValue, string title = "Données")
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = new CountingStream(output, byteLimit);
        _sheetName = SheetName(title);
        var options = new SpreadCheetahOptions
        {
            DefaultDateTimeFormat = NumberFormat.Custom("dd/mm/yyyy"),
            DocumentProperties = new DocumentProperties { Title = title, Author = "CfgResults" },
        };
        _sheet = Wait(Spreadsheet.CreateNewAsync(_output, options));
        _header = _sheet.AddStyle(new Style { Font = { Bold = true }, Fill = { Color = System.Drawing.Color.FromArgb(0xE8, 0xEE, 0xF4) } });
        _date = _sheet.AddStyle(new Style { Format = NumberFormat.Custom("dd/mm/yyyy") });
        _dateTime = _sheet.AddStyle(new Style { Format = NumberFormat.Custom("dd/mm/yyyy hh:mm") });
    }

    public long RowCount { get; private set; }

    public int PendingCells => _row.Count;

    public bool HeaderWritten { get; private set; }

    public long BytesWritten => _output.Count;

    public void WriteHeader(IReadOnlyList<TableColumn> columns)
    {
        if (HeaderWritten) throw new CsvShapeException("l'en-tête est déjà écrit");
        if (RowCount > 0 || _row.Count > 0) throw new CsvShapeException("l'en-tête doit précéder les lignes");
        if (columns.Count == 0) throw new CsvShapeException("ligne vide");
        if (columns.Count > MaxColumns) throw new CsvShapeException($"{columns.Count} colonnes : un classeur en contient au plus {MaxColumns}");
        var shown = columns.Select(HeaderText).ToArray();
        var options = new WorksheetOptions
        {
            FrozenRows = 1,
            AutoFilter = new AutoFilterOptions($"A1:{SpreadsheetUtility.GetColumnName(columns.Count)}1"),
        };
        for (var i = 0; i < shown.Length; i++)
            options.Column(i + 1).Width = Math.Clamp(shown[i].Length + 4, 10, 40);
        Wait(_sheet.StartWorksheetAsync(_sheetName, options));
        _started = true;
        foreach (var text in shown) _row.Add(new Cell(FormulaGuard.Neutralise(Checked(text)), _header));
        _columns = columns.Count;
        Wait(_sheet.AddRowAsync(_row));
        _row.Clear();
        // The full libellé, too long for a column head, is the head's note (shown on hover, read by screen readers).
        for (var i = 0; i < columns.Count; i++)
            if (!string.Equals(shown[i], columns[i].Label, StringComparison.Ordinal) && columns[i].Label.Length > 0)
                _sheet.AddNote($"{SpreadsheetUtility.GetColumnName(i + 1)}1", columns[i].Label);
        HeaderWritten = true;
    }

    /// <summary>« Français /30 »: the short libellé (or the libellé) and the barème when there is one.</summary>
    public static string HeaderText(TableColumn column)
    {
        var name = string.IsNullOrWhiteSpace(column.ShortLabel) ? column.Label : column.ShortLabel.Trim();
        return column.MaxPoints is { } max ? $"{name} /{max.ToString("0.##", French.Culture)}" : name;
    }

    public void WriteText(string? text)
    {
        if (string.IsNullOrEmpty(text)) { Add(new Cell((string?)null)); return; }
        if (FormulaGuard.IsFrenchNumber(text) && IntegerDigits(text) <= MaxNumberDigits)
        {
            Add(new Cell(FormulaGuard.ParseFrenchNumber(text)));
            return;
        }
        Add(new Cell(FormulaGuard.Neutralise(Checked(text))));
    }

    public void WriteNumber(decimal value) => Add(new Cell(value));

    public void WriteNumber(long value) => Add(new Cell(value));

    public void WriteNumber(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException("nombre non représentable dans un classeur");
        Add(new Cell(value));
    }

    /// <summary>A date cell shown `05/06/2018`, or `05/06/2018 08:00` when the time is not midnight.</summary>
    public void WriteDate(DateTime value) => Add(new Cell(value, value.TimeOfDay == TimeSpan.Zero ? _date : _dateTime));

    public void WriteBoolean(bool value) => Add(new Cell(value ? "Oui" : "Non"));

    public void EndRow()
    {
        if (_row.Count == 0) throw new CsvShapeException("ligne vide");
        if (_columns is { } expected && _row.Count != expected)
            throw new CsvShapeException($"ligne de {_row.Count} cellules alors que la première en a {expected}");
        if (RowCount + (HeaderWritten ? 1 : 0) >= MaxRows)
            throw new CsvShapeException($"plus de {MaxRows.ToString("N0", French.Culture)} lignes : c'est la limite d'une feuille de classeur");
        if (!_started)
        {
            Wait(_sheet.StartWorksheetAsync(_sheetName));
            _started = true;
        }
        _columns ??= _row.Count;
        Wait(_sheet.AddRowAsync(_row));
        _row.Clear();
        RowCount++;
    }

    public void Finish()
    {
        if (_finished) return;
        if (!_started) Wait(_sheet.StartWorksheetAsync(_sheetName));
        _started = true;
        Wait(_sheet.FinishAsync());
        _finished = true;
        _output.Flush();
    }

    public void Dispose() => _sheet.Dispose();

    void Add(Cell cell)
    {
        if (_row.Count >= MaxColumns) throw new CsvShapeException($"plus de {MaxColumns} cellules sur une ligne : c'est la limite d'une feuille de classeur");
        _row.Add(cell);
    }

    static string Checked(string text) =>
        text.Length < MaxCellText ? text : throw new ArgumentException($"texte de {text.Length} caractères : une cellule de classeur en contient au plus {MaxCellText - 1}");

    static int IntegerDigits(string text)
    {
        var start = text.StartsWith('-') ? 1 : 0;
        var comma = text.IndexOf(',');
        return (comma < 0 ? text.Length : comma) - start;
    }

    /// <summary>A sheet name has at most 31 characters and none of `[ ] : * ? / \`.</summary>
    static string SheetName(string title)
    {
        var chars = title.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\') && !char.IsControl(c)).ToArray();
        var name = new string(chars).Trim().Trim('\'');
        if (name.Length > 31) name = name[..31].TrimEnd();
        return name.Length == 0 ? "Données" : name;
    }

    static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully) task.AsTask().GetAwaiter().GetResult();
    }

    static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
}
