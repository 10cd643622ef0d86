using System.Data.Common;
using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;
using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Running;

/// <summary>A publication of this session is already under way: the new one is refused (API 409, CLI exit code 6).</summary>
public sealed class PublicationBusyException(string sessionCode, string holderRunId)
    : Exception($"Une publication des relevés de la session {sessionCode} est déjà en cours (édition {holderRunId}) : " +
                "attendez qu'elle soit terminée, ou annulez-la, avant d'en lancer une autre.")
{
    public string SessionCode { get; } = sessionCode;
    public string HolderRunId { get; } = holderRunId;
}

/// <summary>
/// One publication of a session at a time, across every host: a run of a definition that publishes documents takes
/// the session's row of <c>publication_locks</c> (primary key: the session) when it is recorded, and gives it back in
/// the transaction that records its final state (<see cref="RunStore.CompleteAsync"/>). A lock whose run has ended
/// anyway (a store restored from a backup) is taken over.
/// </summary>
public sealed class PublicationLocks(IDatabase db, TimeProvider clock)
{
    public const string PublishingStepKind = "publish.transcripts";

    public static bool Applies(WorkflowDefinition definition) => definition.Steps.Any(s => s.Kind == PublishingStepKind);

    /// <summary>Takes the session for the run, or throws <see cref="PublicationBusyException"/> naming the run that holds it.</summary>
    public async Task AcquireAsync(string sessionCode, string runId, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var taken = await RunQueries.TryLockAsync(cn, sessionCode, runId, StoreFormat.Instant(clock.GetUtcNow()), ct);
            if (taken > 0) return;
            var holder = await RunQueries.LockHolderAsync(cn, sessionCode, ct);
            if (holder.RunId is null) continue; // released meanwhile
            if (holder.RunId == runId) return;
            if (holder.State is { } s && !RunStateNames.IsFinal(RunStore.ParseState(s, holder.RunId)))
                throw new PublicationBusyException(sessionCode, holder.RunId);
            await RunQueries.TakeOverLockAsync(cn, sessionCode, holder.RunId, ct);
        }
        throw new PublicationBusyException(sessionCode, "?");
    }

    /// <summary>The run publishing this session now, if any (a lock whose run has ended does not count).</summary>
    public async Task<string?> HolderAsync(string sessionCode, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var holder = await RunQueries.LockHolderAsync(cn, sessionCode, ct);
        return holder.RunId is not null && holder.State is { } s && !RunStateNames.IsFinal(RunStore.ParseState(s, holder.RunId)) ? holder.RunId : null;
    }

    /// <summary>Gives the session back, in the transaction recording the run's final state.</summary>
    public static Task ReleaseAsync(DbConnection cn, DbTransaction tx, string runId) =>
        RunQueries.UnlockAsync(cn, tx, runId);
}
