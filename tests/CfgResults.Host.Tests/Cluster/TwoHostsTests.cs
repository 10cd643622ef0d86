using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace CfgResults.Host.Tests.Cluster;

/// <summary>
/// Issue 9, items 3 and 5: two hosts with DIFFERENT data folders on one PostgreSQL database serve any request:
/// a user signed in on A calls B's API with the same cookie and CSRF token; a transcript published through one is
/// downloaded byte-identical through the other; a run launched on A is downloaded from B. Then the same through
/// nginx (Debian's package, started here with deploy/nginx.conf) in round robin in front of both.
/// </summary>
public sealed class TwoHostsTests
{
    [Fact]
    public async Task TwoHosts_WithTheirOwnDataFolders_ShareSignIn_Antiforgery_Documents_AndRuns()
    {
        await using var w = await ClusterWorld.CreateAsync(300);
        var a = await w.StartHostAsync();
        var b = await w.StartHostAsync();
        Assert.NotEqual(a.DataDir, b.DataDir);
        await AssertSharedAsync(w, a.BaseUrl, b.BaseUrl);
        // Nothing generated or secret on either host's disk: only what a host may lose.
        foreach (var dir in new[] { a.DataDir, b.DataDir })
        {
            Assert.False(Directory.Exists(Path.Combine(dir, "keys")));
            Assert.Empty(Directory.EnumerateFiles(dir, "*.pdf", SearchOption.AllDirectories));
            Assert.Empty(Directory.EnumerateFiles(dir, "*.csv", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public async Task TwoHosts_BehindNginxRoundRobin_ShareSignIn_Antiforgery_Documents_AndRuns()
    {
        await using var w = await ClusterWorld.CreateAsync(300);
        var a = await w.StartHostAsync();
        var b = await w.StartHostAsync();
        var prefix = w.NewFolder();
        var port = ClusterWorld.FreePort();
        await using var nginx = await NginxAsync(prefix, port, a.Port, b.Port);
        var front = $"http://127.0.0.1:{port}";
        await AssertSharedAsync(w, front, front);
        // Round robin really spread the requests over both hosts.
        var upstreams = File.ReadAllLines(Path.Combine(prefix, "cfgresults-access.log")).Select(l => l.Split(' ')[^1]).Distinct().ToList();
        Assert.Contains($"127.0.0.1:{a.Port}", upstreams);
        Assert.Contains($"127.0.0.1:{b.Port}", upstreams);
    }

    static async Task AssertSharedAsync(ClusterWorld w, string first, string second)
    {
        // The exam manager signs in on the first host and uses the second host's API with the same cookie and CSRF token.
        var jar = new CookieContainer();
        using var manager = ClusterWorld.NewClient(jar);
        await ClusterWorld.SignInAsync(manager, first, ClusterWorld.ManagerLogin);
        var token = await ClusterWorld.ApiTokenAsync(manager, first);
        var publication = await ClusterWorld.StartAsync(manager, second, token, "publication-releves",
            new() { ["disponible_le"] = "01/01/2020 08:00", ["etablissement"] = ClusterWorld.School, ["publie_par"] = "Service A" });
        var ended = await ClusterWorld.WaitRunAsync(manager, first, publication, TimeSpan.FromSeconds(120));
        Assert.Equal("Succeeded", ended.GetProperty("etatCode").GetString());

        // A transcript downloads byte-identical through both, and is what was recorded.
        var versions = new List<(long Id, string Sha)>();
        await using (var cn = new Npgsql.NpgsqlConnection(w.Connection))
        {
            await cn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("SELECT id, file_sha256 FROM document_versions WHERE run_id = @run ORDER BY id LIMIT 3", cn);
            cmd.Parameters.AddWithValue("run", publication);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) versions.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        Assert.NotEmpty(versions);
        foreach (var (id, sha) in versions)
        {
            var one = await manager.GetByteArrayAsync($"{first}/api/documents/{id}");
            var other = await manager.GetByteArrayAsync($"{second}/api/documents/{id}");
            Assert.Equal(one, other);
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(one)));
        }

        // A school signs in on the second host, launches an extraction on the first, downloads it from the second.
        var group = (string)(await w.ScalarAsync($"SELECT MIN(decision_group) FROM candidates WHERE registration_school = '{ClusterWorld.School}'"))!;
        using var school = ClusterWorld.NewClient(new CookieContainer());
        await ClusterWorld.SignInAsync(school, second, ClusterWorld.SchoolLogin);
        var schoolToken = await ClusterWorld.ApiTokenAsync(school, second);
        var extraction = await ClusterWorld.StartAsync(school, first, schoolToken, "extraction-notes", new() { ["groupe_decision"] = group, ["inclure_nom"] = "O" });
        var done = await ClusterWorld.WaitRunAsync(school, second, extraction, TimeSpan.FromSeconds(60));
        Assert.Equal("Succeeded", done.GetProperty("etatCode").GetString());
        var csv = await school.GetByteArrayAsync($"{second}/api/editions/{extraction}/fichier");
        var recorded = (string)(await w.ScalarAsync($"SELECT output_sha256 FROM runs WHERE id = '{extraction}'"))!;
        Assert.Equal(recorded, Convert.ToHexStringLower(SHA256.HashData(csv)));
        Assert.Equal(csv, await school.GetByteArrayAsync($"{first}/api/editions/{extraction}/fichier"));
    }

    /// <summary>nginx with the repository's deploy/nginx.conf, its ports and paths replaced, in the foreground.</summary>
    static async Task<NginxProcess> NginxAsync(string prefix, int port, int hostA, int hostB)
    {
        var root = Engine.Hosting.ShippedFiles.Locate(new Engine.Hosting.EngineOptions()).Definitions;
        var conf = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(root)!, "deploy", "nginx.conf"));
        conf = conf.Replace("127.0.0.1:8080", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5001", $"127.0.0.1:{hostA}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5002", $"127.0.0.1:{hostB}", StringComparison.Ordinal)
            .Replace("/run/nginx-cfgresults.pid", Path.Combine(prefix, "nginx.pid"), StringComparison.Ordinal)
            .Replace("/var/log/nginx/", prefix + "/", StringComparison.Ordinal)
            .Replace("/var/lib/nginx/", prefix + "/", StringComparison.Ordinal)
            .Replace("access_log " + prefix + "/cfgresults-access.log;",
                "log_format upstreams '$request $status $upstream_addr';\n    access_log " + prefix + "/cfgresults-access.log upstreams;", StringComparison.Ordinal);
        var file = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(file, conf);
        var p = Process.Start(new ProcessStartInfo(CfgResults.Tests.Shared.DebianPackages.Tool("nginx"), ["-c", file, "-p", prefix, "-g", "daemon off;"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 100; i++)
        {
            Assert.False(p.HasExited, "nginx s'est arrêté : " + await p.StandardError.ReadToEndAsync());
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{port}/connexion")).IsSuccessStatusCode) return new NginxProcess(p);
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        p.Kill();
        throw new InvalidOperationException("nginx ne répond pas");
    }

    sealed class NginxProcess(Process p) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }
            p.Dispose();
        }
    }
}
