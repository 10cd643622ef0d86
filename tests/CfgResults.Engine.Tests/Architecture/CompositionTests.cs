using CfgResults.Engine.Data;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Running;
using CfgResults.Engine.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace CfgResults.Engine.Tests.Architecture;

/// <summary>
/// The engine's composition (<see cref="EngineServiceRegistration.AddCfgResultsEngine(IServiceCollection, EngineOptions)"/>):
/// the real container, validated on build, resolves every service it registers, each once and a singleton; nothing is
/// ready before <see cref="EngineStartup.InitializeAsync"/>, which runs once.
/// </summary>
public sealed class CompositionTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("cfgresults-composition-").FullName;

    [Fact]
    public void Every_registered_engine_service_resolves_from_the_container_validated_on_build()
    {
        var services = new ServiceCollection().AddCfgResultsEngine(new EngineOptions { DataDir = _dir });
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        foreach (var descriptor in services)
        {
            Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
            Assert.NotNull(provider.GetRequiredService(descriptor.ServiceType));
        }
        Assert.Empty(services.GroupBy(d => d.ServiceType).Where(g => g.Count() > 1).Select(g => g.Key.Name));
        // One of each per container: the runner is the one its services hand to publication batches.
        Assert.Same(provider.GetRequiredService<Runner>(), provider.GetRequiredService<EngineServices>().Runner);
        Assert.Same(provider.GetRequiredService<VersionedDefinitionSource>(), provider.GetRequiredService<IDefinitionSource>());
    }

    [Fact]
    public async Task The_startup_migrates_and_seeds_once_and_only_when_awaited()
    {
        await using var provider = new ServiceCollection().AddCfgResultsEngine(new EngineOptions { DataDir = _dir }).BuildServiceProvider();
        var definitions = provider.GetRequiredService<VersionedDefinitionSource>();
        var startup = provider.GetRequiredService<EngineStartup>();
        Assert.Empty(definitions.List());

        var first = startup.InitializeAsync();
        var second = startup.InitializeAsync();
        await first;

        Assert.Same(first, second);
        Assert.Contains(definitions.List(), d => d.Definition.Id == "extraction-notes");
        Assert.NotEmpty(provider.GetRequiredService<VersionedTemplateSource>().List());
    }

    [Fact]
    public async Task A_corrupted_store_fails_the_startup_with_one_French_sentence()
    {
        var bytes = new byte[64 * 1024];
        new Random(5).NextBytes(bytes);
        await File.WriteAllBytesAsync(Path.Combine(_dir, DatabaseFactory.SqliteFileName), bytes);
        await using var provider = new ServiceCollection().AddCfgResultsEngine(new EngineOptions { DataDir = _dir }).BuildServiceProvider();

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => provider.GetRequiredService<EngineStartup>().InitializeAsync());

        Assert.Contains("endommagé", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* a pooled handle still open: left for the OS */ }
    }
}
