using System.Net;
using System.Text.RegularExpressions;

namespace CfgResults.Host.Tests.Cluster;

/// <summary>
/// Issue 9, item 4: a publication fanned out as one Hangfire job per batch of schools over two hosts (own data folders,
/// one PostgreSQL). kill -9 of a host while it executes a batch: the other host takes the batch over and finishes the
/// publication; exactly one version per candidate; the run ends « Terminée » with the right counts; nothing orphaned.
/// </summary>
public sealed partial class FanOutKillTests
{
    [Fact]
    public async Task KillingAHostDuringAFannedOutPublication_TheOtherFinishesIt_EachVersionWrittenOnce()
    {
        await using var w = await ClusterWorld.CreateAsync(6000);
        var a = await w.StartHostAsync();
        var b = await w.StartHostAsync();
        using var client = ClusterWorld.NewClient(new CookieContainer());
        await ClusterWorld.SignInAsync(client, a.BaseUrl, ClusterWorld.ManagerLogin);
        var run = await ClusterWorld.StartAsync(client, a.BaseUrl, await ClusterWorld.ApiTokenAsync(client, a.BaseUrl), "publication-releves",
            new() { ["disponible_le"] = "01/01/2020 08:00" });

        // Both hosts execute batches; once some are done, kill -9 a host that is executing one.
        HostProcess? victim = null;
        var end = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (victim is null && DateTime.UtcNow < end)
        {
            var done = Convert.ToInt64(await w.ScalarAsync($"SELECT COUNT(*) FROM publication_batches WHERE run_id = '{run}' AND state = 'Done'"));
            var busy = await BatchWorkerPidsAsync(w);
            if (done >= 1 && busy.Count > 0) victim = w.Hosts.FirstOrDefault(h => busy.Contains(h.Process.Id));
            else await Task.Delay(100);
        }
        Assert.True(victim is not null, "aucun hôte n'a été surpris en train d'exécuter un lot");
        var batches = Convert.ToInt64(await w.ScalarAsync($"SELECT COUNT(*) FROM publication_batches WHERE run_id = '{run}'"));
        Assert.True(batches >= 10, $"{batches} lots seulement");
        await victim.KillAsync();
        var survivor = w.Hosts.Single(h => h != victim);

        var ended = await ClusterWorld.WaitRunAsync(client, survivor.BaseUrl, run, TimeSpan.FromSeconds(240));
        Assert.Equal("Succeeded", ended.GetProperty("etatCode").GetString());
        Assert.Equal("Terminée", ended.GetProperty("etat").GetString());

        // In scope: registered, not held for fraud, deliberated (no transcript before deliberation).
        var inScope = Convert.ToInt64(await w.ScalarAsync("SELECT COUNT(*) FROM candidates WHERE state = 'Inscrit' AND fraud_suspected = 0 AND result IS NOT NULL"));
        Assert.Equal(inScope, Convert.ToInt64(await w.ScalarAsync($"SELECT COUNT(*) FROM document_versions WHERE run_id = '{run}'")));
        Assert.Equal(0L, Convert.ToInt64(await w.ScalarAsync("SELECT COUNT(*) FROM (SELECT document_id FROM document_versions GROUP BY document_id HAVING COUNT(*) > 1) d")));
        Assert.Equal(inScope, Convert.ToInt64(await w.ScalarAsync($"SELECT row_count FROM runs WHERE id = '{run}'")));
        Assert.Equal(inScope, Convert.ToInt64(await w.ScalarAsync($"SELECT SUM(written) FROM publication_batches WHERE run_id = '{run}'")));
        Assert.Equal(0L, Convert.ToInt64(await w.ScalarAsync($"SELECT COUNT(*) FROM publication_batches WHERE run_id = '{run}' AND state <> 'Done'")));
        // The killed batch was executed again (by the survivor).
        Assert.True(Convert.ToInt64(await w.ScalarAsync($"SELECT MAX(attempts) FROM publication_batches WHERE run_id = '{run}'")) >= 2);
        // No orphan: every stored content is named by a version or a run, every chunk by a content, every version has its content.
        Assert.Equal(0L, Convert.ToInt64(await w.ScalarAsync("""
            SELECT COUNT(*) FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.file_sha256 = b.sha256)
              AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.output_sha256 = b.sha256)
            """)));
        Assert.Equal(0L, Convert.ToInt64(await w.ScalarAsync("SELECT COUNT(*) FROM document_versions v WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = v.file_sha256)")));
        Assert.Equal(0L, Convert.ToInt64(await w.ScalarAsync("SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = d.id)")));
        // The session is free again for the next publication.
        Assert.Equal(0L, Convert.ToInt64(await w.ScalarAsync("SELECT COUNT(*) FROM publication_locks")));
    }

    /// <summary>Process ids of the hosts whose Hangfire worker is executing a publication batch now.</summary>
    static async Task<HashSet<int>> BatchWorkerPidsAsync(ClusterWorld w)
    {
        var data = await w.ScalarAsync("""
            SELECT string_agg(s.data::text, ' | ') FROM hangfire.job j JOIN hangfire.state s ON s.id = j.stateid
            WHERE j.statename = 'Processing' AND j.invocationdata::text LIKE '%PublicationBatchJob%'
            """) as string;
        return data is null ? [] : ServerPid().Matches(data).Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
    }

    [GeneratedRegex(@"cfgresults-[^""]*?-(\d+):")]
    private static partial Regex ServerPid();
}
