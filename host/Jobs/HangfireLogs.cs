using Hangfire.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace CfgResults.Host.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider. Tied to one host's ILoggerFactory, it would fail once
/// that host is disposed while another host of the same process (tests) keeps running. This provider
/// forwards to the most recent host still running, and drops the line when none is.
/// </summary>
public static class HangfireLogs
{
    static readonly object Gate = new();
    static readonly List<ILoggerFactory> Running = [];

    public static readonly ILogProvider Provider = new ForwardingProvider();

    static ILoggerFactory? Current
    {
        get { lock (Gate) return Running.Count == 0 ? null : Running[^1]; }
    }

    /// <summary>Adds the host's logger factory while the host runs; removes it as soon as the host starts stopping.</summary>
    public sealed class Registration(ILoggerFactory factory, IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            lock (Gate) Running.Add(factory);
            lifetime.ApplicationStopping.Register(() => { lock (Gate) Running.Remove(factory); });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct)
        {
            lock (Gate) Running.Remove(factory);
            return Task.CompletedTask;
        }
    }

    sealed class ForwardingProvider : ILogProvider
    {
        public ILog GetLogger(string name) => new Forwarding(name);
    }

    sealed class Forwarding(string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string> messageFunc, Exception exception)
        {
            if (Current?.CreateLogger(name) is not { } logger) return false;
            var level = logLevel switch
            {
                HangfireLevel.Trace => Microsoft.Extensions.Logging.LogLevel.Trace,
                HangfireLevel.Debug => Microsoft.Extensions.Logging.LogLevel.Debug,
                HangfireLevel.Info => Microsoft.Extensions.Logging.LogLevel.Information,
                HangfireLevel.Warn => Microsoft.Extensions.Logging.LogLevel.Warning,
                HangfireLevel.Error => Microsoft.Extensions.Logging.LogLevel.Error,
                _ => Microsoft.Extensions.Logging.LogLevel.Critical,
            };
            if (messageFunc is null) return logger.IsEnabled(level);
            logger.Log(level, exception, "{Message}", messageFunc());
            return true;
        }
    }
}
