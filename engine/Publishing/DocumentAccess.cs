using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Data.Queries;

namespace CfgResults.Engine.Publishing;

/// <summary>A published document as shown to a school or a candidate.</summary>
/// <param name="ServiceClosed">For a candidate while the candidates' publication service is closed: its message.</param>
public sealed record DocumentEntry(DocumentVersion Version, bool Available, string? ServiceClosed = null)
{
    /// <summary>`Relevé de Notes : Version n°1 mis à jour le 19/06/2019 (publié par le Service Examens et Concours)`</summary>
    public string Title => $"Relevé de Notes : Version n°{Version.Version} mis à jour le {ParisTime.ToLocal(Version.GeneratedAt).ToString("dd/MM/yyyy", French.Culture)} (publié par le {Version.Publisher})";

    /// <summary>Before availability: when it was generated and when it will be downloadable.</summary>
    public string AvailabilityText => Available
        ? "Disponible"
        : ServiceClosed ?? $"Généré le {ParisTime.Format(Version.GeneratedAt)}, disponible à partir du {ParisTime.Format(Version.AvailableFrom)}";
}

/// <summary>The document is not for this caller; callers answer as if it did not exist (no existence leak).</summary>
public sealed class DocumentNotFoundException() : Exception("Document introuvable.");

/// <summary>
/// The document exists and is the caller's, but its availability date is not reached, or (for a candidate)
/// the candidates' publication service is closed.
/// </summary>
public sealed class DocumentNotAvailableException(string message) : Exception(message)
{
    public DocumentNotAvailableException(DocumentVersion v)
        : this($"Ce relevé de notes sera disponible à partir du {ParisTime.Format(v.AvailableFrom)}.") { }
}

/// <summary>
/// Who may see which published documents: a school its own students' (établissement d'inscription),
/// a candidate their own, the exam manager all. Checked again at every download.
/// A school downloads a transcript from its availability date (memo, section 6). A candidate needs, as well,
/// the candidates' publication service (`publication_candidat`) open for their groupe de décision: a window
/// of the whole session or of their group, [opens, closes) in Europe/Paris, as every service window.
/// </summary>
public sealed partial class DocumentAccess(IDatabase db, DocumentVersionStore documents, BlobStore blobs, SessionStore sessions, TimeProvider clock, AuditLog audit)
{
    public const string CandidateServiceClosedWithoutWindow = "Le service de publication des résultats aux candidats n'est pas ouvert.";

    public async Task<IReadOnlyList<DocumentEntry>> ListAsync(Caller caller, string sessionCode, string candidateNumber, CancellationToken ct = default)
    {
        if (!await MayReadAsync(caller, sessionCode, candidateNumber, ct)) throw new DocumentNotFoundException();
        var now = clock.GetUtcNow();
        var versions = await documents.ListForCandidateAsync(sessionCode, candidateNumber, ct);
        var closed = caller.Role == CallerRole.Candidate && versions.Count > 0 ? await CandidateServiceClosedAsync(sessionCode, candidateNumber, ct) : null;
        return versions.Select(v => new DocumentEntry(v, closed is null && v.IsAvailable(now), closed)).ToList();
    }

    /// <summary>
    /// Opens a document for download: 404-like when not the caller's, refused before availability, and for a
    /// candidate while their publication service is closed. The download is audited here, once, whatever the entry
    /// point (page, API, command line): action `telechargement`, target `document:{id}`.
    /// </summary>
    public async Task<(DocumentVersion Version, Stream Content)> OpenAsync(Caller caller, long versionId, CancellationToken ct = default)
    {
        var v = await documents.GetAsync(versionId, ct) ?? throw new DocumentNotFoundException();
        if (!await MayReadAsync(caller, v.SessionCode, v.CandidateNumber, ct)) throw new DocumentNotFoundException();
        if (caller.Role == CallerRole.Candidate && await CandidateServiceClosedAsync(v.SessionCode, v.CandidateNumber, ct) is { } closed)
            throw new DocumentNotAvailableException(closed);
        if (caller.Role != CallerRole.Manager && !v.IsAvailable(clock.GetUtcNow())) throw new DocumentNotAvailableException(v);
        var content = await blobs.OpenReadAsync(v.FileSha256, ct) ?? throw new StoredContentMissingException(v.FileSha256);
        await audit.RecordAsync(caller, AuditActions.Download, $"document:{v.Id}",
            $"relevé de notes {v.CandidateNumber} version {v.Version}; session {v.SessionCode}", ct);
        return (v, content);
    }

    /// <summary>
    /// Null while the candidates' publication service is open for this candidate; otherwise what to tell them,
    /// in the memo's format: `Service de publication des résultats aux candidats ouvert du 03/07/2026 10:00 au
    /// 30/09/2026 23:59.` (the window next to open, or else the last one closed).
    /// </summary>
    public async Task<string?> CandidateServiceClosedAsync(string sessionCode, string candidateNumber, CancellationToken ct = default)
    {
        string? group;
        await using (var cn = await db.OpenAsync(ct))
            group = await CandidateQueries.DecisionGroupAsync(cn, sessionCode, candidateNumber, ct);
        var windows = (await sessions.ListWindowsAsync(sessionCode, ct)).Select(w => w.Window).ToList();
        // A purged session has no windows left, and its kept transcripts stay the candidate's to download for life.
        if (windows.Count == 0 && group is null && !await SessionExistsAsync(sessionCode, ct)) return null;
        // A window of another group does not apply to this candidate; an unknown group sees the session's windows only.
        var verdict = ServiceWindows.Evaluate(
            windows.Where(w => w.DecisionGroup is null || w.DecisionGroup == group), ServiceKind.CandidatePublication, group ?? "", clock.GetUtcNow());
        if (verdict.IsOpen) return null;
        return verdict.Cited is { } w
            ? $"Service de publication des résultats aux candidats ouvert du {ParisTime.Format(w.Opens)} au {ParisTime.Format(w.Closes)}."
            : CandidateServiceClosedWithoutWindow;
    }

    async Task<bool> SessionExistsAsync(string sessionCode, CancellationToken ct)
    {
        await using var cn = await db.OpenAsync(ct);
        return await CandidateQueries.SessionExistsAsync(cn, sessionCode, ct);
    }

    public async Task<bool> MayReadAsync(Caller caller, string sessionCode, string candidateNumber, CancellationToken ct = default)
    {
        switch (caller.Role)
        {
            case CallerRole.Manager:
                return true;
            case CallerRole.Candidate:
                return caller.CandidateNumber == candidateNumber;
            default:
                var scope = CallerScope.OwnStudents(caller);
                await using (var cn = await db.OpenAsync(ct))
                    return await CandidateQueries.InScopeAsync(cn, sessionCode, candidateNumber, new Where(scope.Sql, scope.Parameters), ct);
        }
    }
}

/// <summary>
/// A version or run names content that is not in the database: a folder-based data directory whose file was
/// missing or did not match its recorded hash at migration (see the table storage_migration_issues).
/// </summary>
public sealed class StoredContentMissingException(string sha256)
    : Exception($"Le contenu de ce document (SHA-256 {sha256}) est absent de la base : la migration du dossier de données l'a signalé comme manquant ou non conforme.");
