using CfgResults.Host.Setup;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace CfgResults.Host.Jobs;

/// <summary>
/// Hangfire: in-memory storage with the embedded store, PostgreSQL storage with PostgreSQL (every host
/// pointed at the same database is a worker of one cluster). The product's database stays the source of
/// truth; on start, what is due is re-planned (see <see cref="JobReconciler"/>).
/// </summary>
public static class JobsSetup
{
    public const string DashboardPath = "/hangfire";

    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // One storage per host, held by DI (not Hangfire's process-wide JobStorage.Current), so that two hosts in
        // one process — tests — never enqueue into each other's queues.
        services.AddSingleton<JobStorage>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CfgResultsOptions>>().Value;
            if (string.IsNullOrEmpty(o.Db)) return new Hangfire.InMemory.InMemoryStorage();
            var options = new PostgreSqlStorageOptions
            {
                // Poll every second (default 15 s) and keep long jobs invisible while they run (else re-run at 30 min).
                QueuePollInterval = TimeSpan.FromSeconds(1),
                UseSlidingInvisibilityTimeout = true,
                // How long a job whose worker died stays invisible before another worker takes it over.
                InvisibilityTimeout = TimeSpan.FromSeconds(o.JobTakeoverSeconds),
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
            };
            return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(o.Db, options), options);
        });
        services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            config.UseLogProvider(HangfireLogs.Provider);
        });
        services.AddHostedService<HangfireLogs.Registration>();
        services.AddHangfireServer((sp, o) =>
        {
            // One worker more than a school may keep busy: a school flooding the queue leaves a worker free for
            // another school's run, which then waits at most one run's time (SECURITY.md row 22).
            var perSchool = sp.GetRequiredService<IOptions<CfgResultsOptions>>().Value.MaxActiveRunsPerSchool;
            o.WorkerCount = Math.Max(Math.Max(2, Environment.ProcessorCount), perSchool + 1);
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.ServerName = $"cfgresults-{Environment.MachineName}-{Environment.ProcessId}";
        });
        services.AddSingleton<RunLauncher>();
        services.AddTransient<RunJob>();
        services.AddTransient<PublicationJob>();
        services.AddTransient<PublicationBatchJob>();
        services.AddHostedService<BatchDispatchRegistration>();
        services.AddHostedService<FolderMigrationLog>();
        services.AddHostedService<JobReconciler>();
        return builder;
    }

    public const string ParisTimeScript = "CfgResults.Host.Jobs.DashboardParisTime.js";
    static readonly Lock ParisTimeScriptLock = new();
    static bool _parisTimeScriptAdded;

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        // In French (Hangfire ships Strings.fr.resx and follows the request culture), dates as dd/MM/yyyy (issue 13 item 8).
        app.UseWhen(c => c.Request.Path.StartsWithSegments(DashboardPath), branch => branch.Use(async (context, next) =>
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = Engine.Domain.French.Culture;
            await next();
        }));
        // Paris times (issue 13 item 8): the dashboard formats its UTC instants in the browser's zone; this script moves them to Europe/Paris.
        lock (ParisTimeScriptLock)
        {
            if (!_parisTimeScriptAdded)
            {
                DashboardRoutes.AddJavaScript(typeof(JobsSetup).Assembly, ParisTimeScript);
                _parisTimeScriptAdded = true;
            }
        }
        app.UseHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new ManagerOnlyDashboardFilter()],
            DashboardTitle = "CfgResults — tâches",
            DisplayStorageConnectionString = false,
            AppPath = "/",
        });
        return app;
    }

    /// <summary>The dashboard is for exam managers only (SECURITY.md row 10).</summary>
    sealed class ManagerOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.Identity?.IsAuthenticated == true && user.IsInRole(Engine.Accounts.CallerRoles.Name(Engine.Accounts.CallerRole.Manager));
        }
    }
}

/// <summary>Hands the engine the Hangfire dispatcher, so that a publication's batches are jobs shared by the cluster.</summary>
sealed class BatchDispatchRegistration(Engine.Running.EngineServices services, IBackgroundJobClient jobs) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        services.Dispatcher = new HangfireBatchDispatcher(jobs);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
