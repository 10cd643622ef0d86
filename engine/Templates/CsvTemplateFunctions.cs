using System.Numerics;
using CfgResults.Engine.Csv;
using CfgResults.Engine.Templates.Functions;
using Scriban.Runtime;

namespace CfgResults.Engine.Templates;

/// <summary>
/// The CSV template contract, bound to one writer per render:
/// <code>
/// {{ csv_header ["Nom", "Prénom", "Note"] }}
/// {{ for e in eleves; csv_row [e.nom, e.prenom, e.note]; end }}
/// </code>
/// A row whose columns depend on parameters is built cell by cell, without copying arrays:
/// <code>
/// {{ for e in eleves; if parametres.inclure_nom; csv_cell e.nom; end; csv_cells e.notes; csv_end_row; end }}
/// </code>
/// Numbers stay numbers (`12,5`), dates become `05/06/2018`, booleans `Oui`/`Non`, null an empty cell;
/// objects and lists are refused, since a cell is one value.
/// </summary>
internal static class CsvTemplateFunctions
{
    public static ScriptObject Bind(FrenchCsvWriter writer)
    {
        var functions = new ScriptObject();
        functions.Import("csv_header", new Action<ScriptArray>(cells =>
            writer.WriteHeader(cells.Select(c => c switch
            {
                string s => s,
                null => "",
                _ => throw new ArgumentException($"csv_header : intitulé texte attendu, reçu « {DateFunctions.Describe(c)} »"),
            }).ToArray())));
        functions.Import("csv_row", new Action<ScriptArray>(cells =>
        {
            foreach (var cell in cells) WriteCell(writer, cell, "csv_row");
            writer.EndRow();
        }));
        functions.Import("csv_cell", new Action<object?>(cell => WriteCell(writer, cell, "csv_cell")));
        functions.Import("csv_cells", new Action<ScriptArray>(cells =>
        {
            foreach (var cell in cells) WriteCell(writer, cell, "csv_cells");
        }));
        functions.Import("csv_end_row", new Action(writer.EndRow));
        functions.IsReadOnly = true;
        return functions;
    }

    static void WriteCell(FrenchCsvWriter writer, object? cell, string function)
    {
        switch (cell)
        {
            case null: writer.WriteText(null); break;
            case string s: writer.WriteText(s); break;
            case TrustedMarkup m: writer.WriteText(m.Text); break;
            case bool b: writer.WriteBoolean(b); break;
            case DateTime d: writer.WriteDate(d); break;
            case int or long or short or byte or sbyte or ushort or uint: writer.WriteNumber(Convert.ToInt64(cell)); break;
            case decimal m: writer.WriteNumber(m); break;
            case double or float: writer.WriteNumber(Convert.ToDouble(cell)); break;
            case BigInteger or ulong when NumberFunctions.ToDecimal(cell) is { } d: writer.WriteNumber(d); break;
            default: throw new ArgumentException($"{function} : une cellule contient une seule valeur, reçu « {DateFunctions.Describe(cell)} »");
        }
    }
}

/// <summary>
/// Text output of a CSV render: whitespace between `{{ }}` blocks is dropped, anything else stops the render
/// (a forgotten `csv_row` would otherwise vanish silently).
/// </summary>
internal sealed class CsvTextGuardOutput : IScriptOutput
{
    public void Write(string text, int offset, int count)
    {
        for (var i = offset; i < offset + count; i++)
            if (!char.IsWhiteSpace(text[i])) throw new CsvTextOutputException();
    }

    public ValueTask WriteAsync(string text, int offset, int count, CancellationToken cancellationToken)
    {
        Write(text, offset, count);
        return ValueTask.CompletedTask;
    }
}

internal sealed class CsvTextOutputException() : InvalidOperationException(TemplateErrorCodes.CsvTextOutputMessage);
