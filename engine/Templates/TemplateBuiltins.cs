using Scriban;
using Scriban.Runtime;
using CfgResults.Engine.Templates.Functions;

namespace CfgResults.Engine.Templates;

/// <summary>
/// The functions a template sees, built once and read-only (a template cannot redefine `string.upcase` for the
/// next render). Kept from Scriban: `string`, `array`, `math`, `date`, `timespan`, `object`, minus what reaches
/// outside the data or makes a document differ between two renders of the same data:
/// `date.now`/`utc_now` (time comes from the model), `math.random`/`uuid`, `object.eval`/`eval_template`
/// (templates built from data), `object.from_json`, Scriban's `include`/`include_join` (replaced by
/// <see cref="SafeIncludeFunction"/>), `html` (markup escaping is ours) and `regex` (backtracking time bombs).
/// Scriban's builtins expose no file, environment or reflection access; member access on .NET values is
/// closed by the engine's member filter.
/// </summary>
internal static class TemplateBuiltins
{
    static readonly Dictionary<string, string[]> Removed = new()
    {
        ["string"] = [],
        ["array"] = [],
        ["math"] = ["random", "uuid"],
        ["date"] = ["now", "utc_now"],
        ["timespan"] = [],
        ["object"] = ["eval", "eval_template", "from_json"],
    };

    public static ScriptObject Create()
    {
        var defaults = TemplateContext.GetDefaultBuiltinObject();
        var builtins = new ScriptObject();
        foreach (var (module, removed) in Removed)
        {
            var source = (ScriptObject)defaults[module]!;
            var copy = new ScriptObject();
            foreach (var key in source.Keys)
                if (!removed.Contains(key)) copy[key] = source[key];
            copy.IsReadOnly = true;
            builtins[module] = copy;
        }
        builtins["empty"] = defaults["empty"];
        builtins["blank"] = defaults["blank"];
        builtins["include"] = SafeIncludeFunction.Instance;

        // French functions, snake_case by Scriban's default renamer: FormatNote → format_note.
        builtins.Import(typeof(DateFunctions));
        builtins.Import(typeof(NumberFunctions));
        builtins.Import(typeof(TextFunctions));
        builtins.Import(typeof(MarkupFunctions), filter: m => m.Name != nameof(MarkupFunctions.Escape));
        builtins.IsReadOnly = true;
        return builtins;
    }
}
