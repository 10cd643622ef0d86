using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using CfgResults.Engine.Data.Postgres;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Tests.Support;
using Npgsql;

namespace CfgResults.Host.Tests.Cluster;

/// <summary>
/// Hosts as separate processes on one PostgreSQL database, each with its OWN data folder (no shared volume):
/// the demo session and accounts are loaded through the command line, then hosts are started on free ports.
/// </summary>
public sealed partial class ClusterWorld : IAsyncDisposable
{
    public const string ManagerLogin = "gestionnaire-cluster";
    public const string SchoolLogin = "etab-cluster";
    public const string Password = "Mot-de-passe-cluster-1";
    public const string School = "0783546F";

    readonly List<string> _folders = [];
    readonly PostgresDatabase _database;

    public string Connection { get; }
    public List<HostProcess> Hosts { get; } = [];

    ClusterWorld(PostgresDatabase database, string connection)
    {
        _database = database;
        Connection = connection;
    }

    public static async Task<ClusterWorld> CreateAsync(int candidates)
    {
        var database = await PostgresServer.CreateDatabaseAsync("cluster");
        var connection = new NpgsqlConnectionStringBuilder(await PostgresServer.AdminConnectionStringAsync()) { Database = database.DatabaseName }.ConnectionString;
        var world = new ClusterWorld(database, connection);
        var setup = world.NewFolder();
        async Task Cli(params string[] args)
        {
            var stderr = new StringWriter();
            var code = await Host.Cli.Cli.RunAsync(Host.Cli.CliArgs.Parse(["--data", setup, "--db", connection, .. args]), TextWriter.Null, stderr);
            Assert.True(code == 0, $"{string.Join(' ', args)} : {code} {stderr}");
        }
        await Cli("demo", "--candidates", candidates.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Cli("users", "add", ManagerLogin, "--role", "gestionnaire", "--password", Password);
        await Cli("users", "add", SchoolLogin, "--role", "etablissement", "--uai", School, "--password", Password);
        return world;
    }

    public string NewFolder()
    {
        var dir = Directory.CreateTempSubdirectory("cfgresults-host-").FullName;
        _folders.Add(dir);
        return dir;
    }

    /// <summary>Starts a host on its own new data folder; <paramref name="cores"/>: pinned with taskset to those CPUs.</summary>
    public async Task<HostProcess> StartHostAsync(string? cores = null)
    {
        var host = HostProcess.Start(NewFolder(), Connection, FreePort(), cores);
        Hosts.Add(host);
        await host.WaitReadyAsync();
        return host;
    }

    public Task<TestEngine> OpenEngineAsync() =>
        TestEngine.OpenAsync(new EngineOptions { DataDir = NewFolder(), PostgresConnection = Connection }, TimeProvider.System);

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var cn = new NpgsqlConnection(Connection);
        await cn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, cn);
        return await cmd.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in Hosts) await h.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.DropDatabaseAsync(_database);
        foreach (var f in _folders.Where(Directory.Exists)) Directory.Delete(f, true);
    }

    /// <summary>A browser-like client: one cookie jar for every address of 127.0.0.1 (cookies do not depend on the port).</summary>
    public static HttpClient NewClient(CookieContainer jar) =>
        new(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Signs in at <paramref name="baseUrl"/> (the page's antiforgery token, then the form).</summary>
    public static async Task SignInAsync(HttpClient client, string baseUrl, string login)
    {
        var html = await client.GetStringAsync(baseUrl + "/connexion");
        var token = WebUtility.HtmlDecode(TokenInput().Match(html).Groups[1].Value);
        var response = await client.PostAsync(baseUrl + "/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Login"] = login, ["Password"] = Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"connexion de {login} sur {baseUrl} : {(int)response.StatusCode}");
    }

    public static async Task<string> ApiTokenAsync(HttpClient client, string baseUrl) =>
        (await client.GetFromJsonAsync<JsonElement>(baseUrl + "/api/antiforgery")).GetProperty("jeton").GetString()!;

    /// <summary>Starts an activity through the API of <paramref name="baseUrl"/>; returns the run id (202 expected).</summary>
    public static async Task<string> StartAsync(HttpClient client, string baseUrl, string token, string activity, Dictionary<string, string> parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/api/activites/{activity}/editions")
        {
            Content = JsonContent.Create(new { parametres = parameters }),
        };
        request.Headers.Add("X-CSRF-TOKEN", token);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{activity} sur {baseUrl} : {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls the run through the API of <paramref name="baseUrl"/> until it ends; returns its French state.</summary>
    public static async Task<JsonElement> WaitRunAsync(HttpClient client, string baseUrl, string runId, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        JsonElement run;
        do
        {
            run = await client.GetFromJsonAsync<JsonElement>($"{baseUrl}/api/editions/{runId}");
            if (run.GetProperty("terminee").GetBoolean()) return run;
            await Task.Delay(300);
        }
        while (DateTime.UtcNow < end);
        return run;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}

/// <summary>One host program (`serve`) as a child process.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    public required Process Process { get; init; }
    public required string DataDir { get; init; }
    public required int Port { get; init; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public System.Text.StringBuilder Log { get; } = new();

    public static HostProcess Start(string dataDir, string connection, int port, string? cores = null)
    {
        string[] program = ["dotnet", "exec", typeof(Program).Assembly.Location, "--data", dataDir, "--db", connection, "--urls", $"http://127.0.0.1:{port}"];
        var info = cores is null ? new ProcessStartInfo(program[0], program[1..]) : new ProcessStartInfo("taskset", ["-c", cores, .. program]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["CfgResults__JobTakeoverSeconds"] = "5";
        info.Environment["CfgResults__Demo"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var p = Process.Start(info)!;
        var host = new HostProcess { Process = p, DataDir = dataDir, Port = port };
        p.OutputDataReceived += (_, e) => { lock (host.Log) host.Log.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { lock (host.Log) host.Log.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return host;
    }

    public async Task WaitReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var end = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < end)
        {
            Assert.False(Process.HasExited, $"l'hôte {Port} s'est arrêté : {Log}");
            try
            {
                if ((await client.GetAsync(BaseUrl + "/connexion")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(300);
        }
        Assert.Fail($"l'hôte {Port} ne répond pas : {Log}");
    }

    public async Task KillAsync()
    {
        if (Process.HasExited) return;
        Process.Kill(entireProcessTree: true); // SIGKILL
        await Process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Process.Dispose();
    }
}
