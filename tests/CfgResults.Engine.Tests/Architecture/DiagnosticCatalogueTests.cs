using System.Reflection;
using System.Text.RegularExpressions;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Templates;

namespace CfgResults.Engine.Tests.Architecture;

/// <summary>
/// One catalogue of diagnostic codes: each code has one constant and one meaning, is written as a literal only where its
/// constant is declared, and is listed in docs/DIAGNOSTICS.md.
/// </summary>
public sealed partial class DiagnosticCatalogueTests
{
    static readonly Type[] Catalogues =
        [typeof(DiagnosticCodes), typeof(TemplateErrorCodes), typeof(DiagnosticCodes).Assembly.GetType("CfgResults.Engine.Documents.DocumentMessages")!];

    static readonly string[] DeclaringFiles =
        ["engine/Definitions/DiagnosticCodes.cs", "engine/Templates/TemplateErrorCodes.cs", "engine/Documents/DocumentMessages.cs", "host/Api/ApiErrors.cs"];

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CfgResults.sln"))) return dir.FullName;
        throw new InvalidOperationException("CfgResults.sln introuvable au-dessus de " + AppContext.BaseDirectory);
    }

    static IEnumerable<(string Name, string Code)> Codes() => Catalogues.SelectMany(t =>
        t.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && CodePattern().IsMatch((string)f.GetRawConstantValue()!))
            .Select(f => ($"{t.Name}.{f.Name}", (string)f.GetRawConstantValue()!)));

    [Fact]
    public void Each_code_has_one_constant()
    {
        var codes = Codes().ToList();
        Assert.True(codes.Count > 60);
        var shared = codes.GroupBy(c => c.Code).Where(g => g.Count() > 1).Select(g => g.Key + " : " + string.Join(", ", g.Select(c => c.Name))).ToList();
        Assert.True(shared.Count == 0, "codes portés par deux constantes : " + string.Join(" ; ", shared));
    }

    [Fact]
    public void Every_code_is_in_the_documented_table()
    {
        var table = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "DIAGNOSTICS.md"));
        var apiCodes = CodePattern().Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), "host", "Api", "ApiErrors.cs"))).Select(m => m.Value);
        var missing = Codes().Select(c => c.Code).Concat(apiCodes).Distinct().Where(code => !table.Contains($"| {code} |", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "codes absents de docs/DIAGNOSTICS.md : " + string.Join(", ", missing));
        foreach (var failure in Enum.GetNames<Engine.Running.RunFailure>())
            Assert.Contains($"| `{failure}` |", table);
    }

    [Fact]
    public void No_code_is_written_as_a_literal_outside_its_catalogue()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var folder in new[] { "engine", "host" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (!(file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".cshtml", StringComparison.Ordinal))) continue;
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)) continue;
                if (DeclaringFiles.Contains(relative)) continue;
                foreach (Match m in QuotedCodePattern().Matches(File.ReadAllText(file)))
                    offenders.Add($"{relative} : {m.Value}");
            }
        Assert.True(offenders.Count == 0, "codes écrits en littéral : " + string.Join(" ; ", offenders));
    }

    [GeneratedRegex("^(CFG|TPL|DOC|API)[0-9]{3}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("\"(CFG|TPL|DOC)[0-9]{3}\\b")]
    private static partial Regex QuotedCodePattern();
}
