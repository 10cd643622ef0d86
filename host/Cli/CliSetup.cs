using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Hosting;
using CfgResults.Host.Setup;

namespace CfgResults.Host.Cli;

/// <summary>
/// What the verbs other than `serve` share with it and with the person typing: the same configuration (section
/// `CfgResults` from appsettings and `CfgResults__*` environment variables, then `--data`/`--db`), paths taken as
/// typed (relative to the folder the command was typed in: host's csproj sets RunWorkingDirectory for `dotnet run`),
/// a missing file or folder said in one French line, and criteria read as the activity page reads them.
/// </summary>
public static class CliSetup
{
    /// <summary>The engine options from the same sources as `serve` (<see cref="EngineSetup.AddEngine"/>), the command line last.</summary>
    public static EngineOptions EngineOptions(CliArgs args)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = configuration.GetSection(CfgResultsOptions.Section).Get<CfgResultsOptions>() ?? new CfgResultsOptions();
        var dataDir = args.Option("data") ?? options.DataDir;
        if (string.IsNullOrWhiteSpace(dataDir)) throw new CliException("CfgResults:DataDir est vide : donnez --data DOSSIER");
        options.DataDir = dataDir;
        options.Db = args.Option("db") ?? options.Db;
        // The same limits as `serve` (memory budgets, renders at once, quotas): a CLI run is a run like another.
        return EngineSetup.EngineOptions(options);
    }

    /// <summary>A folder the verb reads: it must exist.</summary>
    public static string ExistingFolder(string path, string what)
    {
        if (Directory.Exists(path)) return path;
        throw new CliException(File.Exists(path)
            ? $"{what} « {path} » est un fichier, pas un dossier"
            : $"{what} introuvable : « {path} » (depuis {Environment.CurrentDirectory})");
    }

    /// <summary>A file the verb writes: its folder must exist (nothing is created silently elsewhere).</summary>
    public static string FileToWrite(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
            throw new CliException($"dossier introuvable pour « {path} » : « {folder} » n'existe pas");
        if (Directory.Exists(path)) throw new CliException($"« {path} » est un dossier : donnez un nom de fichier");
        return path;
    }

    /// <summary>
    /// `--criterion CHAMP=V1,V2` and `--retirer-critere CHAMP`, as the activity page offers them: one value sets the criterion,
    /// several make a list (« est parmi ») where the field allows it; for a yes/no field, both values mean no filter, so the
    /// definition's criterion is removed (refused, as on the page, when it is locked). The engine checks the rest.
    /// </summary>
    public static List<CriterionChange> Criteria(CliArgs args, WorkflowDefinition? definition)
    {
        var changes = new List<CriterionChange>();
        foreach (var text in args.All("criterion"))
            if (ParseCriterion(text, definition) is { } change) changes.Add(change);
        foreach (var field in args.All("retirer-critere"))
        {
            if (string.IsNullOrWhiteSpace(field)) throw new CliException("--retirer-critere attend le nom d'un critère");
            changes.Add(CriterionChange.Removal(field.Trim()));
        }
        return changes;
    }

    /// <summary>Null when the change filters nothing and the definition has no criterion on the field to remove.</summary>
    public static CriterionChange? ParseCriterion(string text, WorkflowDefinition? definition)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0) throw new CliException($"--criterion attend CHAMP=VALEUR[,VALEUR…], reçu « {text} »");
        var name = text[..eq].Trim();
        var values = text[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (CriteriaCatalog.TryGet(name, out var field) && field.Type == CriterionValueType.Boolean && values.Length > 1
            && values.All(v => Flag.TryParse(v, out _)))
        {
            var meant = values.Select(v => Flag.TryParse(v, out var b) && b).Distinct().ToList();
            if (meant.Count == 1) return new CriterionChange(name, CriterionOperator.Equals, [values[0]]);
            // Yes and no: every candidate passes, which is the criterion removed.
            return definition?.Criteria.Any(c => c.Field == name) == true ? CriterionChange.Removal(name) : null;
        }
        return new CriterionChange(name, values.Length == 1 ? CriterionOperator.Equals : CriterionOperator.In, values);
    }
}
