using System.Text.RegularExpressions;

namespace CfgResults.Engine.Tests.Architecture;

/// <summary>
/// All SQL lives in engine/Data (queries per aggregate in engine/Data/Queries, one row reader per table in
/// engine/Data/Rows, dialect differences in Data/Dialects.cs): a statement written anywhere else in the engine, or in
/// the host, fails this test with its file and line.
/// </summary>
public sealed partial class SqlPlacementTests
{
    [Fact]
    public void No_sql_statement_is_written_outside_engine_Data()
    {
        var root = DiagnosticCatalogueTests.RepositoryRoot();
        var found = new List<string>();
        foreach (var folder in new[] { "engine", "host" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (!(relative.EndsWith(".cs", StringComparison.Ordinal) || relative.EndsWith(".cshtml", StringComparison.Ordinal))) continue;
                if (relative.StartsWith("engine/Data/", StringComparison.Ordinal) || relative.Contains("/bin/") || relative.Contains("/obj/")) continue;
                found.AddRange(Statements(File.ReadAllText(file)).Select(s => $"{relative}({s.Line}): {s.Text}"));
            }
        Assert.True(found.Count == 0, "SQL hors de engine/Data :" + Environment.NewLine + string.Join(Environment.NewLine, found));
    }

    [Theory]
    [InlineData("var sql = \"SELECT id FROM runs WHERE id = @id\";", true)]
    [InlineData("cmd.CommandText = \"\"\"\n    INSERT INTO audit (at) VALUES (@at)\n    \"\"\";", true)]
    [InlineData("await cn.ExecuteAsync(\"UPDATE runs SET state = @s\");", true)]
    [InlineData("await cn.ExecuteAsync(\"DELETE FROM run_presets WHERE id = @id\");", true)]
    [InlineData("parts.Add(\"EXISTS (SELECT 1 FROM grades g)\");", true)]
    [InlineData("// The SELECT below reads every candidate (DELETE FROM is for purges).", false)]
    [InlineData("/// <summary>Selects and updates runs.</summary>", false)]
    [InlineData("var selected = candidates.Select(c => c.Number);", false)]
    public void The_detector_sees_statements_and_not_comments(string source, bool isSql) =>
        Assert.Equal(isSql, Statements(source).Any());

    /// <summary>The lines of <paramref name="source"/> that hold a SQL statement, comments left out.</summary>
    internal static IEnumerable<(int Line, string Text)> Statements(string source)
    {
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith("*", StringComparison.Ordinal) || line.StartsWith("@*", StringComparison.Ordinal)) continue;
            if (Statement().IsMatch(line)) yield return (i + 1, line.Length > 120 ? line[..120] + "…" : line);
        }
    }

    [GeneratedRegex(@"\b(SELECT\s+[a-zA-Z0-9_*(]|INSERT\s+INTO|UPDATE\s+[a-z_]+\s+SET|DELETE\s+FROM|ON\s+CONFLICT|COPY\s+[a-z_]+\s*\()")]
    private static partial Regex Statement();
}
