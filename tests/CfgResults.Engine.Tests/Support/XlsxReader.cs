using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CfgResults.Engine.Tests.Support;

/// <summary>
/// A workbook read back with the Open XML SDK (not with the library that wrote it): each cell as the spreadsheet
/// will take it — <see cref="string"/> for text, <see cref="decimal"/> for a number, <see cref="DateTime"/> for a
/// number whose format is a date, null for an empty cell — with the header's style, notes and frozen pane.
/// </summary>
public sealed class XlsxBook
{
    public required IReadOnlyList<object?[]> Rows { get; init; }
    public required IReadOnlyList<string?> NumberFormats { get; init; }  // per cell of the second row (first data row)
    public required bool HeaderBold { get; init; }
    public required bool HeaderFrozen { get; init; }
    public required string? AutoFilter { get; init; }
    public required IReadOnlyDictionary<string, string> Notes { get; init; }
    public required bool HasFormula { get; init; }
    public required string SheetName { get; init; }

    /// <summary>A cell as the French user reads it: `12,5`, `05/06/2018`, the text itself.</summary>
    public static string Shown(object? cell) => cell switch
    {
        null => "",
        decimal d => (d / 1.0000000000000000000000000000m).ToString("0.##", new CultureInfo("fr-FR")),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : t.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture),
        _ => (string)cell,
    };

    public static XlsxBook Read(byte[] bytes)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = doc.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single();
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var styles = workbook.WorkbookStylesPart?.Stylesheet;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        var formats = styles?.NumberingFormats?.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
        var xfs = styles?.CellFormats?.Elements<CellFormat>().ToArray() ?? [];
        var fonts = styles?.Fonts?.Elements<Font>().ToArray() ?? [];

        string? FormatOf(Cell c)
        {
            if (c.StyleIndex is null) return null;
            var xf = xfs[(int)c.StyleIndex.Value];
            var id = xf.NumberFormatId?.Value ?? 0;
            return formats.TryGetValue(id, out var code) ? code : id == 14 ? "dd/mm/yyyy" : id == 0 ? null : id.ToString(CultureInfo.InvariantCulture);
        }

        bool Bold(Cell c) => c.StyleIndex is { } s && xfs[(int)s.Value].FontId is { } f && fonts[(int)f.Value].Bold is not null;

        var rows = new List<object?[]>();
        IReadOnlyList<string?> rowFormats = [];
        var headerBold = true;
        var hasFormula = false;
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = new List<object?>();
            var rowFormat = new List<string?>();
            var index = 0;
            foreach (var c in row.Elements<Cell>())
            {
                var column = c.CellReference is { } r ? ColumnIndex(r.Value!) : index;
                while (cells.Count < column) { cells.Add(null); rowFormat.Add(null); }
                hasFormula |= c.CellFormula is not null;
                var format = FormatOf(c);
                object? value = c.DataType?.Value switch
                {
                    var t when t == CellValues.SharedString => shared[int.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)],
                    var t when t == CellValues.InlineString => c.InlineString!.InnerText,
                    var t when t == CellValues.String => c.CellValue?.Text,
                    var t when t == CellValues.Boolean => c.CellValue!.Text == "1" ? "VRAI" : "FAUX",
                    _ when c.CellValue is null || c.CellValue.Text.Length == 0 => null,
                    _ when format is not null && format.Contains("yy", StringComparison.Ordinal) =>
                        DateTime.FromOADate(double.Parse(c.CellValue.Text, CultureInfo.InvariantCulture)),
                    _ => decimal.Parse(c.CellValue.Text, NumberStyles.Float, CultureInfo.InvariantCulture),
                };
                if (rows.Count == 0) headerBold &= Bold(c);
                cells.Add(value);
                rowFormat.Add(format);
                index = column + 1;
            }
            if (rows.Count == 1) rowFormats = rowFormat;
            rows.Add([.. cells]);
        }
        var pane = part.Worksheet.Descendants<Pane>().FirstOrDefault();
        var notes = new Dictionary<string, string>();
        foreach (var comments in part.WorksheetCommentsPart?.Comments.Descendants<Comment>() ?? [])
            notes[comments.Reference!.Value!] = comments.CommentText!.InnerText;
        return new XlsxBook
        {
            Rows = rows,
            NumberFormats = rowFormats,
            HeaderBold = headerBold && rows.Count > 0,
            HeaderFrozen = pane is { VerticalSplit.Value: 1 } && pane.State?.Value == PaneStateValues.Frozen,
            AutoFilter = part.Worksheet.Descendants<AutoFilter>().FirstOrDefault()?.Reference?.Value,
            Notes = notes,
            HasFormula = hasFormula,
            SheetName = sheet.Name!.Value!,
        };
    }

    static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter)) n = n * 26 + (ch - 'A' + 1);
        return n - 1;
    }
}
