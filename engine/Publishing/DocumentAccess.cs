using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using Dapper;

namespace CfgResults.Engine.Publishing;

/// <summary>A published document as shown to a school or a candidate.</summary>
public sealed record DocumentEntry(DocumentVersion Version, bool Available)
{
    /// <summary>`Relevé de Notes : Version n°1 mis à jour le 19/06/2019 (publié par le Service Examens et Concours)`</summary>
    public string Title => $"Relevé de Notes : Version n°{Version.Version} mis à jour le {ParisTime.ToLocal(Version.GeneratedAt).ToString("dd/MM/yyyy", French.Culture)} (publié par le {Version.Publisher})";

    /// <summary>Before availability: when it was generated and when it will be downloadable.</summary>
    public string AvailabilityText => Available
        ? "Disponible"
        : $"Généré le {ParisTime.ToLocal(Version.GeneratedAt).ToString("dd/MM/yyyy HH:mm", French.Culture)}, disponible à partir du {ParisTime.ToLocal(Version.AvailableFrom).ToString("dd/MM/yyyy HH:mm", French.Culture)}";
}

/// <summary>The document is not for this caller; callers answer as if it did not exist (no existence leak).</summary>
public sealed class DocumentNotFoundException() : Exception("Document introuvable.");

/// <summary>The document exists and is the caller's, but its availability date is not reached.</summary>
public sealed class DocumentNotAvailableException(DocumentVersion v)
    : Exception($"Ce relevé de notes sera disponible à partir du {ParisTime.ToLocal(v.AvailableFrom).ToString("dd/MM/yyyy HH:mm", French.Culture)}.");

/// <summary>
/// Who may see which published documents: a school its own students' (établissement d'inscription),
/// a candidate their own, the exam manager all. Checked again at every download.
/// </summary>
public sealed class DocumentAccess(IDatabase db, DocumentVersionStore documents, FileStore files, TimeProvider clock)
{
    public async Task<IReadOnlyList<DocumentEntry>> ListAsync(Caller caller, string sessionCode, string candidateNumber, CancellationToken ct = default)
    {
        if (!await MayReadAsync(caller, sessionCode, candidateNumber, ct)) throw new DocumentNotFoundException();
        var now = clock.GetUtcNow();
        return (await documents.ListForCandidateAsync(sessionCode, candidateNumber, ct)).Select(v => new DocumentEntry(v, v.IsAvailable(now))).ToList();
    }

    /// <summary>Opens a document for download: 404-like when not the caller's, refused before availability.</summary>
    public async Task<(DocumentVersion Version, Stream Content)> OpenAsync(Caller caller, long versionId, CancellationToken ct = default)
    {
        var v = await documents.GetAsync(versionId, ct) ?? throw new DocumentNotFoundException();
        if (!await MayReadAsync(caller, v.SessionCode, v.CandidateNumber, ct)) throw new DocumentNotFoundException();
        if (caller.Role != CallerRole.Manager && !v.IsAvailable(clock.GetUtcNow())) throw new DocumentNotAvailableException(v);
        return (v, files.OpenRead(v.StoragePath));
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
                await using (var cn = await db.OpenAsync(ct))
                {
                    var school = await cn.ExecuteScalarAsync<string?>(new CommandDefinition("""
                        SELECT c.registration_school FROM candidates c JOIN sessions s ON s.id = c.session_id
                        WHERE s.code = @sessionCode AND c.number = @candidateNumber
                        """, new { sessionCode, candidateNumber }, cancellationToken: ct));
                    return school is not null && school == caller.Uai;
                }
        }
    }
}
