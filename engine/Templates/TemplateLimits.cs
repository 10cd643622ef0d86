namespace CfgResults.Engine.Templates;

/// <summary>
/// Sandbox limits (SECURITY.md rows 5 and 6). Scriban 7.5.3 counts <see cref="LoopLimit"/> cumulatively over a
/// whole render (its default 1000 would stop a 1,000-row list), so markup and CSV templates get their own budget.
/// </summary>
public sealed record TemplateLimits
{
    /// <summary>Total loop iterations in one document render (all loops together, ranges included).</summary>
    public int MarkupLoopLimit { get; init; } = 200_000;

    /// <summary>Total loop iterations in one CSV render (Scriban counts every step of a loop and of `array.add`): room for 1,000,000 extraction rows; the deadline and the byte limit still bound a render.</summary>
    public int CsvLoopLimit { get; init; } = 100_000_000;

    /// <summary>Nested function calls and includes.</summary>
    public int RecursiveLimit { get; init; } = 64;

    /// <summary>Nested `include` depth (a partial including a partial…).</summary>
    public int IncludeDepthLimit { get; init; } = 8;

    /// <summary>Characters of document markup one render may produce; above it the render fails (never truncates).</summary>
    public int MarkupOutputLimit { get; init; } = 16 * 1024 * 1024;

    /// <summary>Characters of any single string built by a template (string doubling stops here).</summary>
    public int StringLimit { get; init; } = 1024 * 1024;

    /// <summary>Bytes of one CSV file; above it the render fails.</summary>
    public long CsvByteLimit { get; init; } = 1L << 30;

    /// <summary>Wall-clock deadline of a document render.</summary>
    public TimeSpan MarkupTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wall-clock deadline of a CSV render (a million rows take a few seconds).</summary>
    public TimeSpan CsvTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Bytes one document render may allocate for template values: every string a template builds (concatenation,
    /// function results, captures; 2 bytes a character), every array it builds (8 bytes an element) and every
    /// character it writes, counted as they are made. Reading the model costs nothing. Above it the render fails (TPL113).
    /// </summary>
    public long MarkupMemoryBudget { get; init; } = 128L * 1024 * 1024;

    /// <summary>The same budget for a CSV render (its rows go to the file as they are written and are not counted).</summary>
    public long CsvMemoryBudget { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Bytes the renders of one run may hold together at once in one host process, counted as their own budgets count and
    /// given back as each render ends (the transcripts of a publication drawn in parallel, say). Above it the render that
    /// crosses it fails, and with it the run (TPL114). At least twice <see cref="CsvMemoryBudget"/> by default, so a run of
    /// one render is never stopped by it; a transcript render holds well under 1 MB.
    /// </summary>
    public long RunMemoryBudget { get; init; } = 512L * 1024 * 1024;

    /// <summary>Renders running at once in one host process; more wait their turn. With the budgets this bounds the memory templates can take.</summary>
    public int MaxConcurrentRenders { get; init; } = Math.Max(2, Environment.ProcessorCount * 2);

    public static TemplateLimits Default { get; } = new();
}
