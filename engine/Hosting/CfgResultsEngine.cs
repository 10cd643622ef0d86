using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Presets;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Loading;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Sessions;
using CfgResults.Engine.Templates;
using CfgResults.Engine.Versioning;

namespace CfgResults.Engine.Hosting;

/// <summary>Where the engine keeps its data and finds the shipped definitions, templates and fonts.</summary>
public sealed record EngineOptions
{
    /// <summary>Embedded store (SQLite file) and generated files. Default `./data`.</summary>
    public string DataDir { get; init; } = "data";

    /// <summary>PostgreSQL connection string; null means the embedded SQLite store.</summary>
    public string? PostgresConnection { get; init; }

    /// <summary>Shipped definitions and templates; found next to the program or above it when null.</summary>
    public string? DefinitionsDir { get; init; }
    public string? TemplatesDir { get; init; }

    /// <summary>Font folder for PDFs (DejaVu Sans by default).</summary>
    public string? FontsDir { get; init; }

    public TemplateLimits TemplateLimits { get; init; } = TemplateLimits.Default;

    public const string DefaultPublicBaseUrl = "http://localhost:5000";

    /// <summary>Public address of the site (CfgResults:PublicBaseUrl), printed in the QR code of transcripts.</summary>
    public string PublicBaseUrl { get; init; } = DefaultPublicBaseUrl;

    /// <summary>Per-school limits on runs (issue 11).</summary>
    public RunQuotaOptions Quotas { get; init; } = RunQuotaOptions.Default;
}

/// <summary>
/// The engine, assembled: store, migrations, versioned definitions and templates (seeded once from the
/// shipped files), step kinds, runner. One per process; thread-safe.
/// </summary>
public sealed class CfgResultsEngine
{
    public required EngineOptions Options { get; init; }
    public required TimeProvider Clock { get; init; }
    public required IDatabase Database { get; init; }
    public required SessionStore Sessions { get; init; }
    public required RunStore Runs { get; init; }
    public required DocumentVersionStore Documents { get; init; }
    public required FileStore Files { get; init; }

    /// <summary>Generated files (transcripts, run outputs) in the database, by SHA-256.</summary>
    public required BlobStore Blobs { get; init; }

    /// <summary>What this start moved from a folder-based data directory into the database, and what it refused.</summary>
    public FolderMigrationReport FolderMigration { get; init; } = FolderMigrationReport.Nothing;
    public required ArtefactStore Artefacts { get; init; }
    public required VersionedTemplateSource TemplateSource { get; init; }
    public required TemplateEngine Templates { get; init; }
    public required StepKindRegistry StepKinds { get; init; }
    public required VersionedDefinitionSource Definitions { get; init; }
    public required Runner Runner { get; init; }
    public required UserStore Users { get; init; }
    public required AuditLog Audit { get; init; }
    public required EngineServices Services { get; init; }
    public required DocumentAccess DocumentAccess { get; init; }
    public required RunOutputAccess RunOutputs { get; init; }
    public required CandidateSearch Search { get; init; }
    public required PlannedPublicationStore Planned { get; init; }
    public required SessionCatalog Catalog { get; init; }
    public required SessionResolver SessionResolver { get; init; }
    public required SessionLifecycle Lifecycle { get; init; }
    public RunPresetStore Presets => field ??= new RunPresetStore(Database, Clock);

    /// <summary>Opens the engine; a store that cannot be used is a <see cref="StoreUnavailableException"/> with one French sentence.</summary>
    public static async Task<CfgResultsEngine> OpenAsync(EngineOptions options, TimeProvider clock, CancellationToken ct = default)
    {
        DocumentFonts.Configure(options.FontsDir ?? DocumentFonts.DefaultFolder);
        IDatabase database;
        try
        {
            Directory.CreateDirectory(options.DataDir);
            database = DatabaseFactory.Create(options.DataDir, options.PostgresConnection);
            await Migrator.MigrateAsync(database, clock, ct);
        }
        catch (Exception e) when (StoreUnavailableException.From(e, options.DataDir, options.PostgresConnection) is { } failure)
        {
            throw failure;
        }

        var artefacts = new ArtefactStore(database, clock);
        var templateSource = new VersionedTemplateSource(artefacts);
        var templates = new TemplateEngine(templateSource, options.TemplateLimits, clock);
        var kinds = new StepKindRegistry();
        var checker = new TemplateChecker(templates);
        var definitions = new VersionedDefinitionSource(artefacts, () => new DefinitionLoader(kinds, checker));
        var files = new FileStore(Path.Combine(options.DataDir, "files"));
        files.CleanStaleTempFiles(TimeSpan.FromHours(1));
        var services = new EngineServices(database, templates, files, clock) { PublicBaseUrl = options.PublicBaseUrl.TrimEnd('/') };
        var sessions = new SessionStore(database, clock);
        var runs = new RunStore(database);
        var blobs = new BlobStore(database, clock);
        var audit = new AuditLog(database, clock);
        // A data folder of the previous release: its files go into the database, checked against their recorded hashes.
        var folderMigration = await new FolderMigration(database, blobs, files, clock).RunAsync(ct);

        var (definitionsDir, templatesDir) = ShippedFiles.Locate(options);
        await artefacts.SeedAsync(ArtefactKind.Template, ShippedFiles.Templates(templatesDir), ct);
        await artefacts.SeedAsync(ArtefactKind.Definition, ShippedFiles.Definitions(definitionsDir), ct);
        await templateSource.ReloadAsync(ct);
        await definitions.ReloadAsync(ct);

        var catalog = new SessionCatalog(database);
        var runner = new Runner(services, definitions, sessions, runs, kinds, audit, new RunQuota(database, options.Quotas, blobs, clock));
        services.Runner = runner;
        return new CfgResultsEngine
        {
            Options = options, Clock = clock, Database = database, Sessions = sessions, Runs = runs,
            Documents = new DocumentVersionStore(database, blobs), Files = files, Blobs = blobs, FolderMigration = folderMigration, Artefacts = artefacts, TemplateSource = templateSource,
            Templates = templates, StepKinds = kinds, Definitions = definitions,
            Runner = runner,
            Users = new UserStore(database, clock), Audit = audit, Services = services,
            DocumentAccess = new DocumentAccess(database, new DocumentVersionStore(database, blobs), blobs, sessions, clock, audit),
            RunOutputs = new RunOutputAccess(runs, blobs, audit),
            Search = new CandidateSearch(database),
            Planned = new PlannedPublicationStore(database),
            Catalog = catalog, SessionResolver = new SessionResolver(catalog, clock),
            Lifecycle = new SessionLifecycle(sessions, catalog, new DocumentVersionStore(database, blobs), blobs, audit, clock),
        };
    }

    /// <summary>A loader that checks templates against the templates in force (or a trial overlay).</summary>
    public DefinitionLoader Loader(ITemplateSource? templates = null) =>
        new(StepKinds, new TemplateChecker(templates is null ? Templates : new TemplateEngine(templates, Options.TemplateLimits, Clock)));

    /// <summary>After a publication of a definition or template: every reader sees the new set at once.</summary>
    public async Task ReloadAsync(CancellationToken ct = default)
    {
        await TemplateSource.ReloadAsync(ct);
        await Definitions.ReloadAsync(ct);
    }
}

/// <summary>The definitions and templates shipped with the product.</summary>
public static class ShippedFiles
{
    public static (string Definitions, string Templates) Locate(EngineOptions options)
    {
        if (options.DefinitionsDir is { } d && options.TemplatesDir is { } t) return (d, t);
        var root = FindRoot() ?? throw new DirectoryNotFoundException(
            "Dossiers « definitions » et « templates » introuvables : lancez le programme depuis le dépôt ou indiquez leur emplacement.");
        return (options.DefinitionsDir ?? Path.Combine(root, "definitions"), options.TemplatesDir ?? Path.Combine(root, "templates"));
    }

    static string? FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "definitions")) && Directory.Exists(Path.Combine(dir.FullName, "templates")))
                    return dir.FullName;
        }
        return null;
    }

    public static IEnumerable<(string Name, string Content)> Definitions(string dir) =>
        Directory.EnumerateFiles(dir, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f)));

    public static IEnumerable<(string Name, string Content)> Templates(string dir) =>
        Directory.EnumerateFiles(dir, "*.sbn", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllText(f)));
}
