using System.Runtime.CompilerServices;
using System.Text;

namespace CfgResults.Engine.Tests.Loading;

/// <summary>
/// One folder per case in TestFiles/Definitions/NNN-name/: one `*.yaml` definition (its file name gives
/// the expected id) and `expected.txt`, the diagnostics one per line as Diagnostic.ToString() prints
/// them (empty for a valid definition). A new case is a new folder.
/// Set CFG_UPDATE_GOLDEN=1 to rewrite expected.txt in the source tree, then read the diff.
/// </summary>
public sealed class GoldenDiagnosticsTests
{
    static string CasesFolder => Path.Combine(AppContext.BaseDirectory, "TestFiles", "Definitions");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(CasesFolder).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(dir));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_ReportsExactlyTheExpectedDiagnostics(string caseName)
    {
        var dir = Path.Combine(CasesFolder, caseName);
        var yaml = Assert.Single(Directory.GetFiles(dir, "*.yaml"));
        var fileName = "definitions/" + Path.GetFileName(yaml);
        var result = Loaders.Create().LoadText(fileName, File.ReadAllText(yaml, Encoding.UTF8));
        var actual = string.Join("\n", result.Diagnostics.Select(d => d.ToString()));

        if (Environment.GetEnvironmentVariable("CFG_UPDATE_GOLDEN") == "1")
            File.WriteAllText(Path.Combine(SourceFolder(), caseName, "expected.txt"), actual.Length == 0 ? "" : actual + "\n");

        var expected = File.ReadAllText(Path.Combine(dir, "expected.txt"), Encoding.UTF8).Replace("\r\n", "\n").TrimEnd('\n');
        Assert.Equal(expected, actual);
        // A definition comes back exactly when nothing is reported.
        Assert.Equal(expected.Length == 0, result.Definition is not null);
    }

    [Fact]
    public void EveryCase_HasOneNumberedFolder()
    {
        var names = Directory.EnumerateDirectories(CasesFolder).Select(Path.GetFileName).ToList();
        Assert.True(names.Count >= 30, $"only {names.Count} cases");
        Assert.All(names, n => Assert.Matches("^[0-9]{3}-[a-z0-9-]+$", n!));
        Assert.Equal(names.Count, names.Select(n => n![..3]).Distinct().Count());
    }

    static string SourceFolder([CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "..", "TestFiles", "Definitions");
}
