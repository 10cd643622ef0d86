using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CfgResults.Engine.Csv;
using CfgResults.Engine.Domain;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace CfgResults.Engine.Templates;

/// <summary>
/// Renders Scriban templates in the sandbox of SECURITY.md rows 4–6: strict variables, loop, recursion, string
/// and output limits that fail loudly, a deadline, includes only through <see cref="ITemplateSource"/>, and a model
/// made of plain data only (<see cref="TemplateModel"/>). Thread-safe; one instance serves every render.
/// <code>
/// var engine = new TemplateEngine(new FolderTemplateSource("templates"), TemplateLimits.Default);
/// string markup = engine.RenderText("releve-notes/releve.sbn", model, ct);
/// int rows = engine.RenderCsv("extraction-notes/colonnes.sbn", model, stream, ct);
/// </code>
/// Every failure caused by a template is a <see cref="TemplateRenderException"/> with template, line, column,
/// code and French message; a name refused or a template missing is one too (codes TPL003, TPL002).
/// </summary>
public sealed partial class TemplateEngine
{
    /// <summary>Beyond this many compiled versions the cache starts over (edited drafts would otherwise pile up).</summary>
    const int CacheCapacity = 1024;

    static readonly ScriptObject Builtins = TemplateBuiltins.Create();

    readonly ITemplateSource _source;
    readonly TimeProvider _time;
    readonly SafeTemplateLoader _loader;
    readonly ConcurrentDictionary<(string Name, string Hash), Template> _cache;
    readonly SemaphoreSlim _renders;
    readonly RunMemoryLedger _runMemory;
    readonly string? _runId;

    public TemplateEngine(ITemplateSource source, TemplateLimits limits, TimeProvider? time = null)
        : this(source, limits, time, new ConcurrentDictionary<(string Name, string Hash), Template>(), new SemaphoreSlim(Math.Max(1, limits.MaxConcurrentRenders)),
            new RunMemoryLedger(), null)
    {
    }

    // A pinned engine (WithSource) or a run's engine (ForRun) shares the compiled templates, the bound on renders at once
    // and the runs' memory accounts of its host.
    TemplateEngine(ITemplateSource source, TemplateLimits limits, TimeProvider? time, ConcurrentDictionary<(string Name, string Hash), Template> cache,
        SemaphoreSlim renders, RunMemoryLedger runMemory, string? runId)
    {
        _cache = cache;
        _renders = renders;
        _runMemory = runMemory;
        _runId = runId;
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(limits);
        _source = source;
        _time = time ?? TimeProvider.System;
        _loader = new SafeTemplateLoader(source);
        Limits = limits;
    }

    public TemplateLimits Limits { get; }

    /// <summary>Renders running now in this engine (at most <see cref="TemplateLimits.MaxConcurrentRenders"/>).</summary>
    public int RendersInProgress => Math.Max(1, Limits.MaxConcurrentRenders) - _renders.CurrentCount;

    public ITemplateSource Source => _source;

    /// <summary>The same engine over another source, sharing the compiled templates (the cache is keyed by content hash).</summary>
    public TemplateEngine WithSource(ITemplateSource source) =>
        ReferenceEquals(source, _source) ? this : new(source, Limits, _time, _cache, _renders, _runMemory, _runId);

    /// <summary>
    /// The same engine for the renders of one run: together, while they live, they hold at most
    /// <see cref="TemplateLimits.RunMemoryBudget"/> in this process (TPL114), whatever their number.
    /// </summary>
    public TemplateEngine ForRun(string runId) => runId == _runId ? this : new(_source, Limits, _time, _cache, _renders, _runMemory, runId);

    /// <summary>The run these renders belong to (<see cref="ForRun"/>); null for renders outside a run.</summary>
    public string? RunId => _runId;

    /// <summary>Bytes the live renders of a run hold now in this process (0 when none is rendering).</summary>
    public long RunMemoryHeld(string runId) => _runMemory.Held(runId);

    /// <summary>Every syntax error of the template, with its place; empty when it compiles. Never throws for bad text.</summary>
    public IReadOnlyList<TemplateError> Check(string name)
    {
        if (TemplateName.Reason(name) is { } reason)
            return [new TemplateError(name ?? "", 0, 0, new TemplateNameException(name ?? "", reason).Message) { Code = TemplateErrorCodes.NameRefused }];
        var text = _source.Read(name);
        if (text is null) return [new TemplateError(name, 0, 0, TemplateErrorCodes.NotFoundMessage(name)) { Code = TemplateErrorCodes.NotFound }];
        return ParseErrors(name, Template.Parse(text, name));
    }

    /// <summary>Checks template text that is not stored yet (a draft being edited).</summary>
    public static IReadOnlyList<TemplateError> CheckText(string name, string text) => ParseErrors(name, Template.Parse(text, name));

    /// <summary>Renders document markup: every `{{ value }}` is XML-escaped; the deadline is <see cref="TemplateLimits.MarkupTimeout"/>.</summary>
    public string RenderText(string name, IReadOnlyDictionary<string, object?> model, CancellationToken ct)
    {
        var template = Compile(name);
        var globals = TemplateModel.ToScriptObject(model);
        return Run(name, TemplateKind.Markup, Limits.MarkupTimeout, ct, globals, null, template,
            (context, t) => t.Render(context));
    }

    /// <summary>
    /// Renders a CSV template (contract in <see cref="CsvTemplateFunctions"/>) straight to <paramref name="output"/>,
    /// row by row. Returns the number of data rows. On failure the stream holds a partial file: write to a
    /// temporary place and publish only on success.
    /// </summary>
    public int RenderCsv(string name, IReadOnlyDictionary<string, object?> model, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new FrenchCsvWriter(output, Limits.CsvByteLimit);
        return RenderTable(name, model, writer, ct);
    }

    /// <summary>
    /// Renders the same CSV template as a streamed workbook (<see cref="Xlsx.FrenchXlsxWriter"/>): same columns,
    /// same limits, typed cells. <paramref name="title"/> names the workbook and its sheet.
    /// </summary>
    public int RenderXlsx(string name, IReadOnlyDictionary<string, object?> model, Stream output, string title, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Xlsx.FrenchXlsxWriter(output, Limits.CsvByteLimit, title);
        return RenderTable(name, model, writer, ct);
    }

    int RenderTable(string name, IReadOnlyDictionary<string, object?> model, ITableWriter writer, CancellationToken ct)
    {
        var template = Compile(name);
        var globals = TemplateModel.ToScriptObject(model);
        Run(name, TemplateKind.Csv, Limits.CsvTimeout, ct, globals, CsvTemplateFunctions.Bind(writer), template, (context, t) =>
        {
            context.PushOutput(new CsvTextGuardOutput());
            t.Render(context);
            if (writer.PendingCells > 0) throw new CsvShapeException($"ligne CSV non terminée : {writer.PendingCells} cellule(s) écrite(s) par csv_cell sans csv_end_row");
            writer.Finish();
            return "";
        });
        return checked((int)writer.RowCount);
    }

    string Run(string name, TemplateKind kind, TimeSpan timeout, CancellationToken ct, ScriptObject model, ScriptObject? functions,
        Template template, Func<TemplateContext, Template, string> render)
    {
        // Renders of one host are bounded in number: with each one's memory budget, templates cannot take the process down.
        _renders.Wait(ct);
        try
        {
            return RunOne(name, kind, timeout, ct, model, functions, template, render);
        }
        finally
        {
            _renders.Release();
        }
    }

    string RunOne(string name, TemplateKind kind, TimeSpan timeout, CancellationToken ct, ScriptObject model, ScriptObject? functions,
        Template template, Func<TemplateContext, Template, string> render)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var account = _runId is null ? null : _runMemory.Enter(_runId, Limits.RunMemoryBudget);
        SandboxedTemplateContext? context = null;
        try
        {
            context = CreateContext(kind, linked.Token, account);
            return RunInContext(name, timeout, ct, deadline, context, model, functions, template, render);
        }
        finally
        {
            // What this render held is given back to its run as it ends, failed or not.
            if (account is not null) _runMemory.Exit(account, context?.RunCharged ?? 0);
        }
    }

    string RunInContext(string name, TimeSpan timeout, CancellationToken ct, CancellationTokenSource deadline, SandboxedTemplateContext context,
        ScriptObject model, ScriptObject? functions, Template template, Func<TemplateContext, Template, string> render)
    {
        if (timeout > TimeSpan.Zero && timeout < TimeSpan.FromDays(1))
            context.Deadline = (deadline, System.Diagnostics.Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency));
        if (functions is not null) context.PushGlobal(functions);
        // Pushed last, so the template's own assignments land in this per-render object, never in shared builtins.
        context.PushGlobal(model);
        try
        {
            return render(context, template);
        }
        catch (TemplateRenderException)
        {
            throw;
        }
        catch (ScriptAbortException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        catch (ScriptAbortException e)
        {
            throw new TemplateRenderException(At(name, e.Span, TemplateErrorCodes.Timeout, TemplateErrorCodes.TimeoutMessage(timeout)), e);
        }
        catch (ScriptRuntimeException e)
        {
            throw new TemplateRenderException(Map(name, e), e);
        }
        catch (Exception e) when (e is InvalidOperationException or CsvSizeLimitException or TemplateNameException or TemplateNotFoundException)
        {
            var span = context.CurrentNode?.Span ?? default;
            throw new TemplateRenderException(Map(name, span, e), e);
        }
    }

    SandboxedTemplateContext CreateContext(TemplateKind kind, CancellationToken token, RunMemoryAccount? account)
    {
        var markup = kind == TemplateKind.Markup;
        return new SandboxedTemplateContext(Builtins, kind, this)
        {
            MemoryBudget = markup ? Limits.MarkupMemoryBudget : Limits.CsvMemoryBudget,
            RunAccount = account,
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            EnableRelaxedFunctionAccess = false,
            LoopLimit = markup ? Limits.MarkupLoopLimit : Limits.CsvLoopLimit,
            LoopLimitQueryable = markup ? Limits.MarkupLoopLimit : Limits.CsvLoopLimit,
            RecursiveLimit = Limits.RecursiveLimit,
            LimitToString = Limits.StringLimit,
            OnStringLimit = ScriptLimitBehavior.Throw,
            // CSV text output is whitespace that CsvTextGuardOutput drops; its rows are bounded by CsvByteLimit instead.
            OutputLimit = markup ? Limits.MarkupOutputLimit : 0,
            OnOutputLimit = ScriptLimitBehavior.Throw,
            ObjectRecursionLimit = 20,
            RegexTimeOut = TimeSpan.FromSeconds(1),
            CancellationToken = token,
            TemplateLoader = _loader,
            TemplateLoaderParserOptions = new ParserOptions(),
            // The model is plain ScriptObject/ScriptArray; the only .NET values left are strings, numbers and
            // dates. Of those, only DateTime and TimeSpan properties (`d.year`) are readable.
            MemberFilter = member => member.DeclaringType == typeof(DateTime) || member.DeclaringType == typeof(TimeSpan),
            NewLine = "\n",
        }.WithCulture();
    }

    Template Compile(string name)
    {
        string? text;
        try
        {
            TemplateName.Validate(name);
            text = _source.Read(name);
        }
        catch (TemplateNameException e)
        {
            throw new TemplateRenderException(new TemplateError(name ?? "", 0, 0, e.Message) { Code = TemplateErrorCodes.NameRefused }, e);
        }
        if (text is null)
            throw new TemplateRenderException(new TemplateError(name, 0, 0, TemplateErrorCodes.NotFoundMessage(name)) { Code = TemplateErrorCodes.NotFound });
        var template = CompileText(name, text);
        if (template.HasErrors) throw new TemplateRenderException(ParseErrors(name, template)[0]);
        return template;
    }

    /// <summary>Called by `include` during a render: errors surface as Scriban runtime errors at the include's place.</summary>
    internal Template CompileForInclude(string name, TemplateContext context, SourceSpan span)
    {
        var text = _loader.Load(context, span, name);
        var template = CompileText(name, text);
        if (template.HasErrors) throw new ScriptParserRuntimeException(span, $"erreur dans le modèle inclus '{name}'", template.Messages);
        return template;
    }

    Template CompileText(string name, string text)
    {
        var key = (name, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        if (_cache.TryGetValue(key, out var cached)) return cached;
        if (_cache.Count >= CacheCapacity) _cache.Clear();
        // Scriban's Template is immutable once parsed and may be rendered by several contexts at once.
        return _cache.GetOrAdd(key, _ => Template.Parse(text, name));
    }

    static IReadOnlyList<TemplateError> ParseErrors(string name, Template template) =>
        template.Messages
            .Where(m => m.Type == ParserMessageType.Error)
            .Select(m => At(name, m.Span, TemplateErrorCodes.Syntax, TemplateErrorCodes.SyntaxMessage(m.Message)))
            .ToArray();

    /// <summary>Scriban's own check of a call's argument count (English), read back to say it in French.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^Invalid number of arguments `(?<given>\d+)` passed to `(?<call>.+)` while expecting `(?<expected>\d+)` arguments")]
    private static partial System.Text.RegularExpressions.Regex WrongArgumentCount();

    TemplateError Map(string name, ScriptRuntimeException e)
    {
        var message = e.OriginalMessage ?? e.Message;
        return e switch
        {
            ScriptParserRuntimeException p when p.ParserMessages.FirstOrDefault(m => m.Type == ParserMessageType.Error) is { } first =>
                At(first.Span.FileName ?? name, first.Span, TemplateErrorCodes.Syntax, TemplateErrorCodes.SyntaxMessage(first.Message)),
            IncludeDepthException d => At(name, e.Span, TemplateErrorCodes.IncludeDepth, TemplateErrorCodes.IncludeDepthMessage(d.Limit)),
            MemoryBudgetException m => At(name, e.Span, TemplateErrorCodes.MemoryBudget, TemplateErrorCodes.MemoryBudgetMessage(m.Budget)),
            RunMemoryBudgetException r => At(name, e.Span, TemplateErrorCodes.RunMemoryBudget, TemplateErrorCodes.RunMemoryBudgetMessage(r.Budget)),
            _ when e.InnerException is TemplateNameException or TemplateNotFoundException or CsvSizeLimitException or CsvShapeException or CsvTextOutputException =>
                Map(name, e.Span, e.InnerException),
            _ when message.Contains("The object is readonly", StringComparison.Ordinal) =>
                At(name, e.Span, TemplateErrorCodes.Runtime, TemplateErrorCodes.RuntimeMessage("les fonctions intégrées ne peuvent pas être modifiées")),
            _ when message.StartsWith("Cannot get or set a member on the primitive", StringComparison.Ordinal) =>
                At(name, e.Span, TemplateErrorCodes.UnknownMember, TemplateErrorCodes.UnknownMemberMessage(message[(message.LastIndexOf(':') + 1)..].Trim())),
            _ when e.InnerException is InvalidOperationException io => At(name, e.Span, TemplateErrorCodes.Runtime, TemplateErrorCodes.RuntimeMessage(io.Message)),
            _ when e.InnerException is ArgumentException a => At(name, e.Span, TemplateErrorCodes.FunctionArgument, a.Message),
            _ when WrongArgumentCount().Match(message) is { Success: true } m => At(name, e.Span, TemplateErrorCodes.FunctionArgument,
                TemplateErrorCodes.ArgumentCountMessage(m.Groups["call"].Value, m.Groups["given"].Value, m.Groups["expected"].Value)),
            _ when message.StartsWith("The variable or function `", StringComparison.Ordinal) =>
                At(name, e.Span, TemplateErrorCodes.UnknownVariable, TemplateErrorCodes.UnknownVariableMessage(Between(message, '`'))),
            _ when message.StartsWith("Cannot get member with name ", StringComparison.Ordinal) =>
                At(name, e.Span, TemplateErrorCodes.UnknownMember, TemplateErrorCodes.UnknownMemberMessage(message["Cannot get member with name ".Length..].TrimEnd('.'))),
            _ when message.Contains("LoopLimit", StringComparison.Ordinal) || message.Contains("number of iteration limit", StringComparison.Ordinal) =>
                At(name, e.Span, TemplateErrorCodes.LoopLimit, TemplateErrorCodes.LoopLimitMessage(LoopLimitOf(e))),
            _ when message.Contains("recursive depth limit", StringComparison.Ordinal) =>
                At(name, e.Span, TemplateErrorCodes.RecursionLimit, TemplateErrorCodes.RecursionLimitMessage(Limits.RecursiveLimit)),
            _ when message.Contains("OutputLimit", StringComparison.Ordinal) =>
                At(name, e.Span, TemplateErrorCodes.OutputLimit, TemplateErrorCodes.OutputLimitMessage(Limits.MarkupOutputLimit)),
            _ when message.Contains("LimitToString", StringComparison.Ordinal) =>
                At(name, e.Span, TemplateErrorCodes.StringLimit, TemplateErrorCodes.StringLimitMessage(Limits.StringLimit)),
            _ => At(name, e.Span, TemplateErrorCodes.Runtime, TemplateErrorCodes.RuntimeMessage(message)),
        };
    }

    TemplateError Map(string name, SourceSpan span, Exception e) => e switch
    {
        CsvTextOutputException => At(name, span, TemplateErrorCodes.CsvTextOutput, e.Message),
        CsvSizeLimitException s => At(name, span, TemplateErrorCodes.CsvSize, TemplateErrorCodes.CsvSizeMessage(s.Limit)),
        TemplateNameException => At(name, span, TemplateErrorCodes.NameRefused, e.Message),
        TemplateNotFoundException => At(name, span, TemplateErrorCodes.NotFound, e.Message),
        CsvShapeException => At(name, span, TemplateErrorCodes.CsvShape, e.Message),
        _ => At(name, span, TemplateErrorCodes.Runtime, TemplateErrorCodes.RuntimeMessage(e.Message)),
    };

    int LoopLimitOf(ScriptRuntimeException e) =>
        int.TryParse(Between(e.OriginalMessage ?? e.Message, '`'), out var limit) ? limit : Limits.MarkupLoopLimit;

    /// <summary>Scriban spans are 0-based; people count lines and columns from 1. The file is the one where the error is (an included partial, say).</summary>
    static TemplateError At(string name, SourceSpan span, string code, string message)
    {
        var file = string.IsNullOrEmpty(span.FileName) ? name : span.FileName;
        return new TemplateError(file, span.Start.Line + 1, span.Start.Column + 1, message) { Code = code };
    }

    static string Between(string text, char quote)
    {
        var start = text.IndexOf(quote);
        var end = start < 0 ? -1 : text.IndexOf(quote, start + 1);
        return end > start ? text[(start + 1)..end] : "";
    }
}

internal static class TemplateContextCulture
{
    /// <summary>Numbers and dates written by `{{ }}` follow French conventions (`12,5`), like the French functions.</summary>
    public static SandboxedTemplateContext WithCulture(this SandboxedTemplateContext context)
    {
        context.PushCulture(French.Culture);
        return context;
    }
}
