using System.Reflection;
using CfgResults.Engine.Data;
using CfgResults.Engine.Hosting;
using CfgResults.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CfgResults.Host.Tests.Architecture;

/// <summary>
/// How the host is composed: it injects the engine's services one by one (no facade, no database handle), and the
/// engine's start-up is the first hosted service, so migrations and seeding end before Hangfire's server and Kestrel start.
/// </summary>
public sealed class HostCompositionTests(DemoHostFactory host) : IClassFixture<DemoHostFactory>
{
    const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void No_host_type_takes_or_holds_a_database()
    {
        Assert.Empty(DatabaseUsers(typeof(Program).Assembly));
    }

    [Fact]
    public void The_database_check_sees_a_constructor_a_method_and_a_field()
    {
        // Why: a check that finds nothing must be able to find something.
        var found = DatabaseUsers(typeof(HostCompositionTests).Assembly);
        Assert.Contains(found, f => f.StartsWith(nameof(HoldsADatabase) + ".ctor", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith(nameof(HoldsADatabase) + ".Use", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith(nameof(HoldsADatabase) + ".field", StringComparison.Ordinal));
    }

    [Fact]
    public void No_type_is_named_CfgResultsEngine()
    {
        var types = typeof(Program).Assembly.GetTypes().Concat(typeof(EngineOptions).Assembly.GetTypes());
        Assert.DoesNotContain(types, t => t.Name == "CfgResultsEngine");
    }

    [Fact]
    public void The_engine_startup_is_the_first_hosted_service_and_every_engine_service_resolves_in_the_host()
    {
        var hosted = host.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
        Assert.Equal("EngineStartupService", hosted[0]);
        Assert.Contains("BackgroundJobServerHostedService", hosted);

        // The host's container (validated on build in the test environment) holds every service the engine registers.
        foreach (var descriptor in new ServiceCollection().AddCfgResultsEngine(new EngineOptions()))
            Assert.NotNull(host.Services.GetRequiredService(descriptor.ServiceType));
        Assert.True(host.Services.GetRequiredService<EngineStartup>().InitializeAsync().IsCompletedSuccessfully);
    }

    /// <summary>Each constructor, method parameter, field or property of type <see cref="IDatabase"/> in the assembly's types.</summary>
    static List<string> DatabaseUsers(Assembly assembly)
    {
        var found = new List<string>();
        foreach (var type in assembly.GetTypes())
        {
            foreach (var c in type.GetConstructors(Everything))
                if (c.GetParameters().Any(p => p.ParameterType == typeof(IDatabase))) found.Add($"{type.Name}.ctor");
            foreach (var m in type.GetMethods(Everything))
                if (m.GetParameters().Any(p => p.ParameterType == typeof(IDatabase)) || m.ReturnType == typeof(IDatabase)) found.Add($"{type.Name}.{m.Name}");
            foreach (var f in type.GetFields(Everything))
                if (f.FieldType == typeof(IDatabase)) found.Add($"{type.Name}.field {f.Name}");
            foreach (var p in type.GetProperties(Everything))
                if (p.PropertyType == typeof(IDatabase)) found.Add($"{type.Name}.property {p.Name}");
        }
        return found;
    }

    sealed class HoldsADatabase(IDatabase database)
    {
        readonly IDatabase _database = database;

        public static void Use(IDatabase database) => _ = database;

        public override string ToString() => _database.Dialect.ToString();
    }
}
