using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CfgResults.Engine.Data.Postgres;
using Npgsql;

namespace CfgResults.Engine.Tests.Support;

/// <summary>
/// One PostgreSQL server for the whole test run, shared by every test class: the one named by the
/// environment variable CFGRESULTS_TEST_PG (an admin connection string), or else a throw-away
/// PostgreSQL 15 started here (installed with apt-get when absent and running as root; initdb + pg_ctl on 127.0.0.1, a free port, a temporary folder; as the
/// <c>postgres</c> user when running as root) and stopped when the test process exits.
/// When neither is possible, <see cref="CreateDatabaseAsync"/> throws: PostgreSQL tests fail, they never skip.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "CFGRESULTS_TEST_PG";

    static readonly Lazy<Task<Server>> Instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new, empty database with a unique name (not migrated).</summary>
    public static async Task<PostgresDatabase> CreateDatabaseAsync(string prefix = "cfgtest")
    {
        var server = await Instance.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        if (!IsSafeIdentifier(name)) throw new ArgumentException($"Préfixe de base invalide : {prefix}.", nameof(prefix));
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var command = admin.CreateCommand();
            // CREATE DATABASE takes no parameters; the name is generated above from [a-z0-9_] only.
            command.CommandText = $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0";
            await command.ExecuteNonQueryAsync();
        }
        server.Created.TryAdd(name, 0);
        return new PostgresDatabase(new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing what still uses it.</summary>
    public static async Task DropDatabaseAsync(PostgresDatabase database)
    {
        var server = await Instance.Value;
        await database.DisposeAsync();
        await using var admin = new NpgsqlConnection(server.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = admin.CreateCommand();
        if (!IsSafeIdentifier(database.DatabaseName)) throw new ArgumentException(database.DatabaseName);
        command.CommandText = $"DROP DATABASE IF EXISTS \"{database.DatabaseName}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
        server.Created.TryRemove(database.DatabaseName, out _);
    }

    /// <summary>The admin connection string in use (for tests that need a second, independent connection).</summary>
    public static async Task<string> AdminConnectionStringAsync() => (await Instance.Value).AdminConnectionString;

    static bool IsSafeIdentifier(string name) => name.Length is > 0 and <= 63 && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_');

    sealed class Server(string adminConnectionString, Action stop)
    {
        public string AdminConnectionString { get; } = adminConnectionString;
        public System.Collections.Concurrent.ConcurrentDictionary<string, byte> Created { get; } = new();
        public Action Stop { get; } = stop;
    }

    static async Task<Server> StartAsync()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        Server server;
        if (!string.IsNullOrWhiteSpace(given))
        {
            await CheckReachableAsync(given, $"la variable {EnvironmentVariable}");
            // An outside server outlives the tests: drop what the tests created.
            server = new Server(given, () => { });
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropCreated(server);
        }
        else
        {
            server = await StartThrowAwayAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        }
        return server;
    }

    static void DropCreated(Server server)
    {
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(server.AdminConnectionString);
        admin.Open();
        foreach (var name in server.Created.Keys)
        {
            using var command = admin.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
            command.ExecuteNonQuery();
        }
    }

    static async Task<Server> StartThrowAwayAsync()
    {
        var bin = FindBinaries();
        var asRoot = Environment.UserName == "root";
        var folder = Directory.CreateTempSubdirectory("cfgresults-pg-").FullName;
        if (asRoot) Run("chown", ["postgres", folder], asPostgres: false);
        var data = Path.Combine(folder, "pg");
        var port = FreePort();
        // Before initdb: a test host killed while the server is being created must not leave the folder behind.
        StartWatchdog(folder, Path.Combine(bin, "pg_ctl"), asRoot);

        Run(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"], asRoot);
        // Durability is worthless for a throw-away test server; without fsync the tests run faster.
        var options = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(folder, "log"), "-w", "-t", "60", "start"], asRoot);

        void Stop()
        {
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asRoot);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        var connection = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres",
        }.ConnectionString;
        try
        {
            await CheckReachableAsync(connection, $"le serveur PostgreSQL de test démarré dans {folder}");
        }
        catch
        {
            Stop();
            throw;
        }
        return new Server(connection, Stop);
    }

    /// <summary>
    /// The test host may be killed rather than exit (a run cancelled, a hung test), and then no exit handler
    /// runs: a small shell outlives it, waits for it to end, stops the server if it still runs and deletes
    /// the folder. After a normal exit it only finds the folder already gone.
    /// </summary>
    static void StartWatchdog(string folder, string pgCtl, bool asRoot)
    {
        const string script = """
            exec >/dev/null 2>&1 </dev/null
            while kill -0 "$1"; do sleep 1; done
            if [ -f "$2/pg/postmaster.pid" ]; then
              if [ "$4" = root ]; then runuser -u postgres -- "$3" -D "$2/pg" -m immediate -w stop; else "$3" -D "$2/pg" -m immediate -w stop; fi
            fi
            rm -rf "$2"
            """;
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in new[] { "-c", script, "cfgresults-pg-watchdog", Environment.ProcessId.ToString(), folder, pgCtl, asRoot ? "root" : "user" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Impossible de lancer la surveillance du serveur PostgreSQL de test.");
    }

    static string FindBinaries()
    {
        const string preferred = "/usr/lib/postgresql/15/bin";
        if (File.Exists(Path.Combine(preferred, "pg_ctl"))) return preferred;
        // A fresh machine of this image: Debian's postgresql (15) installed on first use when the tests run as root.
        if (!Directory.Exists("/usr/lib/postgresql") && Environment.UserName == "root")
            CfgResults.Tests.Shared.DebianPackages.Ensure(Path.Combine(preferred, "pg_ctl"), "postgresql");
        if (File.Exists(Path.Combine(preferred, "pg_ctl"))) return preferred;
        var other = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            : null;
        return other ?? throw new InvalidOperationException(
            $"Tests PostgreSQL impossibles : ni {EnvironmentVariable} (chaîne de connexion d'un serveur de test) ni PostgreSQL installé " +
            $"dans {preferred} (apt-get install -y postgresql).");
    }

    static async Task CheckReachableAsync(string connectionString, string origin)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new InvalidOperationException($"Tests PostgreSQL impossibles : connexion refusée pour {origin} : {e.Message}", e);
        }
    }

    /// <summary>Runs a tool, as the postgres user when we are root (PostgreSQL refuses to run as root).</summary>
    static void Run(string file, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
            foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Impossible de lancer {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"Tests PostgreSQL impossibles : {Path.GetFileName(file)} ne répond pas.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"Tests PostgreSQL impossibles : {Path.GetFileName(file)} a échoué (code {process.ExitCode}) : {stderr.Result}{stdout.Result}");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
