using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>
/// What the tests do again and again, as a person would: open an entry of the main menu, wait on a run's
/// page until it has finished, download the file a button offers. Plus two looks behind the scenes that
/// a person does not need but a test does: the demo candidates' numbers and the store's data.
/// </summary>
static class Steps
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Opens « <paramref name="group"/> » in the main menu and follows its link « <paramref name="entry"/> ».</summary>
    public static async Task OpenFromMenuAsync(IPage page, string group, string entry)
    {
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" });
        await menu.Locator("summary", new() { HasTextString = group }).ClickAsync();
        await menu.GetByRole(AriaRole.Link, new() { Name = entry, Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>
    /// Runs a test that changes shared state, then puts the state back, whatever happened. Unlike a bare
    /// finally, a failing restore does not hide the test's own failure: both are reported.
    /// </summary>
    public static async Task ThenRestoreAsync(Func<Task> test, Func<Task> restore)
    {
        try
        {
            await test();
        }
        catch (Exception failure)
        {
            try
            {
                await restore();
            }
            catch (Exception restoreFailure)
            {
                throw new AggregateException("le test a échoué, puis la remise en état aussi", failure, restoreFailure);
            }
            throw;
        }
        await restore();
    }

    /// <summary>The items of the breadcrumb after « Accueil ».</summary>
    public static async Task<IReadOnlyList<string>> BreadcrumbAsync(IPage page)
    {
        var items = await page.GetByRole(AriaRole.Navigation, new() { Name = "Vous êtes ici" }).Locator("li").AllInnerTextsAsync();
        return items.Select(i => i.Trim()).Where(i => i != "Accueil").ToList();
    }

    /// <summary>The run page reloads itself every 2 s; waits until its state reads « Terminée » (fails on any other end).</summary>
    public static async Task WaitForRunFinishedAsync(IPage page)
    {
        Assert.Matches(new Regex("/editions/[0-9a-f]+"), page.Url);
        var state = page.Locator(".run-status__state");
        await Assertions.Expect(state).ToContainTextAsync(new Regex("Terminée|Refusée|Échouée|Annulée|Erreur"), new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        Assert.Contains("Terminée", await state.InnerTextAsync());
    }

    /// <summary>
    /// Clicks what starts a download and returns the file's name and bytes; a copy is kept in
    /// artifacts/downloads/ (named <paramref name="keepAs"/>) for a person to look at.
    /// </summary>
    public static async Task<(string FileName, byte[] Bytes)> DownloadAsync(IPage page, ILocator trigger, string keepAs)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => trigger.ClickAsync());
        var path = await download.PathAsync();
        Assert.Null(await download.FailureAsync());
        var downloads = Path.Combine(BrowserHost.RepositoryRoot(), "artifacts", "downloads");
        Directory.CreateDirectory(downloads);
        await download.SaveAsAsync(Path.Combine(downloads, keepAs + Path.GetExtension(download.SuggestedFilename)));
        return (download.SuggestedFilename, await File.ReadAllBytesAsync(path!));
    }

    /// <summary>The value of one line of the run page's « Détail » list (e.g. « Lignes »).</summary>
    public static async Task<string> DetailAsync(IPage page, string term) =>
        (await page.Locator($"xpath=//dl[contains(@class,'details-list')]/dt[normalize-space()='{term}']/following-sibling::dd[1]").InnerTextAsync()).Trim();

    /// <summary>A local (Paris) date-time as the forms want it: JJ/MM/AAAA HH:MM.</summary>
    public static string ParisDateTime(DateTimeOffset instant)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        return TimeZoneInfo.ConvertTime(instant, zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
    }

    public static SqliteConnection Store(BrowserHost host)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataDir, "cfgresults.db")}");
        connection.Open();
        return connection;
    }

    /// <summary>The numbers of the demo candidate accounts, in order (cand-&lt;numero&gt;).</summary>
    public static IReadOnlyList<string> CandidateAccounts(BrowserHost host)
    {
        using var db = Store(host);
        using var command = db.CreateCommand();
        command.CommandText = "SELECT candidate_number FROM users WHERE role = 'candidat' ORDER BY login";
        using var reader = command.ExecuteReader();
        var numbers = new List<string>();
        while (reader.Read()) numbers.Add(reader.GetString(0));
        return numbers;
    }

    public static int Execute(BrowserHost host, string sql, params (string Name, object Value)[] parameters)
    {
        using var db = Store(host);
        using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command.ExecuteNonQuery();
    }

    public static List<string[]> Query(BrowserHost host, string sql, params (string Name, object Value)[] parameters)
    {
        using var db = Store(host);
        using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            rows.Add(row);
        }
        return rows;
    }
}
