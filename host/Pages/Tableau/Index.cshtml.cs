using System.Text;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Csv;
using CfgResults.Engine.Data;
using CfgResults.Engine.Statistics;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Editions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Tableau;

/// <summary>
/// « Tableau de bord des résultats »: a session's figures for an exam manager (the whole session) or a school (its own
/// students only, the UAI of its account; never another school's even when asked). Charts drawn on the server, each
/// followed by its table; the figures as a French-Excel CSV (`?handler=csv`, audited as `tableau.telechargement`).
/// </summary>
[Authorize(Roles = CallerRoles.SchoolName + "," + CallerRoles.ManagerName)]
public sealed class IndexModel(AuditLog audit, SessionStore sessions, ResultsStatistics statistics) : PageModel
{
    public const string AuditAction = "tableau.telechargement";

    [FromQuery(Name = "session")] public string? SessionCode { get; set; }

    public SessionStatistics? Stats { get; private set; }
    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];
    public IReadOnlyDictionary<string, string> SchoolNames { get; private set; } = new Dictionary<string, string>();
    public bool IsSchool { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return this.NotFoundPage();
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return this.NotFoundPage();
        var stats = Stats!;
        var stream = new MemoryStream();
        using (var csv = new FrenchCsvWriter(stream))
        {
            csv.WriteHeader(["Rubrique", "Élément", "Indicateur", "Valeur"]);
            foreach (var (section, item, indicator, value) in Figures(stats))
            {
                csv.WriteText(section); csv.WriteText(item); csv.WriteText(indicator);
                if (value is { } v) csv.WriteNumber(v); else csv.WriteText(null);
                csv.EndRow();
            }
            csv.Flush();
        }
        stream.Position = 0;
        var name = DeliverName(stats);
        await audit.RecordAsync(HttpContext.GetCaller(), AuditAction, $"session:{stats.Session.Code}", name, ct);
        return this.Download(stream, "text/csv; charset=utf-8", name);
    }

    string DeliverName(SessionStatistics stats) =>
        Engine.Steps.DeliverDownload.SafeFileName($"chiffres-{stats.Session.Code}{(stats.SchoolUai is { } uai ? "-" + uai : "")}", ".csv");

    /// <summary>Schools the page lists at most (the lowest pass rates); the CSV has every one.</summary>
    public const int MaxSchoolsShown = 10;

    /// <summary>Every figure of the page, one per row (a long table: easy to filter or pivot in a spreadsheet).</summary>
    public IEnumerable<(string Section, string Item, string Indicator, decimal? Value)> Figures(SessionStatistics stats)
    {
        IEnumerable<(string, string, string, decimal?)> Counts(string section, string item, ResultCounts c) =>
        [
            (section, item, "Candidats", c.Candidates), (section, item, "Présents", c.Present), (section, item, "Admis", c.Admitted),
            (section, item, "Refusés", c.Refused), (section, item, "Absents", c.Absent), (section, item, "Résultats réservés", c.Held),
            (section, item, "Taux de réussite (%)", c.PassRate),
        ];
        foreach (var f in Counts("Ensemble", stats.Session.Label, stats.Overall)) yield return f;
        foreach (var s in stats.BySchool)
            foreach (var f in Counts("Établissement", SchoolName(s.Key), s)) yield return f;
        foreach (var g in stats.ByGroup)
            foreach (var f in Counts("Groupe de décision", g.Key, g)) yield return f;
        foreach (var b in stats.Totals)
            yield return ("Répartition des totaux", BinLabel(b), "Candidats", b.Count);
        foreach (var e in stats.Exams)
        {
            var item = $"{e.Code} - {e.Label}";
            yield return ("Épreuve", item, "Barème", e.MaxPoints);
            yield return ("Épreuve", item, "Notes saisies", e.Graded);
            yield return ("Épreuve", item, "Moyenne", e.Average);
            yield return ("Épreuve", item, "Absents (AB)", e.Absent);
        }
    }

    public string SchoolName(string uai) => SchoolNames.TryGetValue(uai, out var name) ? name : uai;

    public static string BinLabel(TotalBin b) => $"de {DashboardCharts.Points(b.From)} à {DashboardCharts.Points(b.To)}";

    public static string Rate(decimal? rate) => rate is { } r ? r.ToString("0.0", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) + " %" : "—";

    public static string SvgImage(string svg) => "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        IsSchool = caller.IsSchool;
        Sessions = await sessions.ListSessionsAsync(ct);
        var code = string.IsNullOrWhiteSpace(SessionCode) ? await sessions.LatestSessionCodeAsync(ct) : SessionCode.Trim();
        if (code is null) return false;
        // A school's figures are its own students', whatever the request says: the UAI comes from its account.
        Stats = await statistics.ComputeAsync(code, caller.IsSchool ? caller.Uai : null, ct);
        if (Stats is null) return false;
        if (await sessions.LoadContextAsync(code, ct) is { } context)
            SchoolNames = context.Schools.ToDictionary(s => s.Uai, s => s.DisplayWithUai, StringComparer.Ordinal);
        return true;
    }
}
