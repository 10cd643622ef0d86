using CfgResults.Engine.Demo;
using CfgResults.Engine.Import;
using CfgResults.Host.Cli;
using Microsoft.Extensions.Time.Testing;

namespace CfgResults.Host.Tests.CommandLine;

/// <summary>The command line's verbs, exit codes and messages, run in-process against a temp data folder.</summary>
public sealed class CliTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("cfgresults-cli-").FullName;
    static readonly DateTimeOffset Now = new(2026, 6, 20, 10, 0, 0, TimeSpan.FromHours(2));

    async Task<(int Code, string Out, string Err)> Run(params string[] args) => await Run(new FakeTimeProvider(Now), args);

    async Task<(int Code, string Out, string Err)> Run(TimeProvider clock, params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = await CfgResults.Host.Cli.Cli.RunAsync(CliArgs.Parse(["--data", data, .. args]), o, e, clock);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task EveryVerb_HasHelp()
    {
        foreach (var verb in CfgResults.Host.Cli.Cli.Verbs)
        {
            var (code, output, _) = await Run(verb, "--help");
            Assert.Equal(ExitCodes.Done, code);
            Assert.Contains(verb, output);
        }
    }

    [Fact]
    public async Task Import_ReportsEveryErrorWithItsPlace_AndExits2()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        SessionFolderWriter.Write(DemoSessionGenerator.Generate(new DemoOptions(Candidates: 50, Seed: 1, Now: Now)), folder);
        var schools = File.ReadAllLines(Path.Combine(folder, "etablissements.csv"));
        schools[1] = schools[1].Replace("0783546F", "0783546A");
        File.WriteAllLines(Path.Combine(folder, "etablissements.csv"), schools);
        var (code, _, err) = await Run("import", folder);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("etablissements.csv(2, uai)", err);
        Assert.Contains("rien n'a été importé", err);
    }

    [Fact]
    public async Task Run_ExitCodes_Follow_GateInputAndAudience()
    {
        Assert.Equal(0, (await Run("demo", "--candidates", "200")).Code);

        var ok = await Run("run", "extraction-notes", "--as", "etablissement:0783546F", "--set", "groupe_decision=CFG-78", "--set", "inclure_nom=O", "--out", Path.Combine(data, "n.csv"));
        Assert.Equal(ExitCodes.Done, ok.Code);
        Assert.StartsWith("\uFEFF", File.ReadAllText(Path.Combine(data, "n.csv")));

        // `--set format=xlsx`: the same extraction as a workbook (a zip package: PK).
        var xlsx = await Run("run", "extraction-notes", "--as", "etablissement:0783546F", "--set", "groupe_decision=CFG-78", "--set", "inclure_nom=O", "--set", "format=xlsx", "--out", Path.Combine(data, "n.xlsx"));
        Assert.Equal(ExitCodes.Done, xlsx.Code);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(Path.Combine(data, "n.xlsx"))[..2]);

        // Two months later, the demo windows (open 7 days before "now", for 30 days after) are closed.
        var late = await Run(new FakeTimeProvider(Now.AddDays(60)), "run", "extraction-notes", "--as", "etablissement:0783546F", "--set", "groupe_decision=CFG-78", "--set", "inclure_nom=O");
        Assert.Equal(ExitCodes.RefusedByGate, late.Code);
        Assert.Matches(@"^Service extraction des notes établissement ouvert du \d\d/\d\d/\d{4} 08:00 au \d\d/\d\d/\d{4} 18:00\.", late.Err);

        var locked = await Run("run", "extraction-notes", "--as", "etablissement:0783546F", "--set", "groupe_decision=CFG-78", "--set", "inclure_nom=O", "--criterion", "etat=Annulé");
        Assert.Equal(ExitCodes.InvalidInput, locked.Code);
        Assert.Contains("CFG040", locked.Err);

        var badFlag = await Run("run", "extraction-notes", "--as", "etablissement:0783546F", "--set", "groupe_decision=CFG-78", "--set", "inclure_nom=O", "--set", "inclure_nom=peut-être");
        Assert.Equal(ExitCodes.InvalidInput, badFlag.Code);
        Assert.Contains("CFG052", badFlag.Err);

        var audience = await Run("run", "publication-releves", "--as", "etablissement:0783546F", "--set", "disponible_le=01/07/2026 08:00");
        Assert.Equal(ExitCodes.NotAllowed, audience.Code);
    }

    [Fact]
    public async Task Documents_ExitCodes_ForAvailabilityAndOwnership()
    {
        Assert.Equal(0, (await Run("demo", "--candidates", "200")).Code);
        Assert.Equal(0, (await Run("run", "publication-releves", "--as", "gestionnaire", "--set", "disponible_le=01/07/2026 08:00")).Code);

        var listed = await Run("documents", "--as", "etablissement:0783546F");
        Assert.Equal(0, listed.Code);
        var line = listed.Out.Split('\n')[0].Split('\t');
        var (id, candidate) = (line[0], line[1]);
        Assert.Contains("Relevé de Notes : Version n°1 mis à jour le 20/06/2026 (publié par le Service Examens et Concours)", listed.Out);
        Assert.Contains("disponible à partir du 01/07/2026 08:00", listed.Out);

        var before = await Run("documents", "get", id, "--as", "etablissement:0783546F", "--out", Path.Combine(data, "r.pdf"));
        Assert.Equal(ExitCodes.RefusedByGate, before.Code);

        var after = await Run(new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.FromHours(2))),
            "documents", "get", id, "--as", $"candidat:{candidate}", "--out", Path.Combine(data, "r.pdf"));
        Assert.Equal(ExitCodes.Done, after.Code);
        Assert.StartsWith("%PDF", File.ReadAllText(Path.Combine(data, "r.pdf"))[..4]);

        var foreign = await Run("documents", "get", id, "--as", "etablissement:0780130T", "--out", Path.Combine(data, "x.pdf"));
        Assert.Equal(ExitCodes.NotAllowed, foreign.Code);
        var otherCandidate = await Run("documents", "get", id, "--as", "candidat:99999999999", "--out", Path.Combine(data, "x.pdf"));
        Assert.Equal(ExitCodes.NotAllowed, otherCandidate.Code);
    }

    [Fact]
    public async Task DefinitionsValidate_PrintsEveryErrorWithItsPlace()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllText(Path.Combine(dir, "essai.yaml"), """
            id: essai
            title: Essai
            audience: etablissement
            steps:
              - { kind: render.pfd, template: extraction-notes/colonnes.sbn }
              - { kind: shape.sort, par: [nom] }
            """);
        var (code, _, err) = await Run("definitions", "validate", dir);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("essai.yaml(5,13): error CFG012", err);
        Assert.Contains("essai.yaml(6,25): error CFG023", err);

        var shipped = await Run("definitions", "validate");
        Assert.Equal(ExitCodes.Done, shipped.Code);
    }

    public void Dispose()
    {
        try { Directory.Delete(data, true); } catch (IOException) { }
    }
}
