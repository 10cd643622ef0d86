using CfgResults.Engine.Hosting;

namespace CfgResults.Host.Jobs;

/// <summary>Says at start (after the engine's start-up, which ran it) what the migration of a folder-based data directory did, and every file it refused.</summary>
sealed class FolderMigrationLog(EngineStartup startup, ILogger<FolderMigrationLog> log) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        var report = startup.FolderMigration;
        if (report.Migrated > 0) log.LogInformation("Migration du dossier de données : {Count} fichier(s) vérifié(s) et copié(s) dans la base.", report.Migrated);
        foreach (var i in report.Issues)
            log.LogError("Migration du dossier de données : {Owner} ({Path}) refusé : {Problem} (attendu {Expected}, trouvé {Actual}).",
                i.Owner, i.Path, i.Problem, i.ExpectedSha256, i.ActualSha256 ?? "rien");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
