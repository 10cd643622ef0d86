using System.Globalization;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>A clock stopped at one instant: a trial run « à l'instant T » sees T as now (timers stay real, so template deadlines still fire).</summary>
public sealed class FixedTimeProvider(DateTimeOffset instant) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => instant;
}

/// <summary>The date-times the exam manager reads and types: `01/07/2026 08:00`, Europe/Paris.</summary>
public static class ParisDates
{
    public const string DateTimeFormat = ParisTime.DateTimeFormat;
    public const string DateFormat = "dd/MM/yyyy";

    public static string Format(DateTimeOffset instant) => ParisTime.Format(instant);

    public static string Format(DateTime local) => ParisTime.Format(local);

    /// <summary>Exactly `JJ/MM/AAAA HH:MM` (the interchange format); the time is Paris wall-clock time.</summary>
    public static bool TryParseLocal(string? text, out DateTime local) =>
        DateTime.TryParseExact((text ?? "").Trim(), DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact((text ?? "").Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>« extraction des notes », for the exam manager's lists.</summary>
    public static string ServiceLabel(ServiceKind service) => service switch
    {
        ServiceKind.GradeExtraction => "Extraction des notes (établissements)",
        ServiceKind.SchoolPublication => "Publication des résultats aux établissements",
        ServiceKind.CandidatePublication => "Publication des résultats aux candidats",
        _ => French.Name(service),
    };
}
