using System.Diagnostics;
using CfgResults.Engine.Demo;
using CfgResults.Host.Cli;
using Microsoft.Extensions.Time.Testing;

namespace CfgResults.Host.Tests.CommandLine;

/// <summary>
/// The command line as a person uses it: criteria widened or removed as on the activity page, a missing folder said in
/// one line, paths taken from the folder the command is typed in, the configuration `serve` reads.
/// </summary>
[Collection(CliEnvironmentCollection.Name)]
public sealed class CliCriteriaAndPathTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("cfgresults-cli-").FullName;
    static readonly DateTimeOffset Now = new(2026, 6, 20, 10, 0, 0, TimeSpan.FromHours(2));

    async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = await CfgResults.Host.Cli.Cli.RunAsync(CliArgs.Parse(["--data", data, .. args]), o, e, new FakeTimeProvider(Now));
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Liste_rouge_yes_and_no_or_removed_gives_the_extraction_with_red_listed_students_and_a_locked_criterion_is_refused()
    {
        Assert.Equal(0, (await Run("demo", "--candidates", "2000")).Code);
        // The school and group with the most red-listed students still registered (the demo is deterministic: seed 1).
        var session = DemoSessionGenerator.Generate(new DemoOptions(Candidates: 2000, Seed: 1, Now: Now));
        var (uai, group) = session.Candidates.Where(c => c.RedList && !c.FraudSuspected && c.State == Engine.Domain.RegistrationState.Registered)
            .GroupBy(c => (c.RegistrationSchoolUai, c.DecisionGroup)).OrderByDescending(g => g.Count()).First().Key;
        var redListed = session.Candidates.Where(c => c.RedList).Select(c => c.Number).ToHashSet();

        async Task<HashSet<string>> Numbers(params string[] extra)
        {
            var file = Path.Combine(data, Guid.NewGuid().ToString("N") + ".csv");
            var (code, _, err) = await Run(["run", "extraction-notes", "--as", "etablissement:" + uai, "--set", "groupe_decision=" + group,
                "--set", "inclure_identifiant=O", "--out", file, .. extra]);
            Assert.True(code == ExitCodes.Done, err);
            var header = File.ReadLines(file).First().TrimStart('\uFEFF').Split(';').ToList();
            var column = header.IndexOf("Numéro candidat");
            return File.ReadLines(file).Skip(1).Select(l => l.Split(';')[column]).ToHashSet();
        }

        var byDefault = await Numbers();
        Assert.DoesNotContain(byDefault, redListed.Contains);
        var both = await Numbers("--criterion", "liste_rouge=O,N");
        var removed = await Numbers("--retirer-critere", "liste_rouge");
        Assert.Contains(both, redListed.Contains);
        Assert.Equal(both, removed);
        Assert.Superset(byDefault, both);
        Assert.Equal(byDefault, await Numbers("--criterion", "liste_rouge=N"));

        var locked = await Run("run", "extraction-notes", "--as", "etablissement:" + uai, "--set", "groupe_decision=" + group, "--retirer-critere", "etat");
        Assert.Equal(ExitCodes.InvalidInput, locked.Code);
        Assert.Contains(Engine.Definitions.DiagnosticCodes.LockedCriterionRemoved, locked.Err);
    }

    [Fact]
    public async Task A_missing_folder_or_file_is_one_French_line_and_exit_2()
    {
        var nowhere = Path.Combine(data, "absent");
        foreach (var args in new[]
        {
            new[] { "import", nowhere },
            ["definitions", "validate", nowhere],
            ["run", "extraction-notes", "--as", "etablissement:0783546F", "--out", Path.Combine(nowhere, "notes.csv")],
        })
        {
            var (code, output, err) = await Run(args);
            Assert.Equal(ExitCodes.InvalidInput, code);
            var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("erreur : ", line);
            Assert.Contains("introuvable", line);
            Assert.DoesNotContain("   at ", err);
            Assert.Equal("", output);
        }
    }

    [Fact]
    public void The_command_line_reads_the_configuration_serve_reads_and_its_own_options_last()
    {
        var configured = Path.Combine(data, "configuree");
        Environment.SetEnvironmentVariable("CfgResults__DataDir", configured);
        try
        {
            Assert.Equal(configured, CliSetup.EngineOptions(CliArgs.Parse(["run"])).DataDir);
            Assert.Equal("autre", CliSetup.EngineOptions(CliArgs.Parse(["--data", "autre", "run"])).DataDir);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CfgResults__DataDir", null);
        }
        Assert.Equal("data", CliSetup.EngineOptions(CliArgs.Parse(["run"])).DataDir);
    }

    [Fact]
    public async Task Relative_paths_are_read_from_the_folder_the_command_is_typed_in()
    {
        // The built host, started from the repository root as `dotnet run --project host` now does (RunWorkingDirectory).
        var root = Engine.Hosting.ShippedFiles.Locate(new Engine.Hosting.EngineOptions()).Definitions is var d ? Path.GetDirectoryName(d)! : "";
        var host = Path.Combine(AppContext.BaseDirectory, "CfgResults.Host.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { host, "--data", data, "definitions", "validate", "definitions" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var err = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, err);
        Assert.Matches(@"^\d+ définition\(s\) valide\(s\) dans definitions\.", output);

        var csproj = File.ReadAllText(Path.Combine(root, "host", "CfgResults.Host.csproj"));
        Assert.Contains("<RunWorkingDirectory>$(MSBuildStartupDirectory)</RunWorkingDirectory>", csproj);
    }

    public void Dispose()
    {
        try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Tests that set process environment variables run alone: a host started meanwhile would read them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliEnvironmentCollection
{
    public const string Name = "environnement du processus";
}
