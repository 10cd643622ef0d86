using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Presets;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Sessions;
using CfgResults.Engine.Statistics;
using CfgResults.Engine.Steps;
using CfgResults.Engine.Templates;
using CfgResults.Engine.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CfgResults.Engine.Hosting;

/// <summary>
/// The engine's services, registered one by one, each a singleton (one per process, thread-safe), so that a class's
/// constructor says what it uses. Nothing here touches the store: <see cref="EngineStartup.InitializeAsync"/> does,
/// once, before the engine serves anything.
/// </summary>
public static class EngineServiceRegistration
{
    public static IServiceCollection AddCfgResultsEngine(this IServiceCollection services, EngineOptions options) =>
        services.AddCfgResultsEngine(_ => options);

    /// <summary>With options read when first needed (a host binds its configuration late).</summary>
    public static IServiceCollection AddCfgResultsEngine(this IServiceCollection services, Func<IServiceProvider, EngineOptions> options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EngineOptions>(sp => options(sp));
        services.AddSingleton<EngineStartup>();

        // The store and what is kept in it.
        services.AddSingleton<IDatabase>(sp => EngineStartup.OpenDatabase(sp.GetRequiredService<EngineOptions>()));
        services.AddSingleton(sp => new FileStore(Path.Combine(sp.GetRequiredService<EngineOptions>().DataDir, "files")));
        services.AddSingleton<BlobStore>();
        services.AddSingleton(sp => new SessionStore(sp.GetRequiredService<IDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SessionCatalog>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<DocumentVersionStore>();
        services.AddSingleton<ArtefactStore>();
        services.AddSingleton<ArtefactNames>();
        services.AddSingleton<KeyRingStore>();
        services.AddSingleton<FolderMigration>();

        // Accounts and the audit trail.
        services.AddSingleton<UserStore>();
        services.AddSingleton<UserSessions>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AuditLog>();

        // Templates and definitions in force.
        services.AddSingleton<VersionedTemplateSource>();
        services.AddSingleton(sp => new TemplateEngine(sp.GetRequiredService<VersionedTemplateSource>(),
            sp.GetRequiredService<EngineOptions>().TemplateLimits, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => new StepKindRegistry());
        services.AddSingleton<DefinitionLoaders>();
        services.AddSingleton(sp => new VersionedDefinitionSource(sp.GetRequiredService<ArtefactStore>(), sp.GetRequiredService<DefinitionLoaders>().InForce));
        services.AddSingleton<IDefinitionSource>(sp => sp.GetRequiredService<VersionedDefinitionSource>());
        services.AddSingleton<ArtefactCatalog>();

        // Runs.
        services.AddSingleton(sp => new EngineServices(sp.GetRequiredService<IDatabase>(), sp.GetRequiredService<TemplateEngine>(),
            sp.GetRequiredService<FileStore>(), sp.GetRequiredService<TimeProvider>())
        {
            PublicBaseUrl = sp.GetRequiredService<EngineOptions>().PublicBaseUrl.TrimEnd('/'),
        });
        services.AddSingleton(sp => new RunQuota(sp.GetRequiredService<IDatabase>(), sp.GetRequiredService<EngineOptions>().Quotas,
            sp.GetRequiredService<BlobStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var engineServices = sp.GetRequiredService<EngineServices>();
            var runner = new Runner(engineServices, sp.GetRequiredService<IDefinitionSource>(), sp.GetRequiredService<SessionStore>(),
                sp.GetRequiredService<RunStore>(), sp.GetRequiredService<StepKindRegistry>(), sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<RunQuota>());
            engineServices.Runner = runner;
            return runner;
        });
        services.AddSingleton<PublicationBatches>();
        services.AddSingleton<PublicationLocks>();
        services.AddSingleton<RunOutputAccess>();
        services.AddSingleton<RunPresetStore>();
        services.AddSingleton<PlannedPublicationStore>();
        services.AddSingleton<PublicationEstimate>();

        // Published documents and what people see of them.
        services.AddSingleton<DocumentAccess>();
        services.AddSingleton<CandidateSearch>();
        services.AddSingleton<CandidateOwnResults>();
        services.AddSingleton<TranscriptVerificationStore>();
        services.AddSingleton<ResultsStatistics>();

        // Sessions' life.
        services.AddSingleton(sp => new SessionResolver(sp.GetRequiredService<SessionCatalog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SessionLifecycle>();
        return services;
    }
}
