using System.Text;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Running;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace CfgResults.Engine.Tests.Support;

/// <summary>
/// The real engine on a temporary folder (SQLite file, generated files), with a fake clock and an
/// imported session. As an xunit class fixture it holds the demo session (300 candidates, seed 1, windows
/// open at <see cref="DefaultNow"/>); <see cref="OpenAsync"/> opens one over any session, for tests that
/// need exact control. Dispose removes the folder.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>20/06/2026 10:30 in Paris: inside the demo session's windows.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 6, 20, 10, 30, 0, TimeSpan.FromHours(2));

    /// <summary>The memo's school (CLG FRANCO ALLEMAND – BUC), always the first school of the demo.</summary>
    public const string MemoSchool = "0783546F";

    SessionData? _initial;
    TestEngine? _engine;

    /// <summary>For IClassFixture: the demo session of 300 candidates (seed 1), opened in <see cref="InitializeAsync"/>.</summary>
    public EngineFixture() : this(null, DefaultNow) { }

    EngineFixture(SessionData? session, DateTimeOffset now)
    {
        Clock = new FakeTimeProvider(now);
        _initial = session;
        DataDir = Directory.CreateTempSubdirectory("cfgresults-activities-").FullName;
    }

    public FakeTimeProvider Clock { get; }
    public string DataDir { get; }
    public TestEngine Engine => _engine ?? throw new InvalidOperationException("fixture not initialised");

    /// <summary>The session last imported through the fixture.</summary>
    public SessionData Session { get; private set; } = null!;

    public string SessionCode => Session.Session.Code;

    /// <summary>Opens an engine over <paramref name="session"/> (the demo session when null) at <paramref name="now"/>.</summary>
    public static async Task<EngineFixture> OpenAsync(SessionData? session = null, DateTimeOffset? now = null)
    {
        var fixture = new EngineFixture(session, now ?? DefaultNow);
        await fixture.InitializeAsync();
        return fixture;
    }

    public static SessionData Demo(int candidates = 300, int seed = 1, DateTimeOffset? now = null) =>
        DemoSessionGenerator.Generate(new DemoOptions(candidates, seed, now ?? DefaultNow));

    public async Task InitializeAsync()
    {
        _engine = await TestEngine.OpenAsync(new EngineOptions { DataDir = DataDir }, Clock);
        await ImportAsync(_initial ?? Demo(now: Clock.GetUtcNow()));
        _initial = null;
    }

    /// <summary>Imports (or re-imports, replacing it) a session.</summary>
    public async Task ImportAsync(SessionData data)
    {
        await Engine.Sessions.ReplaceSessionAsync(data);
        Session = data;
    }

    public static Caller School(string uai = MemoSchool) => Caller.School(uai, "etab-" + uai.ToLowerInvariant());
    public static Caller Manager() => Caller.Manager("gestionnaire");
    public static Caller Candidate(string number) => Caller.Candidate(number, "cand-" + number);

    /// <summary>Runs an activity in this process, on the latest session, as the runner does for a job.</summary>
    public Task<RunRecord> RunAsync(string definitionId, Caller caller, IReadOnlyDictionary<string, string>? parameters = null,
        params CriterionChange[] criteria) =>
        Engine.Runner.RunAsync(new RunRequest(definitionId, caller, null, parameters ?? new Dictionary<string, string>(), criteria));

    /// <summary>Runs and asserts success (with the run's message when it did not succeed).</summary>
    public async Task<RunRecord> RunOkAsync(string definitionId, Caller caller, IReadOnlyDictionary<string, string>? parameters = null,
        params CriterionChange[] criteria)
    {
        var run = await RunAsync(definitionId, caller, parameters, criteria);
        Assert.True(run.State == RunState.Succeeded, $"{definitionId}: {run.State} {run.Message}");
        Assert.NotNull(run.Output);
        return run;
    }

    public byte[] OutputBytes(RunRecord run)
    {
        Assert.NotNull(run.Output);
        using var stream = Engine.Blobs.OpenReadAsync(run.Output.Sha256).GetAwaiter().GetResult()!;
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>The CSV as lines (split on CRLF, BOM removed) and the raw bytes, for dialect checks.</summary>
    public (byte[] Bytes, IReadOnlyList<string[]> Rows) OutputCsv(RunRecord run)
    {
        var bytes = OutputBytes(run);
        return (bytes, Csv.Parse(bytes));
    }

    public IReadOnlyList<IReadOnlyList<string>> OutputPdfLines(RunRecord run) => Pdf.Lines(OutputBytes(run));

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDir, recursive: true); }
        catch (IOException) { /* a file still open by a pooled handle: the temp folder is left for the OS */ }
        catch (UnauthorizedAccessException) { /* same */ }
        await Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

/// <summary>Reads a French-Excel CSV (`;`, CRLF, RFC 4180 quotes, UTF-8 BOM) back into rows.</summary>
public static class Csv
{
    public static IReadOnlyList<string[]> Parse(byte[] bytes)
    {
        var text = new UTF8Encoding(false).GetString(bytes);
        if (text.StartsWith('\uFEFF')) text = text[1..];
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
                continue;
            }
            switch (ch)
            {
                case '"': quoted = true; break;
                case ';': row.Add(cell.ToString()); cell.Clear(); break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    row.Add(cell.ToString()); cell.Clear();
                    rows.Add(row.ToArray()); row.Clear();
                    break;
                default: cell.Append(ch); break;
            }
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row.ToArray()); }
        return rows;
    }
}

/// <summary>PDF text read back with PdfPig: per page, the lines top to bottom (words of one baseline joined by a space).</summary>
public static class Pdf
{
    public static IReadOnlyList<IReadOnlyList<string>> Lines(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(PageLines).ToList();
    }

    public static int PageCount(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.NumberOfPages;
    }

    static IReadOnlyList<string> PageLines(Page page) =>
        page.GetWords()
            .GroupBy(w => Math.Round(w.BoundingBox.Bottom, 0))
            .OrderByDescending(g => g.Key)
            .Select(g => string.Join(' ', g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)))
            .ToList();

    /// <summary>`pdftotext -layout` output (a second, independent reader; poppler-utils installed on first use when absent).</summary>
    public static string PdfToText(byte[] pdf)
    {
        var (code, text) = Documents.PdfTools.Run("pdftotext", pdf, "-layout", "-enc", "UTF-8");
        Assert.Equal(0, code);
        return text;
    }
}
