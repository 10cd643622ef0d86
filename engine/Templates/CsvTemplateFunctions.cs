using System.Numerics;
using CfgResults.Engine.Csv;
using CfgResults.Engine.Templates.Functions;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

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
/// objects and lists are refused, since a cell is one value. A header names a column by a text or by an épreuve
/// (`csv_header ["Nom", e]`): a CSV shows its libellé, a workbook its short libellé and barème (« Français /30 »).
/// The same functions write a workbook (render.xlsx): the writer behind them is any <see cref="ITableWriter"/>.
/// </summary>
internal static class CsvTemplateFunctions
{
    public static ScriptObject Bind(ITableWriter writer)
    {
        var functions = new ScriptObject();
        functions.SetValue("csv_header", new CsvFunction(1, args =>
            writer.WriteHeader(Cells(args[0], "csv_header").Select(Column).ToArray())), readOnly: true);
        functions.SetValue("csv_row", new CsvFunction(1, args =>
        {
            foreach (var cell in Cells(args[0], "csv_row")) WriteCell(writer, cell, "csv_row");
            writer.EndRow();
        }), readOnly: true);
        functions.SetValue("csv_cell", new CsvFunction(1, args => WriteCell(writer, args[0], "csv_cell")), readOnly: true);
        functions.SetValue("csv_cells", new CsvFunction(1, args =>
        {
            foreach (var cell in Cells(args[0], "csv_cells")) WriteCell(writer, cell, "csv_cells");
        }), readOnly: true);
        functions.SetValue("csv_end_row", new CsvFunction(0, _ => writer.EndRow()), readOnly: true);
        functions.IsReadOnly = true;
        return functions;
    }

    /// <summary>A header cell: a text, or an épreuve of the model (`libelle`, `libelle_court`, `bareme`).</summary>
    static TableColumn Column(object? cell) => cell switch
    {
        string s => new TableColumn(s),
        null => new TableColumn(""),
        ScriptObject o when o.TryGetValue("libelle", out var label) && label is string text =>
            new TableColumn(text, o.TryGetValue("libelle_court", out var shortLabel) ? shortLabel as string : null,
                o.TryGetValue("bareme", out var max) ? NumberFunctions.ToDecimal(max) : null),
        _ => throw new ArgumentException($"csv_header : intitulé texte ou épreuve attendu, reçu « {DateFunctions.Describe(cell)} »"),
    };

    static ScriptArray Cells(object? value, string function) =>
        value as ScriptArray ?? throw new ArgumentException($"{function} : une liste de cellules entre crochets est attendue, reçu « {(value is null ? "rien" : DateFunctions.Describe(value))} »");

    static void WriteCell(ITableWriter writer, object? cell, string function)
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

/// <summary>
/// A CSV function called directly by Scriban (one per cell on a big extraction): no reflection over a delegate, no
/// argument conversion. An argument error or a broken row shape stops the render at the call's place.
/// </summary>
internal sealed class CsvFunction(int parameterCount, Action<ScriptArray> body) : IScriptCustomFunction
{
    public int RequiredParameterCount => parameterCount;
    public int ParameterCount => parameterCount;
    public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;
    public Type ReturnType => typeof(void);

    public ScriptParameterInfo GetParameterInfo(int index) => new(typeof(object), "valeur");

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray parameters, ScriptBlockStatement? blockStatement)
    {
        // Scriban has checked the number of arguments against ParameterCount before calling.
        var span = callerContext?.Span ?? default;
        try
        {
            body(parameters);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or CsvSizeLimitException)
        {
            throw new ScriptRuntimeException(span, e.Message, e);
        }
        return null;
    }

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray parameters, ScriptBlockStatement? blockStatement) =>
        ValueTask.FromResult(Invoke(context, callerContext, parameters, blockStatement));
}
