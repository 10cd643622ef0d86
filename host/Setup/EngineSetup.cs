using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Publishing;
using CfgResults.Host.Cli;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;

namespace CfgResults.Host.Setup;

/// <summary>Configuration of the engine (section `CfgResults`), bound at start.</summary>
public sealed class CfgResultsOptions
{
    public const string Section = "CfgResults";

    /// <summary>Embedded store and files; `--data`. Default `./data`.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>PostgreSQL connection string; `--db`. Empty: embedded SQLite.</summary>
    public string? Db { get; set; }

    /// <summary>Demo mode: a demo session is loaded into an empty store and demo accounts exist. Default: on with the embedded store.</summary>
    public bool? Demo { get; set; }

    /// <summary>Candidates of the demo session loaded at first start.</summary>
    public int DemoCandidates { get; set; } = 2000;

    /// <summary>With PostgreSQL: seconds before a job of a worker that stopped is taken over by another (sliding, so a long job stays its worker's).</summary>
    public int JobTakeoverSeconds { get; set; } = 300;

    /// <summary>Largest session archive (.zip) an exam manager may upload, in MiB (Mo on the page).</summary>
    public int MaxSessionUploadMegabytes { get; set; } = (int)(Pages.Gestion.SessionZip.MaxUploadBytes / (1024 * 1024));

    public long MaxSessionUploadBytes => MaxSessionUploadMegabytes * 1024L * 1024;

    /// <summary>Memory one document render may take for the values its template builds, in MiB (TPL113 above it); CSV renders get twice as much.</summary>
    public int TemplateMemoryMegabytes { get; set; } = (int)(Engine.Templates.TemplateLimits.Default.MarkupMemoryBudget / (1024 * 1024));

    /// <summary>
    /// Memory the renders of one run may hold together at once in this process, in MiB (TPL114 above it, the run ends « Échec »).
    /// Unset: four times <see cref="TemplateMemoryMegabytes"/> (512), twice what one CSV render may take.
    /// </summary>
    public int? RunMemoryMegabytes { get; set; }

    /// <summary>Renders running at once in this process; more wait their turn.</summary>
    public int MaxConcurrentRenders { get; set; } = Engine.Templates.TemplateLimits.Default.MaxConcurrentRenders;

    /// <summary>Runs of one school waiting or running at once (the job workers are at least one more, so that one school cannot delay another by more than one run's time).</summary>
    public int MaxActiveRunsPerSchool { get; set; } = Engine.Running.RunQuotaOptions.Default.MaxActiveRunsPerSchool;

    /// <summary>Days a run's file is kept (shown on « Mes éditions »); older files are removed.</summary>
    public int FileRetentionDays { get; set; } = (int)Engine.Running.RunQuotaOptions.Default.FileRetention.TotalDays;

    /// <summary>Run files one school keeps at most; the oldest go first.</summary>
    public int MaxFilesPerSchool { get; set; } = Engine.Running.RunQuotaOptions.Default.MaxFilesPerSchool;

    public bool IsDemo => Demo ?? string.IsNullOrEmpty(Db);

    /// <summary>Public address of the site, printed in the QR code of each transcript ({PublicBaseUrl}/verification/{code}).</summary>
    public string PublicBaseUrl { get; set; } = EngineOptions.DefaultPublicBaseUrl;
}

public static class EngineSetup
{
    public static WebApplicationBuilder AddEngine(this WebApplicationBuilder builder, CliArgs? cli = null)
    {
        if (cli?.Option("data") is { } data) builder.Configuration[$"{CfgResultsOptions.Section}:DataDir"] = data;
        if (cli?.Option("db") is { } db) builder.Configuration[$"{CfgResultsOptions.Section}:Db"] = db;
        var services = builder.Services;
        services.AddOptions<CfgResultsOptions>().BindConfiguration(CfgResultsOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDir), "CfgResults:DataDir est obligatoire")
            .Validate(o => o.DemoCandidates is >= 10 and <= 1_000_000, "CfgResults:DemoCandidates doit être entre 10 et 1 000 000")
            .Validate(o => o.MaxSessionUploadMegabytes is >= 1 and <= 2048, "CfgResults:MaxSessionUploadMegabytes doit être entre 1 et 2048")
            .Validate(o => o.TemplateMemoryMegabytes is >= 1 and <= 4096, "CfgResults:TemplateMemoryMegabytes doit être entre 1 et 4096")
            .Validate(o => o.RunMemoryMegabytes is null or (>= 1 and <= 65536), "CfgResults:RunMemoryMegabytes doit être entre 1 et 65 536")
            .Validate(o => o.MaxConcurrentRenders is >= 1 and <= 256, "CfgResults:MaxConcurrentRenders doit être entre 1 et 256")
            .Validate(o => o.MaxActiveRunsPerSchool is >= 1 and <= 1000, "CfgResults:MaxActiveRunsPerSchool doit être entre 1 et 1000")
            .Validate(o => o.FileRetentionDays is >= 1 and <= 3650, "CfgResults:FileRetentionDays doit être entre 1 et 3650")
            .Validate(o => o.MaxFilesPerSchool is >= 1 and <= 100_000, "CfgResults:MaxFilesPerSchool doit être entre 1 et 100 000")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        // The first hosted service, whatever is registered before: migrations and seeding are done before Hangfire's server
        // and Kestrel start (hosted services start one after the other, Kestrel last).
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, EngineStartupService>());
        services.AddCfgResultsEngine(sp => EngineOptions(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CfgResultsOptions>>().Value));
        services.AddSingleton<Pages.Navigation.IMenuProvider, Pages.Navigation.DefinitionMenuProvider>();
        services.AddSingleton<Pages.Navigation.SchoolNames>();
        services.AddSingleton<Pages.Navigation.HomeHeader>();
        services.AddSingleton<Pages.Gestion.TrialRunner>();
        services.AddHostedService<StartupService>();
        // Sign-in cookies and antiforgery tokens must survive a restart and work on every host: the key ring is in the
        // database (DatabaseKeyRing). (Bound late: test hosts set the data folder after Program has run this.)
        services.AddDataProtection().SetApplicationName("CfgResults");
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<KeyRingStore, Microsoft.Extensions.Options.IOptions<CfgResultsOptions>>((km, store, o) =>
                km.XmlRepository = new DatabaseKeyRing(store, Path.Combine(o.Value.DataDir, "keys")));
        return builder;
    }

    /// <summary>The engine's options from the `CfgResults` section.</summary>
    internal static EngineOptions EngineOptions(CfgResultsOptions o) => new()
    {
        DataDir = o.DataDir, PostgresConnection = string.IsNullOrEmpty(o.Db) ? null : o.Db, PublicBaseUrl = o.PublicBaseUrl,
        TemplateLimits = Engine.Templates.TemplateLimits.Default with
        {
            MarkupMemoryBudget = o.TemplateMemoryMegabytes * 1024L * 1024, CsvMemoryBudget = 2 * o.TemplateMemoryMegabytes * 1024L * 1024,
            MaxConcurrentRenders = o.MaxConcurrentRenders, RunMemoryBudget = (o.RunMemoryMegabytes ?? 4 * o.TemplateMemoryMegabytes) * 1024L * 1024,
        },
        Quotas = new Engine.Running.RunQuotaOptions
        {
            MaxActiveRunsPerSchool = o.MaxActiveRunsPerSchool, FileRetention = TimeSpan.FromDays(o.FileRetentionDays), MaxFilesPerSchool = o.MaxFilesPerSchool,
        },
    };

    /// <summary>
    /// Before the first request, once the engine has started (<see cref="EngineStartupService"/>): in demo mode an empty store
    /// gets the demo session and the demo accounts, which are printed with the address to open.
    /// </summary>
    sealed class StartupService(SessionStore sessions, CandidateSearch search, UserStore users, Microsoft.Extensions.Options.IOptions<CfgResultsOptions> options,
        TimeProvider clock, ILogger<StartupService> log, IServer server, IHostApplicationLifetime lifetime) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            var o = options.Value;
            if (!o.IsDemo) return;
            if (await sessions.IsEmptyAsync(ct))
            {
                var data = DemoSessionGenerator.Generate(new DemoOptions(Candidates: o.DemoCandidates, Seed: 1, Now: clock.GetUtcNow()));
                await sessions.ReplaceSessionAsync(data, ct);
                log.LogInformation("Session de démonstration {Code} chargée : {Count} candidats.", data.Session.Code, data.Candidates.Count);
            }
            var code = await sessions.LatestSessionCodeAsync(ct);
            var context = code is null ? null : await sessions.LoadContextAsync(code, ct);
            // The memo's school first, then the next ones; two of its students as candidates.
            var schools = context?.Schools.OrderBy(s => s.Uai == DemoSessionGenerator.MemoSchool.Uai ? 0 : 1).ThenBy(s => s.Uai, StringComparer.Ordinal)
                .Take(3).Select(s => (s.Uai, s.Name)).ToList() ?? [];
            var candidates = code is null || schools.Count == 0 ? [] :
                (await search.SearchAsync(Caller.School(schools[0].Uai, "demarrage"), code, [], 1, 2, ct)).Items.Select(i => i.Number).ToList();
            var accounts = await DemoAccounts.EnsureAsync(users, schools, candidates, ct);
            lifetime.ApplicationStarted.Register(() =>
            {
                var addresses = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
                Console.WriteLine();
                Console.WriteLine($"CfgResults est prêt : {string.Join(", ", addresses)}");
                Console.WriteLine("Comptes de démonstration (identifiant / mot de passe) :");
                foreach (var a in accounts) Console.WriteLine($"  {a.Login} / {a.Password}  — {a.Description}");
                Console.WriteLine();
            });
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}

/// <summary>The engine's start-up (<see cref="EngineStartup"/>), awaited before the next hosted services start.</summary>
sealed class EngineStartupService(EngineStartup startup) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => startup.InitializeAsync(ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
