using System.Collections;
using Scriban.Runtime;

namespace CfgResults.Engine.Templates;

/// <summary>
/// Turns the runner's model into plain Scriban data, so that no .NET object graph reaches a template
/// (SECURITY.md row 5). Admitted: dictionaries with string keys (→ <see cref="ScriptObject"/>), sequences
/// (→ <see cref="ScriptArray"/>), <see cref="TemplateRows"/> (streamed once), string, bool, integers, decimal,
/// double, float, <see cref="DateTime"/> and null. A <see cref="DateOnly"/> becomes a <see cref="DateTime"/> at
/// midnight (kind unspecified), so `format_date` and `d.year` work the same on both. Anything else (enums,
/// DateTimeOffset, records, Guid…) is refused with <see cref="TemplateModelException"/>: the runner formats it first.
/// </summary>
public static class TemplateModel
{
    /// <summary>Deeper models are refused: it also stops a model that contains itself.</summary>
    public const int MaxDepth = 32;

    public static ScriptObject ToScriptObject(IReadOnlyDictionary<string, object?> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = new ScriptObject(model.Count);
        foreach (var (key, value) in model) result[key] = Convert(value, key, 1);
        return result;
    }

    /// <summary>Converts one value by the rules above; <paramref name="path"/> names it in errors.</summary>
    public static object? Convert(object? value, string path, int depth = 0)
    {
        try
        {
            return ConvertCore(value, depth);
        }
        catch (ModelFault fault)
        {
            throw new TemplateModelException(fault.PathFrom(path), fault.Message);
        }
    }

    /// <summary>Converts row <paramref name="index"/> of the sequence <paramref name="name"/>, as <see cref="Convert"/>.</summary>
    internal static object? ConvertRow(object? row, string name, int index)
    {
        try
        {
            return ConvertCore(row, 1);
        }
        catch (ModelFault fault)
        {
            throw new TemplateModelException(fault.PathFrom($"{name}[{index}]"), fault.Message);
        }
    }

    /// <summary>
    /// The conversion itself. The path of a refused value is only built when one is refused (each level adds
    /// its key while the fault unwinds), so a million rows do not pay for a string per key.
    /// </summary>
    static object? ConvertCore(object? value, int depth)
    {
        if (depth > MaxDepth) throw new ModelFault($"modèle trop profond (plus de {MaxDepth} niveaux)");
        switch (value)
        {
            case null: return null;
            case string or bool or int or long or decimal or double or float or short or byte or sbyte or ushort or uint: return value;
            case DateTime: return value;
            case DateOnly d: return d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            case TemplateRows rows: return rows;
            case PlainObject plain: return plain.Seal() ?? throw new ModelFault("objet déjà placé ailleurs dans le modèle");
            case IEnumerable<KeyValuePair<string, object?>> dictionary:
                {
                    var o = dictionary is ICollection<KeyValuePair<string, object?>> sized ? new ScriptObject(sized.Count) : new ScriptObject();
                    foreach (var (k, v) in dictionary)
                    {
                        if (k is null) throw new ModelFault("clé nulle dans le modèle");
                        o[k] = ConvertChild(v, depth, k);
                    }
                    return o;
                }
            case IDictionary dictionary:
                {
                    var o = new ScriptObject(dictionary.Count);
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (entry.Key is not string k) throw new ModelFault("clé non textuelle dans le modèle");
                        o[k] = ConvertChild(entry.Value, depth, k);
                    }
                    return o;
                }
            case IEnumerable sequence:
                {
                    var a = sequence is ICollection sized ? new ScriptArray(sized.Count) : new ScriptArray();
                    var i = 0;
                    foreach (var item in sequence) a.Add(ConvertChild(item, depth, i++));
                    return a;
                }
            default:
                throw new ModelFault($"type non admis dans le modèle : {value.GetType().Name}");
        }
    }

    /// <summary>Converts the value of member <paramref name="key"/> of a <see cref="PlainObject"/>, as <see cref="Convert"/>.</summary>
    internal static object? ConvertMember(object? value, string key)
    {
        try
        {
            return ConvertChild(value, 0, key);
        }
        catch (ModelFault fault)
        {
            throw new TemplateModelException(fault.PathFrom(""), fault.Message);
        }
    }

    /// <param name="segment">a key or an index; only turned into text when the child is refused.</param>
    static object? ConvertChild(object? value, int depth, object segment)
    {
        // Scalars (most of a row) skip the try region and the recursion.
        switch (value)
        {
            case null: return null;
            case string or bool or int or long or decimal or double: return value;
        }
        try
        {
            return ConvertCore(value, depth + 1);
        }
        catch (ModelFault fault)
        {
            fault.Segments.Add(segment);
            throw;
        }
    }

    /// <summary>A refused value on its way up; <see cref="Segments"/> are collected innermost first.</summary>
    sealed class ModelFault(string message) : Exception(message)
    {
        public List<object> Segments { get; } = [];

        public string PathFrom(string root)
        {
            var path = new System.Text.StringBuilder(root);
            for (var i = Segments.Count - 1; i >= 0; i--)
                path.Append(Segments[i] is int index ? $"[{index}]" : path.Length == 0 ? Segments[i] : "." + Segments[i]);
            return path.ToString();
        }
    }
}

/// <summary>
/// A plain Scriban object built in place, for the rows a CSV makes by the hundred thousand: filling a dictionary
/// and then copying it into a <see cref="ScriptObject"/> doubled the allocations of every row. Each value goes
/// through the rules of <see cref="TemplateModel"/> as it is added, so the template sees exactly what
/// <see cref="TemplateModel.Convert"/> would give for the same dictionary. Once placed in the model (as a value
/// of another one, in a list, or as a streamed row) it is frozen and cannot be placed again: no object is shared
/// between two places and no object can contain itself.
/// </summary>
public sealed class PlainObject
{
    readonly ScriptObject _value;
    bool _placed;

    /// <param name="capacity">The number of members that will be added (saves the growing of the store).</param>
    public PlainObject(int capacity) => _value = new ScriptObject(capacity);

    public int Count => _value.Count;

    public PlainObject Add(string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_placed) throw new InvalidOperationException("objet déjà placé dans le modèle : il ne se modifie plus");
        _value.Add(key, TemplateModel.ConvertMember(value, key));
        return this;
    }

    /// <summary>The Scriban object, the first time it is placed in the model; null after that.</summary>
    internal ScriptObject? Seal()
    {
        if (_placed) return null;
        _placed = true;
        return _value;
    }
}

/// <summary>
/// Rows handed to a template one at a time, converted as the template's `for` loop reaches them, so a
/// million-row extraction is never held in memory twice. It can be walked once only: a second walk
/// (or `array.size` before the loop) fails with a clear error instead of silently reading nothing.
/// </summary>
public sealed class TemplateRows : IEnumerable
{
    readonly IEnumerable<object> _rows;
    readonly string _path;
    int _walked;

    TemplateRows(IEnumerable<object> rows, string path) => (_rows, _path) = (rows, path);

    /// <param name="rows">The rows, typically read lazily from the store.</param>
    /// <param name="name">The model key the rows are put under, for error messages.</param>
    public static TemplateRows Stream(IEnumerable<IReadOnlyDictionary<string, object?>> rows, string name = "lignes")
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new(rows, name);
    }

    /// <summary>Rows built in place (<see cref="PlainObject"/>): nothing left to convert as they are walked.</summary>
    public static TemplateRows Stream(IEnumerable<PlainObject> rows, string name = "lignes")
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new(rows, name);
    }

    public IEnumerator GetEnumerator()
    {
        if (Interlocked.Exchange(ref _walked, 1) == 1)
            throw new InvalidOperationException($"la séquence '{_path}' ne peut être parcourue qu'une fois");
        return Walk();
    }

    IEnumerator Walk()
    {
        var i = 0;
        using var rows = _rows.GetEnumerator();
        while (true)
        {
            try
            {
                if (!rows.MoveNext()) yield break;
            }
            catch (TemplateModelException e)
            {
                // A value refused while a PlainObject row was being built: name it with its row.
                throw new TemplateModelException($"{_path}[{i}].{e.Path}", e.Reason);
            }
            yield return TemplateModel.ConvertRow(rows.Current, _path, i);
            i++;
        }
    }

    public override string ToString() => $"[{_path}]";
}
