namespace CfgResults.Engine.Csv;

/// <summary>
/// A column of a table output, as the template names it in `csv_header`: a text, or an épreuve (`e`), whose full
/// libellé heads a CSV column and whose short libellé and barème head a spreadsheet column (« Français /30 »).
/// </summary>
public sealed record TableColumn(string Label, string? ShortLabel = null, decimal? MaxPoints = null);

/// <summary>
/// Where a table template's rows go, cell by cell (<c>CsvTemplateFunctions</c>): a CSV for French Excel
/// (<see cref="FrenchCsvWriter"/>) or a streamed workbook (<c>Xlsx.FrenchXlsxWriter</c>). The same template, so
/// the same columns, drives both. Rows must all have the header's number of cells.
/// </summary>
public interface ITableWriter : IDisposable
{
    /// <summary>Data rows finished so far (the header is not counted).</summary>
    long RowCount { get; }

    /// <summary>Cells written since the last row ended (a row being built cell by cell).</summary>
    int PendingCells { get; }

    /// <summary>Writes the header row; only before any data row, and once.</summary>
    void WriteHeader(IReadOnlyList<TableColumn> columns);

    /// <summary>Text cell, neutralised when it could be read as a formula; a plain French number (`12,5`) stays a number.</summary>
    void WriteText(string? text);

    void WriteNumber(decimal value);

    void WriteNumber(long value);

    void WriteNumber(double value);

    void WriteDate(DateTime value);

    void WriteBoolean(bool value);

    /// <summary>Ends a data row.</summary>
    void EndRow();

    /// <summary>Completes the output (a workbook is only readable once finished).</summary>
    void Finish();
}
