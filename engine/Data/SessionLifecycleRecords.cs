namespace CfgResults.Engine.Data;

/// <summary>
/// Where a session is in its life: open (imports, runs and publications as the windows allow), closed (read-only:
/// no import, no publication; documents still downloadable), archived (closed and hidden from the selectors by
/// default, still reachable by its code). A purged session no longer exists; only a <see cref="PurgeRecord"/> is left.
/// </summary>
public enum SessionStatus { Open, Closed, Archived }

public static class SessionStatusNames
{
    /// <summary>The spelling stored in <c>sessions.status</c>.</summary>
    public static string Stored(SessionStatus status) => status switch
    {
        SessionStatus.Open => "ouverte",
        SessionStatus.Closed => "close",
        SessionStatus.Archived => "archivee",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static SessionStatus Parse(string stored) => stored switch
    {
        "ouverte" => SessionStatus.Open,
        "close" => SessionStatus.Closed,
        "archivee" => SessionStatus.Archived,
        _ => throw new FormatException($"État de session inconnu dans la base (sessions.status) : « {stored} »."),
    };

    /// <summary>As a person reads it: `ouverte`, `close`, `archivée`.</summary>
    public static string French(SessionStatus status) => status switch
    {
        SessionStatus.Open => "ouverte",
        SessionStatus.Closed => "close",
        SessionStatus.Archived => "archivée",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>What a purge left behind: counts, when and by whom; no candidate's name, number or grade.</summary>
public sealed record PurgeRecord(string Code, string Label, DateTimeOffset PurgedAt, string PurgedBy, PurgeCounts Counts);

/// <summary>How many rows and files a purge removed, and how many published versions it kept.</summary>
public sealed record PurgeCounts(int Candidates, int Grades, int Schools, int Windows, int Runs, int RunFiles, int UnreleasedVersions,
    int PlannedPublications, int KeptVersions)
{
    public string Describe() =>
        $"{Candidates} candidat(s), {Grades} note(s), {Schools} établissement(s), {Windows} fenêtre(s), {Runs} édition(s) dont {RunFiles} fichier(s), "
        + $"{UnreleasedVersions} relevé(s) non encore disponible(s), {PlannedPublications} publication(s) planifiée(s) supprimé(s) ; "
        + $"{KeptVersions} relevé(s) publié(s) conservé(s)";
}
