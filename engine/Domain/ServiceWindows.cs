namespace CfgResults.Engine.Domain;

/// <param name="OpenGroups">Open for these groups only (no group asked, no window of the whole session open); null: for all.</param>
public readonly record struct ServiceWindowVerdict(bool IsOpen, ServiceWindow? Cited, IReadOnlyList<string>? OpenGroups = null);

/// <summary>
/// Whether a service is open now, from the session's windows: read by the service-window gate, the activity
/// page and document access alike, so that all three give the same answer.
/// </summary>
public static class ServiceWindows
{
    /// <summary>
    /// Bounds are Paris wall-clock times turned into instants before comparing, so a window is open for
    /// exactly [opens, closes) even when the autumn change repeats an hour (the first occurrence counts).
    /// </summary>
    public static ServiceWindowVerdict Evaluate(IEnumerable<ServiceWindow> windows, ServiceKind service, string? group, DateTimeOffset now)
    {
        var applicable = windows.Where(w => w.Service == service && (w.DecisionGroup is null || group is null || w.DecisionGroup == group))
            .Select(w => (Window: w, Opens: ParisTime.ToInstant(w.Opens), Closes: ParisTime.ToInstant(w.Closes))).ToList();
        var open = applicable.Where(w => w.Opens <= now && now < w.Closes).Select(w => w.Window).ToList();
        if (open.Any(w => w.DecisionGroup is null || group is not null)) return new(true, null);
        if (open.Count > 0) return new(true, null, [.. open.Select(w => w.DecisionGroup!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
        var next = applicable.Where(w => w.Opens > now).OrderBy(w => w.Opens).Select(w => w.Window).FirstOrDefault();
        var last = applicable.Where(w => w.Closes <= now).OrderByDescending(w => w.Closes).Select(w => w.Window).FirstOrDefault();
        return new(false, next ?? last);
    }

    /// <summary>
    /// Stops a Paris wall-clock time from being passed for an instant: C# would convert it silently with the
    /// server's own time zone, shifting every window by an hour or two on a server set to UTC.
    /// </summary>
    [Obsolete("Passer l'instant (DateTimeOffset), pas l'heure de Paris.", error: true)]
    public static ServiceWindowVerdict Evaluate(IEnumerable<ServiceWindow> windows, ServiceKind service, string? group, DateTime localNow) =>
        throw new InvalidOperationException();
}
