using CfgResults.Engine.Data;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Versioning;

namespace CfgResults.Engine.Hosting;

/// <summary>
/// What must be done once before the engine serves anything: fonts, migrations, stale temporary files removed, the
/// files of a folder-based data directory moved into the database, the shipped definitions and templates seeded and
/// loaded. `serve` awaits it in a hosted service registered before Hangfire's server and Kestrel; each command-line verb
/// awaits it before its work; tests await it through their container. Once per process: later calls await the same work.
/// </summary>
/// <param name="runner">Resolved here so that it is wired into <see cref="EngineServices.Runner"/> before any run (batches rebuild their run's context with it).</param>
public sealed class EngineStartup(EngineOptions options, TimeProvider clock, IDatabase database, FileStore files, FolderMigration folderMigration,
    ArtefactCatalog catalog, ArtefactStore artefacts, Runner runner)
{
    readonly Lock _lock = new();
    Task? _started;

    /// <summary>What the start moved from a folder-based data directory into the database, and what it refused.</summary>
    public FolderMigrationReport FolderMigration { get; private set; } = FolderMigrationReport.Nothing;

    /// <summary>A store that cannot be used is a <see cref="StoreUnavailableException"/> with one French sentence.</summary>
    public Task InitializeAsync(CancellationToken ct = default)
    {
        lock (_lock) return _started ??= RunAsync(ct);
    }

    async Task RunAsync(CancellationToken ct)
    {
        _ = runner;
        DocumentFonts.Configure(options.FontsDir ?? DocumentFonts.DefaultFolder);
        try
        {
            await Migrator.MigrateAsync(database, clock, ct);
        }
        catch (Exception e) when (StoreUnavailableException.From(e, options.DataDir, options.PostgresConnection) is { } failure)
        {
            throw failure;
        }
        files.CleanStaleTempFiles(TimeSpan.FromHours(1));
        // A data folder of the previous release: its files go into the database, checked against their recorded hashes.
        FolderMigration = await folderMigration.RunAsync(ct);

        var (definitionsDir, templatesDir) = ShippedFiles.Locate(options);
        await artefacts.SeedAsync(ArtefactKind.Template, ShippedFiles.Templates(templatesDir), ct);
        await artefacts.SeedAsync(ArtefactKind.Definition, ShippedFiles.Definitions(definitionsDir), ct);
        await catalog.ReloadAsync(ct);
    }

    /// <summary>The store of <paramref name="options"/>; a folder or connection string that cannot be used is a <see cref="StoreUnavailableException"/>.</summary>
    internal static IDatabase OpenDatabase(EngineOptions options)
    {
        try
        {
            Directory.CreateDirectory(options.DataDir);
            return DatabaseFactory.Create(options.DataDir, options.PostgresConnection);
        }
        catch (Exception e) when (StoreUnavailableException.From(e, options.DataDir, options.PostgresConnection) is { } failure)
        {
            throw failure;
        }
    }
}
