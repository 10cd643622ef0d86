using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Loading;
using CfgResults.Engine.Presets;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Sessions;
using CfgResults.Engine.Templates;
using CfgResults.Engine.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace CfgResults.Engine.Tests.Support;

/// <summary>
/// The engine as the host composes it (<see cref="EngineServiceRegistration.AddCfgResultsEngine(IServiceCollection, EngineOptions)"/>),
/// started (<see cref="EngineStartup"/>), with its services by name for tests and the benchmark. Test support only:
/// the product's classes inject the services they use. Also linked into the host tests and bench/.
/// </summary>
public sealed class TestEngine(IServiceProvider services)
{
    /// <summary>Builds the real container over <paramref name="options"/> with <paramref name="clock"/> and starts the engine (migrations, seeding).</summary>
    public static async Task<TestEngine> OpenAsync(EngineOptions options, TimeProvider clock, CancellationToken ct = default)
    {
        var provider = new ServiceCollection().AddSingleton(clock).AddCfgResultsEngine(options)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.GetRequiredService<EngineStartup>().InitializeAsync(ct);
        return new TestEngine(provider);
    }

    /// <summary>The container itself.</summary>
    public IServiceProvider Provider => services;

    T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public EngineOptions Options => Get<EngineOptions>();
    public TimeProvider Clock => Get<TimeProvider>();
    public IDatabase Database => Get<IDatabase>();
    public SessionStore Sessions => Get<SessionStore>();
    public RunStore Runs => Get<RunStore>();
    public DocumentVersionStore Documents => Get<DocumentVersionStore>();
    public FileStore Files => Get<FileStore>();
    public BlobStore Blobs => Get<BlobStore>();
    public FolderMigrationReport FolderMigration => Get<EngineStartup>().FolderMigration;
    public ArtefactStore Artefacts => Get<ArtefactStore>();
    public VersionedTemplateSource TemplateSource => Get<VersionedTemplateSource>();
    public TemplateEngine Templates => Get<TemplateEngine>();
    public StepKindRegistry StepKinds => Get<StepKindRegistry>();
    public VersionedDefinitionSource Definitions => Get<VersionedDefinitionSource>();
    public Runner Runner => Get<Runner>();
    public UserStore Users => Get<UserStore>();
    public AuditLog Audit => Get<AuditLog>();
    public EngineServices Services => Get<EngineServices>();
    public DocumentAccess DocumentAccess => Get<DocumentAccess>();
    public RunOutputAccess RunOutputs => Get<RunOutputAccess>();
    public CandidateSearch Search => Get<CandidateSearch>();
    public PlannedPublicationStore Planned => Get<PlannedPublicationStore>();
    public SessionCatalog Catalog => Get<SessionCatalog>();
    public SessionResolver SessionResolver => Get<SessionResolver>();
    public SessionLifecycle Lifecycle => Get<SessionLifecycle>();
    public RunPresetStore Presets => Get<RunPresetStore>();

    /// <summary>A loader that checks templates against the templates in force (or a trial overlay).</summary>
    public DefinitionLoader Loader(ITemplateSource? templates = null) =>
        templates is null ? Get<DefinitionLoaders>().InForce() : Get<DefinitionLoaders>().With(templates);

    /// <summary>After a publication of a definition or template: every reader sees the new set at once.</summary>
    public Task ReloadAsync(CancellationToken ct = default) => Get<ArtefactCatalog>().ReloadAsync(ct);
}
