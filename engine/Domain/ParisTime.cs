namespace CfgResults.Engine.Domain;

/// <summary>Europe/Paris, where every window and date of the product lives, and the one way an instant is written for a person.</summary>
public static class ParisTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>How a Paris date and time is written for a person and in the interchange files: `01/07/2019 08:00`.</summary>
    public const string DateTimeFormat = "dd/MM/yyyy HH:mm";

    public static DateTime ToLocal(DateTimeOffset instant) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, Zone).DateTime, DateTimeKind.Unspecified);

    /// <summary>A Paris wall-clock time as an instant; in the autumn overlap the first occurrence is taken.</summary>
    public static DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local)) local = local.AddHours(1); // spring gap: the hour that does not exist
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>A Paris wall-clock time as a person reads it: `01/07/2019 08:00`.</summary>
    public static string Format(DateTime local) => local.ToString(DateTimeFormat, French.Culture);

    /// <summary>An instant as a person in Paris reads it: `01/07/2019 08:00`.</summary>
    public static string Format(DateTimeOffset instant) => Format(ToLocal(instant));
}
