using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Import;
using CfgResults.Engine.Publishing;

namespace CfgResults.Engine.Sessions;

/// <summary>Why a life-cycle operation was refused; drives exit codes and HTTP statuses.</summary>
public enum SessionRefusal
{
    /// <summary>No session has this code.</summary>
    Unknown,
    /// <summary>The session is not in a state that allows the operation (e.g. archive an open session).</summary>
    WrongState,
    /// <summary>The code already exists: replacing it needs an explicit confirmation (page step, CLI `--replace`).</summary>
    NeedsConfirmation,
    /// <summary>The code typed again to confirm a purge is not the session's.</summary>
    ConfirmationMismatch,
}

public sealed class SessionLifecycleException(SessionRefusal refusal, string message) : Exception(message)
{
    public SessionRefusal Refusal { get; } = refusal;
}

/// <summary>What an import will do to a session of the same code, said before it is done.</summary>
public sealed record ReplacementNotice(string Code, string Label, int Candidates, int Windows, int PublishedVersions)
{
    public string Message =>
        $"La session {Code} ({Label}) existe déjà. L'importer de nouveau remplace ses {Candidates} candidat(s), leurs notes, ses établissements, "
        + $"ses épreuves et ses {Windows} fenêtre(s) de service par ceux de l'archive. Sont conservés : les {PublishedVersions} relevé(s) de notes "
        + "déjà publié(s), les éditions déjà faites, et les autres sessions, qui ne changent pas.";
}

/// <summary>
/// The life of a session as the exam manager drives it: import (a new code, or the replacement of an existing
/// open one after confirmation), close (read-only: no import, no publication; documents still downloadable),
/// reopen, archive (a closed session hidden from the selectors), unarchive, and purge (a closed or archived
/// session, its code typed again: its candidates, grades, windows, runs and their files, unreleased transcript
/// versions and planned publications are deleted; published transcripts are kept; a record of counts stays).
/// Each operation is audited. Nothing here ever touches another session's rows.
/// </summary>
public sealed class SessionLifecycle(SessionStore sessions, SessionCatalog catalog, DocumentVersionStore documents, BlobStore blobs,
    AuditLog audit, TimeProvider clock)
{
    public const string ImportAction = AuditActions.SessionImport;
    public const string CloseAction = "session.cloture";
    public const string ReopenAction = "session.reouverture";
    public const string ArchiveAction = "session.archivage";
    public const string UnarchiveAction = "session.desarchivage";
    public const string PurgeAction = "session.purge";

    /// <summary>Null when no session has the code (the import adds a session); else what a replacement changes and keeps.</summary>
    public async Task<ReplacementNotice?> ReplacementAsync(string code, CancellationToken ct = default)
    {
        var existing = (await catalog.ListAsync(true, ct)).FirstOrDefault(s => s.Code == code);
        if (existing is null) return null;
        return new ReplacementNotice(existing.Code, existing.Label, existing.CandidateCount, existing.Windows.Count,
            await documents.CountVersionsAsync(code, ct));
    }

    /// <summary>
    /// Imports a session. A code already in the store is replaced only with <paramref name="replace"/>, and only while
    /// the session is open; every other session is left as it is. Returns the notice of what was replaced, if anything.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(SessionData data, bool replace, string actor, string? details = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var code = data.Session.Code;
        var notice = await ReplacementAsync(code, ct);
        if (notice is not null)
        {
            var status = await catalog.StatusAsync(code, ct);
            if (status is { } s && s != SessionStatus.Open)
                throw new SessionLifecycleException(SessionRefusal.WrongState,
                    $"La session {code} est {SessionStatusNames.French(s)} : elle ne peut plus être importée de nouveau (rouvrez-la d'abord).");
            if (!replace)
                throw new SessionLifecycleException(SessionRefusal.NeedsConfirmation, notice.Message + " Confirmez le remplacement pour l'importer.");
        }
        // One import operation for every entry point: replaced in one transaction, audited once with its red-list changes.
        var summary = await new SessionImporter(sessions.Database, sessions, audit).ImportAsync(data, actor, details ?? "", ct);
        return new ImportOutcome(notice, summary);
    }

    public Task CloseAsync(string code, string actor, CancellationToken ct = default) =>
        ChangeAsync(code, [SessionStatus.Open], SessionStatus.Closed, CloseAction, actor, ct);

    public Task ReopenAsync(string code, string actor, CancellationToken ct = default) =>
        ChangeAsync(code, [SessionStatus.Closed], SessionStatus.Open, ReopenAction, actor, ct);

    public Task ArchiveAsync(string code, string actor, CancellationToken ct = default) =>
        ChangeAsync(code, [SessionStatus.Closed], SessionStatus.Archived, ArchiveAction, actor, ct);

    public Task UnarchiveAsync(string code, string actor, CancellationToken ct = default) =>
        ChangeAsync(code, [SessionStatus.Archived], SessionStatus.Closed, UnarchiveAction, actor, ct);

    async Task ChangeAsync(string code, SessionStatus[] from, SessionStatus to, string action, string actor, CancellationToken ct)
    {
        if (!await catalog.ChangeStatusAsync(code, from, to, clock.GetUtcNow(), ct))
            throw await RefusalAsync(code, from, ct);
        await audit.RecordAsync(actor, action, $"session:{code}", $"etat={SessionStatusNames.Stored(to)}", ct);
    }

    /// <summary>
    /// Purges a closed or archived session whose code was typed again in <paramref name="typedCode"/>. Unreleased
    /// transcript versions go first (through the document store), then, in one transaction, every row of the session,
    /// its runs and planned publications with the record of counts; then the contents no document or run names any more.
    /// </summary>
    public async Task<PurgeCounts> PurgeAsync(string code, string? typedCode, string actor, CancellationToken ct = default)
    {
        SessionStatus[] allowed = [SessionStatus.Closed, SessionStatus.Archived];
        var status = await catalog.StatusAsync(code, ct);
        if (status is null || !allowed.Contains(status.Value)) throw await RefusalAsync(code, allowed, ct);
        if (!string.Equals(typedCode?.Trim(), code, StringComparison.Ordinal))
            throw new SessionLifecycleException(SessionRefusal.ConfirmationMismatch,
                $"Pour purger la session, saisissez exactement son code « {code} » ; rien n'a été supprimé.");

        var now = clock.GetUtcNow();
        var unreleased = await documents.DeleteUnreleasedAsync(code, now, ct);
        await blobs.DeleteUnreferencedAsync(unreleased, ct);
        var purged = await catalog.PurgeRowsAsync(code, allowed, actor, now, unreleased.Count, ct)
            ?? throw await RefusalAsync(code, allowed, ct);
        await blobs.DeleteUnreferencedAsync(purged.RunOutputs, ct);
        await audit.RecordAsync(actor, PurgeAction, $"session:{code}", purged.Counts.Describe(), ct);
        return purged.Counts;
    }

    async Task<SessionLifecycleException> RefusalAsync(string code, IReadOnlyCollection<SessionStatus> expected, CancellationToken ct)
    {
        if (await catalog.StatusAsync(code, ct) is not { } status)
            return new SessionLifecycleException(SessionRefusal.Unknown, $"Aucune session « {code} » n'est chargée.");
        var wanted = string.Join(" ou ", expected.Select(SessionStatusNames.French));
        return new SessionLifecycleException(SessionRefusal.WrongState,
            $"La session {code} est {SessionStatusNames.French(status)} : cette opération demande une session {wanted}.");
    }
}

/// <summary>What an import did: the session it replaced (null for a new code) and its counts, red-list changes included.</summary>
public sealed record ImportOutcome(ReplacementNotice? Replaced, ImportSummary Summary);
