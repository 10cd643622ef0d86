using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;
using CfgResults.Engine.Templates.Functions;

namespace CfgResults.Engine.Templates;

/// <summary>What a render produces: document markup (values XML-escaped) or CSV rows (text output must be blank).</summary>
internal enum TemplateKind { Markup, Csv }

/// <summary>
/// One render's Scriban context. For markup, every value written by `{{ }}` is XML-escaped here, so a name like
/// `Dupont & Fils <b>` can never inject markup; raw template text, included partials, captures and `| xml`
/// results are already markup and pass as is.
/// </summary>
internal sealed class SandboxedTemplateContext : TemplateContext
{
    readonly TemplateKind _kind;

    public SandboxedTemplateContext(ScriptObject builtins, TemplateKind kind, TemplateEngine engine) : base(builtins)
    {
        _kind = kind;
        Engine = engine;
    }

    public TemplateEngine Engine { get; }

    public int IncludeDepth { get; set; }

    /// <summary>
    /// The render's deadline, checked at every loop step against the monotonic clock as well: the deadline's own
    /// timer runs on the thread pool, which a busy server may serve late, and a loop must stop at its time anyway.
    /// </summary>
    public (CancellationTokenSource Source, long Timestamp)? Deadline { get; set; }

    /// <summary>Bytes this render may still allocate for template values (<see cref="TemplateLimits.MarkupMemoryBudget"/>).</summary>
    public long MemoryBudget { get; init; } = long.MaxValue;

    /// <summary>Bytes counted so far: strings and arrays the template built, characters it wrote.</summary>
    public long MemoryUsed { get; private set; }

    /// <summary>The account of the run this render belongs to (<see cref="TemplateEngine.ForRun"/>); null outside a run.</summary>
    public RunMemoryAccount? RunAccount { get; init; }

    /// <summary>Bytes charged to <see cref="RunAccount"/> so far, given back when the render ends.</summary>
    public long RunCharged { get; private set; }

    /// <summary>The run's account is shared between threads: it is charged by slices, not at every value.</summary>
    const long RunChargeSlice = 64 * 1024;

    long _runPending;
    object? _lastCharged;

    void Charge(long bytes, SourceSpan span)
    {
        MemoryUsed += bytes;
        if (MemoryUsed > MemoryBudget) throw new MemoryBudgetException(span, MemoryBudget);
        if (RunAccount is not { } run) return;
        _runPending += bytes;
        if (_runPending < RunChargeSlice) return;
        RunCharged += _runPending;
        var withinBudget = run.TryCharge(_runPending);
        _runPending = 0;
        if (!withinBudget) throw new RunMemoryBudgetException(span, run.Budget);
    }

    /// <summary>
    /// Counts what an expression made: a new string (2 bytes a character) or a new array (8 bytes an element).
    /// Reading a variable, a member, an item or a literal makes nothing and is not counted, so a model of any size
    /// can be read freely; a string doubled or an array grown in a loop is counted each time it is made.
    /// </summary>
    public override object? Evaluate(ScriptNode? scriptNode, bool aliasReturnedFunction)
    {
        var value = base.Evaluate(scriptNode, aliasReturnedFunction);
        if (scriptNode is null or ScriptVariable or ScriptLiteral or ScriptMemberExpression or ScriptIndexerExpression or ScriptNestedExpression) return value;
        // A pipe hands back the very value its last call made: counted once.
        if (ReferenceEquals(value, _lastCharged)) return value;
        _lastCharged = value;
        switch (value)
        {
            case string s when s.Length > 0:
                Charge(2L * s.Length, scriptNode!.Span);
                break;
            case ScriptArray a when a.Count > 0:
                Charge(8L * a.Count, scriptNode!.Span);
                break;
        }
        return value;
    }

    protected override bool OnStepLoop(ScriptLoopStatementBase loop)
    {
        if (Deadline is { } d && System.Diagnostics.Stopwatch.GetTimestamp() >= d.Timestamp && !d.Source.IsCancellationRequested)
        {
            d.Source.Cancel();
            CheckAbort();
        }
        return base.OnStepLoop(loop);
    }

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        // Output held in memory (the document, captures, included partials) counts against the budget too.
        if (textAsObject is string written) Charge(2L * written.Length, span);
        if (_kind != TemplateKind.Markup) return base.Write(span, textAsObject!);
        return textAsObject switch
        {
            null => this,
            TrustedMarkup markup => base.Write(span, markup.Text),
            // A capture's output was written through this method already, so it is escaped markup.
            IScriptOutput output => base.Write(span, output),
            _ => base.Write(span, MarkupFunctions.Escape(ObjectToString(textAsObject) ?? "")),
        };
    }

    // Async rendering is not used by the engine; refuse it rather than let a path bypass the escaping above.
    public override ValueTask<TemplateContext> WriteAsync(SourceSpan span, object? textAsObject) =>
        throw new NotSupportedException("rendu asynchrone non pris en charge");
}

/// <summary>
/// The only door from `include` to template text: names follow <see cref="TemplateName"/> and are read through
/// the engine's <see cref="ITemplateSource"/>. Never touches the file system itself.
/// </summary>
internal sealed class SafeTemplateLoader(ITemplateSource source) : ITemplateLoader
{
    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        if (TemplateName.Reason(templateName) is { } reason)
            throw new TemplateNameException(templateName ?? "", reason);
        return templateName!;
    }

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        source.Read(templatePath) ?? throw new TemplateNotFoundException(templatePath);

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        ValueTask.FromResult<string?>(Load(context, callerSpan, templatePath));
}

internal sealed class TemplateNotFoundException(string name) : Exception($"modèle introuvable '{name}'")
{
    public string Name { get; } = name;
}

/// <summary>
/// `{{ include "_shared/entete.sbn" }}`: replaces Scriban's own include so that the loader above is the only way
/// in, the depth is limited, the compiled partial comes from the engine's cache, and its markup is not escaped
/// a second time by the including template. Extra arguments are refused: a partial sees the same model.
/// </summary>
internal sealed class SafeIncludeFunction : IScriptCustomFunction
{
    public static readonly SafeIncludeFunction Instance = new();

    public int RequiredParameterCount => 1;
    public int ParameterCount => 1;
    public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;
    public Type ReturnType => typeof(object);

    public ScriptParameterInfo GetParameterInfo(int index) => new(typeof(string), "name");

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray parameters, ScriptBlockStatement? blockStatement)
    {
        ArgumentNullException.ThrowIfNull(callerContext);
        var sandbox = (SandboxedTemplateContext)context;
        if (parameters.Count != 1 || parameters[0] is not string name)
            throw new ScriptRuntimeException(callerContext.Span, "include attend un seul argument : le nom du modèle entre guillemets");

        var path = context.TemplateLoader!.GetPath(context, callerContext.Span, name);
        var template = sandbox.Engine.CompileForInclude(path ?? name, context, callerContext.Span);

        if (sandbox.IncludeDepth >= sandbox.Engine.Limits.IncludeDepthLimit)
            throw new IncludeDepthException(callerContext.Span, sandbox.Engine.Limits.IncludeDepthLimit);

        sandbox.IncludeDepth++;
        context.PushOutput();
        try
        {
            context.EnterRecursive(callerContext);
            var text = template.Render(context);
            context.ExitRecursive(callerContext);
            return new TrustedMarkup(text);
        }
        finally
        {
            context.PopOutput();
            sandbox.IncludeDepth--;
        }
    }

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray parameters, ScriptBlockStatement? blockStatement) =>
        ValueTask.FromResult(Invoke(context, callerContext, parameters, blockStatement));
}

internal sealed class MemoryBudgetException(SourceSpan span, long budget) : ScriptRuntimeException(span, $"memory budget {budget}")
{
    public long Budget { get; } = budget;
}

internal sealed class IncludeDepthException(SourceSpan span, int limit) : ScriptRuntimeException(span, $"include depth {limit}")
{
    public int Limit { get; } = limit;
}
