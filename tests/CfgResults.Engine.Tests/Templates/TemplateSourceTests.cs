using CfgResults.Engine.Templates;

namespace CfgResults.Engine.Tests.Templates;

public sealed class TemplateSourceTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("cfg-templates-").FullName;
    readonly string _root;

    public TemplateSourceTests()
    {
        _root = Path.Combine(_dir, "templates");
        Directory.CreateDirectory(Path.Combine(_root, "extraction-notes"));
        Directory.CreateDirectory(Path.Combine(_root, "_shared"));
        File.WriteAllText(Path.Combine(_root, "extraction-notes", "colonnes.sbn"), "colonnes");
        File.WriteAllText(Path.Combine(_root, "_shared", "entete.sbn"), "entete");
        File.WriteAllText(Path.Combine(_dir, "secret.sbn"), "secret");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> RefusedNames() =>
    [
        "../secret.sbn", "../../etc/passwd", "extraction-notes/../../secret.sbn", "/etc/passwd", "/tmp/x.sbn",
        "%2e%2e/secret.sbn", "..%2fsecret.sbn", "%2fetc%2fpasswd.sbn", "a\\..\\secret.sbn", "C:/x.sbn", "c:x.sbn",
        "a\0.sbn", "", "x.txt", "X.sbn", "./x.sbn", "a//b.sbn", "a/.sbn", "-a.sbn", "a/ b.sbn", "é.sbn",
        "a.sbn/", "a.sbn.bak", new string('a', 300) + ".sbn",
    ];

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public void Read_RefusesName_BeforeAnyFileAccess(string name)
    {
        Assert.False(TemplateName.IsValid(name));
        Assert.Throws<TemplateNameException>(() => new FolderTemplateSource(_root).Read(name));
        // The same rule holds where no file is involved at all.
        Assert.Throws<TemplateNameException>(() => new InMemoryTemplateSource().Read(name));
    }

    [Theory]
    [InlineData("extraction-notes/colonnes.sbn", "colonnes")]
    [InlineData("_shared/entete.sbn", "entete")]
    [InlineData("extraction-notes/absent.sbn", null)]
    public void Read_ReturnsTextOrNull_ForRelativeNames(string name, string? expected) =>
        Assert.Equal(expected, new FolderTemplateSource(_root).Read(name));

    [Fact]
    public void List_GivesRelativeNamesWithSlashes() =>
        Assert.Equal(["_shared/entete.sbn", "extraction-notes/colonnes.sbn"], new FolderTemplateSource(_root).List());

    [Fact]
    public void Read_RefusesSymbolicLinkPointingOutsideTheRoot()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "_shared", "lien.sbn"), Path.Combine(_dir, "secret.sbn"));
        var e = Assert.Throws<TemplateNameException>(() => new FolderTemplateSource(_root).Read("_shared/lien.sbn"));
        Assert.Contains("lien symbolique", e.Message);
    }

    [Fact]
    public void Read_RefusesLinkedFolderPointingOutsideTheRoot()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "dehors"), _dir);
        Assert.Throws<TemplateNameException>(() => new FolderTemplateSource(_root).Read("dehors/secret.sbn"));
    }

    [Fact]
    public void Read_FollowsSymbolicLinkThatStaysInsideTheRoot()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "_shared", "alias.sbn"), Path.Combine(_root, "_shared", "entete.sbn"));
        Assert.Equal("entete", new FolderTemplateSource(_root).Read("_shared/alias.sbn"));
    }

    [Fact]
    public void Engine_RendersFromFolder_AndIncludesPartials()
    {
        File.WriteAllText(Path.Combine(_root, "extraction-notes", "page.sbn"), "[{{ include '_shared/entete.sbn' }}]");
        var engine = new TemplateEngine(new FolderTemplateSource(_root), TemplateLimits.Default);
        Assert.Equal("[entete]", engine.RenderText("extraction-notes/page.sbn", new Dictionary<string, object?>(), CancellationToken.None));
    }

    [Fact]
    public void Engine_PicksUpEditedText_ThroughItsContentHashCache()
    {
        var source = new InMemoryTemplateSource().Set("a/t.sbn", "v1");
        var engine = new TemplateEngine(source, TemplateLimits.Default);
        Assert.Equal("v1", engine.RenderText("a/t.sbn", new Dictionary<string, object?>(), CancellationToken.None));
        source.Set("a/t.sbn", "v2");
        Assert.Equal("v2", engine.RenderText("a/t.sbn", new Dictionary<string, object?>(), CancellationToken.None));
    }
}
