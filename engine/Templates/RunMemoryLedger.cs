using Scriban.Parsing;
using Scriban.Syntax;

namespace CfgResults.Engine.Templates;

/// <summary>
/// What the renders of each run hold at once in this process (SECURITY.md row 6, <see cref="TemplateLimits.RunMemoryBudget"/>).
/// A render of a run (<see cref="TemplateEngine.ForRun"/>) charges what its own budget counts to its run's account too, while
/// it lives, and gives it all back when it ends. So the transcripts of one publication drawn in parallel, or the batches of
/// one fanned-out publication on this host's workers, may each stay under the per-render budget and still be stopped
/// together (TPL114). An account lives while one of its run's renders does.
/// </summary>
internal sealed class RunMemoryLedger
{
    readonly Lock _lock = new();
    readonly Dictionary<string, RunMemoryAccount> _accounts = new(StringComparer.Ordinal);

    /// <summary>A render of <paramref name="runId"/> starts: its run's account, opened if none of its renders is alive.</summary>
    public RunMemoryAccount Enter(string runId, long budget)
    {
        lock (_lock)
        {
            if (!_accounts.TryGetValue(runId, out var account)) _accounts[runId] = account = new RunMemoryAccount(runId, budget);
            account.Renders++;
            return account;
        }
    }

    /// <summary>A render ended: what it charged is released; the account closes with the run's last live render.</summary>
    public void Exit(RunMemoryAccount account, long charged)
    {
        account.Release(charged);
        lock (_lock)
            if (--account.Renders == 0) _accounts.Remove(account.RunId);
    }

    /// <summary>Bytes the live renders of a run hold now (0 when none is alive).</summary>
    public long Held(string runId)
    {
        lock (_lock) return _accounts.TryGetValue(runId, out var account) ? account.Held : 0;
    }
}

/// <summary>One run's account: the bytes its live renders hold, against its budget. Thread-safe.</summary>
internal sealed class RunMemoryAccount(string runId, long budget)
{
    long _held;

    public string RunId { get; } = runId;
    public long Budget { get; } = budget;

    /// <summary>Live renders of the run; changed under the ledger's lock.</summary>
    public int Renders { get; set; }

    public long Held => Interlocked.Read(ref _held);

    /// <summary>Adds <paramref name="bytes"/>; false when the run's renders together now hold more than the budget.</summary>
    public bool TryCharge(long bytes) => Interlocked.Add(ref _held, bytes) <= Budget;

    public void Release(long bytes) => Interlocked.Add(ref _held, -bytes);
}

internal sealed class RunMemoryBudgetException(SourceSpan span, long budget) : ScriptRuntimeException(span, $"run memory budget {budget}")
{
    public long Budget { get; } = budget;
}
