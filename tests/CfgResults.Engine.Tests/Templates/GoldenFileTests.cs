using System.Text;
using CfgResults.Engine.Templates;

namespace CfgResults.Engine.Tests.Templates;

/// <summary>
/// One folder per case under TestFiles/Templates/NNN-name/: template.sbn, model.json, expected.txt; any other
/// `*.sbn` of the folder is a partial available as `_shared/&lt;file&gt;`. A folder holding `csv` in its name is
/// rendered with RenderCsv and its expected.txt is the file without BOM, lines ending in LF.
/// </summary>
public sealed class GoldenFileTests
{
    static string Root => Path.Combine(AppContext.BaseDirectory, "TestFiles", "Templates");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Root).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(dir));
        return data;
    }

    [Fact]
    public void GoldenFolder_HoldsCases() => Assert.True(Cases().Count >= 5);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_MatchesExpected(string folder)
    {
        var dir = Path.Combine(Root, folder);
        var source = new InMemoryTemplateSource();
        foreach (var file in Directory.GetFiles(dir, "*.sbn"))
        {
            var fileName = Path.GetFileName(file);
            source.Set(fileName == "template.sbn" ? "golden/template.sbn" : "_shared/" + fileName, File.ReadAllText(file));
        }
        var model = TestModels.FromJson(File.ReadAllText(Path.Combine(dir, "model.json")));
        var expected = File.ReadAllText(Path.Combine(dir, "expected.txt")).ReplaceLineEndings("\n");
        var engine = new TemplateEngine(source, TemplateLimits.Default);

        string actual;
        if (folder.Contains("csv", StringComparison.Ordinal))
        {
            using var stream = new MemoryStream();
            engine.RenderCsv("golden/template.sbn", model, stream, CancellationToken.None);
            var bytes = stream.ToArray();
            Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
            actual = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
            actual = actual.Replace("\r\n", "\n");
        }
        else
        {
            actual = engine.RenderText("golden/template.sbn", model, CancellationToken.None);
        }
        Assert.Equal(expected, actual);
    }
}
