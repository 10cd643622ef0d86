namespace CfgResults.Bench;

/// <summary>
/// CPU time spent by the PostgreSQL backends serving one database (the server runs on this machine): a sampler thread
/// reads <c>/proc/PID/stat</c> (user + system time) of every process whose command line is
/// « postgres: USER DATABASE … » every 100 ms and keeps each backend's last value; the total is the sum of what each
/// backend spent since the probe started. Work of the server's shared processes (WAL writer, checkpointer, autovacuum)
/// is not counted: it is shared with whatever else the server serves. Zero where /proc is not readable.
/// </summary>
public sealed class ServerCpu : IDisposable
{
    const double TicksPerSecond = 100; // USER_HZ on Linux

    readonly string _needle;
    readonly Dictionary<int, long> _start = [];
    readonly Dictionary<int, long> _last = [];
    // Processes already looked at: whether each is one of the database's backends (its command line is read once).
    readonly Dictionary<int, bool> _known = [];
    readonly Thread _thread;
    volatile bool _stop;

    public ServerCpu(string database)
    {
        _needle = $" {database} ";
        lock (_last)
            foreach (var (pid, ticks) in Backends()) _start[pid] = ticks;
        _thread = new Thread(Run) { IsBackground = true, Name = "bench-server-cpu" };
        _thread.Start();
    }

    void Run()
    {
        while (!_stop)
        {
            Sample();
            Thread.Sleep(100);
        }
    }

    void Sample()
    {
        lock (_last)
            foreach (var (pid, ticks) in Backends())
                _last[pid] = ticks;
    }

    /// <summary>Stops sampling; returns the backends' CPU time since the start.</summary>
    public TimeSpan Stop()
    {
        if (!_stop)
        {
            _stop = true;
            _thread.Join();
            Sample();
        }
        long ticks;
        lock (_last) ticks = _last.Sum(p => p.Value - _start.GetValueOrDefault(p.Key));
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    IEnumerable<(int Pid, long Ticks)> Backends()
    {
        string[] dirs;
        try { dirs = Directory.GetDirectories("/proc"); }
        catch (IOException) { yield break; }
        catch (UnauthorizedAccessException) { yield break; }
        foreach (var dir in dirs)
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            long? ticks = null;
            try
            {
                if (!_known.TryGetValue(pid, out var backend))
                {
                    var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                    _known[pid] = backend = cmdline.StartsWith("postgres: ", StringComparison.Ordinal) && cmdline.Contains(_needle, StringComparison.Ordinal);
                }
                if (!backend) continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the command name (which is in parentheses): state is field 3, utime 14, stime 15.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            if (ticks is { } t) yield return (pid, t);
        }
    }

    public void Dispose() => Stop();
}
