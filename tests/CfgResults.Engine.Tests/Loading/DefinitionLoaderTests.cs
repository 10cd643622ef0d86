using System.Diagnostics;
using System.Text;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Loading;

namespace CfgResults.Engine.Tests.Loading;

public sealed class DefinitionLoaderTests
{
    static string ValidText => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestFiles", "Definitions", "001-valid-extraction-notes", "extraction-notes.yaml"));

    static string BlockText => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestFiles", "Definitions", "002-valid-block-style", "liste-affichage.yaml"));

    [Fact]
    public void Load_BuildsTheModel_WithPlacesAndRawValues()
    {
        var result = Loaders.Create().LoadText("definitions/extraction-notes.yaml", ValidText);

        var d = Assert.IsType<WorkflowDefinition>(result.Definition);
        Assert.Empty(result.Diagnostics);
        Assert.Equal("extraction-notes", d.Id);
        Assert.Equal(Audience.School, d.Audience);
        Assert.Equal(["Résultats", "Génération de documents", "Résultats de mes élèves", "Extraire des notes"], d.Menu);
        Assert.Equal(new SourceLocation("definitions/extraction-notes.yaml", 1, 1), d.Location);

        var group = d.Parameters[0];
        Assert.Equal(("groupe_decision", ParameterType.Choice, true, "groupes_decision"), (group.Id, group.Type, group.Required, group.OptionsSource));
        Assert.Equal("O", d.Parameters[1].Default);
        Assert.Equal(7, group.Location.Line);

        var school = d.Criteria.Single(c => c.Field == "etablissement_inscription");
        Assert.Equal((CriterionOperator.Equals, true), (school.Operator, school.Locked));
        Assert.Equal(["{{ user.uai }}"], school.Values);
        Assert.False(d.Criteria.Single(c => c.Field == "liste_rouge").Locked);
        Assert.Equal(["Saisie", "Calculée"], d.Criteria.Single(c => c.Field == "mode_notation").Values);

        // Flow maps work for steps; options keep their raw text and their place (the key's).
        var gate = d.Steps[0];
        Assert.Equal("gate.service-window", gate.Kind);
        Assert.Equal("extraction_notes", gate.Options["service"]);
        Assert.Equal(new SourceLocation("definitions/extraction-notes.yaml", 20, 34), gate.OptionLocations["service"]);
        Assert.Equal("notes-{{ etablissement.uai }}.csv", d.Steps[3].Options["file_name"]);
    }

    [Fact]
    public void Load_KeepsNestedStepOptionsAsPlainData()
    {
        var d = Loaders.Create().LoadText("definitions/liste-affichage.yaml", BlockText).Definition!;

        var pdf = d.Steps.Single(s => s.Kind == "render.pdf");
        var metadata = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(pdf.Options["metadata"]);
        Assert.Equal("Liste d'affichage", metadata["titre"]);
        Assert.Equal(new List<object?> { "résultats", "CFG" }, metadata["sujets"]);
        Assert.Equal(["nom", "numero"], d.Parameters.Single(p => p.Id == "tri").Choices);
        Assert.Equal(["01/01/1990", "2012-12-31"], d.Criteria.Single(c => c.Field == "date_naissance").Values);
    }

    [Fact]
    public void Load_ChecksEachTemplateOnce()
    {
        var templates = new FakeTemplates();
        var loader = new DefinitionLoader(new FakeStepKinds(), templates);
        var text = ValidText.Replace("  - { kind: select.grades }\n", "  - { kind: select.grades }\n  - { kind: render.csv, template: extraction-notes/colonnes.sbn }\n", StringComparison.Ordinal);

        Assert.True(loader.LoadText("definitions/extraction-notes.yaml", text).Succeeded);
        Assert.Equal(["extraction-notes/colonnes.sbn"], templates.Checked);
    }

    [Fact]
    public void Load_RefusesABillionLaughsBomb_QuicklyAndWithoutExpandingIt()
    {
        // Nine levels of ten aliases: 10^9 strings if walked.
        var sb = new StringBuilder("a0: &a0 [\"lol\"]\n");
        for (var i = 1; i <= 9; i++)
            sb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        var watch = Stopwatch.StartNew();

        var result = Loaders.Create().LoadText("definitions/bombe.yaml", sb.ToString());

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Null(result.Definition);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.AliasRefused && d.Location == new SourceLocation("definitions/bombe.yaml", 1, 5));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.AliasRefused && d.Message.Contains("*a0"));
        // 100 shown, then one saying the rest was cut.
        Assert.Equal(101, result.Diagnostics.Count);
        Assert.Equal(DiagnosticCodes.TooManyErrors, result.Diagnostics[^1].Code);
    }

    [Fact]
    public void Load_Refuses10MegabytesBeforeParsing()
    {
        // Unclosed bracket: a parser that ran would report CFG003 or CFG002, not only the size.
        var text = "[" + new string('a', 10 * 1024 * 1024);
        var watch = Stopwatch.StartNew();

        var result = Loaders.Create().LoadText("definitions/enorme.yaml", text);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.FileTooLarge, diagnostic.Code);
        Assert.Equal(new SourceLocation("definitions/enorme.yaml", 1, 1), diagnostic.Location);
        Assert.Contains("10485761", diagnostic.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public void LoadStream_ReadsNoMoreThanTheCapPlusOneByte()
    {
        var stream = new CountingStream(new byte[10 * 1024 * 1024]);

        var result = Loaders.Create().LoadStream("definitions/envoi.yaml", stream);

        Assert.Equal(DiagnosticCodes.FileTooLarge, Assert.Single(result.Diagnostics).Code);
        Assert.Equal(256 * 1024 + 1, stream.BytesRead);
    }

    [Fact]
    public void LoadStream_AcceptsUtf8WithBom_AndRefusesInvalidUtf8()
    {
        var loader = Loaders.Create();
        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ValidText)).ToArray();
        Assert.True(loader.LoadStream("definitions/extraction-notes.yaml", new MemoryStream(withBom)).Succeeded);

        var latin1 = Encoding.Latin1.GetBytes(ValidText);
        var result = loader.LoadStream("definitions/extraction-notes.yaml", new MemoryStream(latin1));
        Assert.Equal(DiagnosticCodes.InvalidEncoding, Assert.Single(result.Diagnostics).Code);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public void Load_RefusesDeepNesting_QuicklyAndWithoutExhaustingTheStack(int depth)
    {
        var text = "id: x\ntitle: " + new string('[', depth) + new string(']', depth) + "\n";
        var watch = Stopwatch.StartNew();

        var result = Loaders.Create().LoadText("definitions/x.yaml", text);

        Assert.Null(result.Definition);
        // Root mapping is level 1, title's list level 2: the 12th bracket (column 8 + 11) is level 13.
        var tooDeep = Assert.Single(result.Diagnostics);
        Assert.Equal("definitions/x.yaml(2,19): error CFG007: imbrication trop profonde (plus de 12 niveaux)", tooDeep.ToString());
        // YamlDotNet alone needs tens of seconds for 100,000 levels: reading must stop at the limit.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Load_PointsAtTheOpeningBracket_WhenAFlowSequenceIsNeverClosed()
    {
        // YamlDotNet throws a bare InvalidOperationException here, without a place.
        var text = "id: x\nmenu: [a, b\ntitle: y\n";

        var result = Loaders.Create().LoadText("definitions/x.yaml", text);

        Assert.Equal("definitions/x.yaml(2,7): error CFG003: « [ » ouvert ici n'est jamais fermé", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void Load_HonoursSmallerLimits()
    {
        var loader = Loaders.Create(new DefinitionLoaderOptions { MaxBytes = 100, MaxDiagnostics = 2 });

        Assert.Equal(DiagnosticCodes.FileTooLarge, Assert.Single(loader.LoadText("definitions/extraction-notes.yaml", ValidText).Diagnostics).Code);
        var many = loader.LoadText("definitions/x.yaml", "a: 1\nb: 2\nc: 3\n");
        Assert.Equal([DiagnosticCodes.UnknownKey, DiagnosticCodes.MissingKey, DiagnosticCodes.TooManyErrors], many.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void LoadFolder_LoadsTheValidFiles_AndReportsTheOthers()
    {
        var dir = Directory.CreateTempSubdirectory("cfg-definitions-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "extraction-notes.yaml"), ValidText);
            File.WriteAllText(Path.Combine(dir.FullName, "liste-affichage.yaml"), BlockText);
            File.WriteAllText(Path.Combine(dir.FullName, "casse.yaml"), "id: casse\n");
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "ignoré");

            var result = Loaders.Create().LoadFolder(dir.FullName);

            Assert.Equal(["extraction-notes", "liste-affichage"], result.Definitions.Select(d => d.Id));
            Assert.All(result.Diagnostics, d => Assert.Equal(Path.Combine(dir.FullName, "casse.yaml"), d.Location.File));
            Assert.Equal(3, result.Diagnostics.Count); // title, audience, steps missing
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadFolder_KeepsOneDefinition_WhenACopyHasTheSameIdUnderAnotherName()
    {
        // Ids must equal file names, so a copy is refused as CFG011 before the duplicate-id check (CFG027) is reached.
        var dir = Directory.CreateTempSubdirectory("cfg-definitions-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "extraction-notes.yaml"), ValidText);
            File.WriteAllText(Path.Combine(dir.FullName, "copie.yaml"), ValidText);

            var result = Loaders.Create().LoadFolder(dir.FullName);

            Assert.Single(result.Definitions);
            Assert.Equal(DiagnosticCodes.IdNotFileName, Assert.Single(result.Diagnostics).Code);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Messages_HaveAFrenchTextForEveryCode()
    {
        var codes = typeof(DiagnosticCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^CFG[0-9]{3}$", c));
        Assert.All(codes, c => Assert.False(string.IsNullOrWhiteSpace(Messages.Format(c, "x", "y", "z", "w"))));
    }

    sealed class CountingStream(byte[] data) : MemoryStream(data)
    {
        public long BytesRead { get; private set; }
        public override bool CanSeek => false; // an upload: its length is not known in advance
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = base.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }
    }
}
