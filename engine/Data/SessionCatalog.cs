using System.Data.Common;
using CfgResults.Engine.Domain;
using Dapper;

namespace CfgResults.Engine.Data;

/// <summary>One session as the selectors and the manager's sessions page list it (without its candidates).</summary>
/// <param name="CandidateCount">Counted only when asked (the manager's page); -1 otherwise.</param>
public sealed record SessionEntry(string Code, string Domain, string Label, string Title, SessionStatus Status, DateTimeOffset ImportedAt,
    DateTimeOffset? StatusChangedAt, IReadOnlyList<ServiceWindow> Windows, int CandidateCount = -1)
{
    /// <summary>`CFG juin 2026` as a person names it: `JUIN 2026`.</summary>
    public string Display => $"{Title} — {Label}";

    /// <summary>When the session starts, for ordering: its first window's opening (Europe/Paris), else its import.</summary>
    public DateTime StartsAt => Windows.Count > 0 ? Windows.Min(w => w.Opens) : TimeZoneInfo.ConvertTime(ImportedAt, Paris).DateTime;

    static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public bool IsArchived => Status == SessionStatus.Archived;
}

/// <summary>One candidacy of a candidate (memo: « Liste des candidatures »): `01843006787 | 001 Version 03 | TEST | Erwan | 01/01/2001`.</summary>
public sealed record Candidacy(string SessionCode, string Number, string RegistrationNumber, string Version, string LastName, string FirstNames, DateOnly BirthDate)
{
    public string Registration => $"{RegistrationNumber} Version {Version}";
}

/// <summary>
/// The sessions in the store with their life-cycle state, who has data in which, and the SQL of the life cycle
/// (status changes, purge, purge records). Sessions' rows themselves are written by <see cref="SessionStore"/>.
/// </summary>
public sealed class SessionCatalog(IDatabase database)
{
    /// <summary>Every session, newest first (<see cref="SessionEntry.StartsAt"/>, then import, then code: CFG-2027-06 before CFG-2026-06).</summary>
    public async Task<IReadOnlyList<SessionEntry>> ListAsync(bool withCounts = false, CancellationToken ct = default)
    {
        await using var cn = await database.OpenAsync(ct);
        var count = withCounts ? "(SELECT COUNT(*) FROM candidates c WHERE c.session_id = s.id)" : "-1";
        var rows = await cn.QueryAsync<(long Id, string Code, string Domain, string Label, string Title, string ImportedAt, string Status, string? Changed, long Count)>(
            new CommandDefinition($"SELECT s.id, s.code, s.domain, s.label, s.title, s.imported_at, s.status, s.status_changed_at, {count} FROM sessions s",
                cancellationToken: ct));
        var windows = (await cn.QueryAsync<(long SessionId, string Service, string? Group, string Opens, string Closes)>(new CommandDefinition(
                "SELECT session_id, service, decision_group, opens, closes FROM service_windows ORDER BY id", cancellationToken: ct)))
            .ToLookup(w => w.SessionId, w => Rows.WindowTable.Read(w.Service, w.Group, w.Opens, w.Closes));
        return rows.Select(r => new SessionEntry(r.Code, r.Domain, r.Label, r.Title, SessionStatusNames.Parse(r.Status), StoreFormat.ParseInstant(r.ImportedAt),
                r.Changed is null ? null : StoreFormat.ParseInstant(r.Changed), windows[r.Id].ToList(), checked((int)r.Count)))
            .OrderByDescending(e => e.StartsAt).ThenByDescending(e => e.ImportedAt).ThenByDescending(e => e.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Codes of the sessions where the school has registered students or was an exam centre.</summary>
    public async Task<IReadOnlySet<string>> CodesForSchoolAsync(string uai, CancellationToken ct = default)
    {
        await using var cn = await database.OpenAsync(ct);
        return (await cn.QueryAsync<string>(new CommandDefinition("""
            SELECT s.code FROM sessions s
            WHERE EXISTS (SELECT 1 FROM candidates c WHERE c.session_id = s.id AND c.registration_school = @uai)
               OR EXISTS (SELECT 1 FROM grades g WHERE g.session_id = s.id AND g.centre_uai = @uai)
            """, new { uai }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Codes of the sessions where this numéro candidat has a candidacy, and of purged sessions where documents
    /// published for it were kept.
    /// </summary>
    public async Task<IReadOnlySet<string>> CodesForCandidateAsync(string candidateNumber, CancellationToken ct = default)
    {
        await using var cn = await database.OpenAsync(ct);
        return (await cn.QueryAsync<string>(new CommandDefinition("""
            SELECT s.code FROM sessions s WHERE EXISTS (SELECT 1 FROM candidates c WHERE c.session_id = s.id AND c.number = @candidateNumber)
            UNION
            SELECT d.session_code FROM documents d WHERE d.candidate_number = @candidateNumber
            """, new { candidateNumber }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The candidacies of one numéro candidat in every session, as <paramref name="registrationSchool"/> may see them
    /// (a school: only where it registered the candidate; null: all, for the exam manager). Session order is the caller's.
    /// </summary>
    public async Task<IReadOnlyList<Candidacy>> CandidaciesAsync(string candidateNumber, string? registrationSchool, CancellationToken ct = default)
    {
        await using var cn = await database.OpenAsync(ct);
        var school = registrationSchool is null ? "" : " AND c.registration_school = @registrationSchool";
        var rows = await cn.QueryAsync<(string Code, string Number, string Reg, string Version, string Last, string First, string Birth)>(new CommandDefinition($"""
            SELECT s.code, c.number, c.registration_number, c.version, c.last_name, c.first_names, c.birth_date
            FROM candidates c JOIN sessions s ON s.id = c.session_id
            WHERE c.number = @candidateNumber{school}
            """, new { candidateNumber, registrationSchool }, cancellationToken: ct));
        return rows.Select(r => new Candidacy(r.Code, r.Number, r.Reg, r.Version, r.Last, r.First, StoreFormat.ParseDate(r.Birth))).ToList();
    }

    /// <summary>The session's state; null when no session has this code.</summary>
    public async Task<SessionStatus?> StatusAsync(string code, CancellationToken ct = default)
    {
        await using var cn = await database.OpenAsync(ct);
        var stored = await cn.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT status FROM sessions WHERE code = @code", new { code }, cancellationToken: ct));
        return stored is null ? null : SessionStatusNames.Parse(stored);
    }

    /// <summary>Moves the session from one of <paramref name="from"/> to <paramref name="to"/>; false when it was in none of them.</summary>
    public async Task<bool> ChangeStatusAsync(string code, IReadOnlyCollection<SessionStatus> from, SessionStatus to, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var cn = await database.OpenAsync(ct);
        var args = new DynamicParameters(new { code, to = SessionStatusNames.Stored(to), at = StoreFormat.Instant(at) });
        var names = from.Select((s, i) => { args.Add("f" + i, SessionStatusNames.Stored(s)); return "@f" + i; });
        return await cn.ExecuteAsync(new CommandDefinition(
            $"UPDATE sessions SET status = @to, status_changed_at = @at WHERE code = @code AND status IN ({string.Join(", ", names)})",
            args, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Deletes, in one transaction, every row the session owns (grades, candidates, exams, schools, windows, the
    /// session), its runs and its planned publications, and records a <see cref="PurgeRecord"/> of the counts.
    /// Published document versions are not touched here. Returns the run outputs' contents to remove once committed, or null
    /// when the session is not in one of <paramref name="allowed"/> (nothing is deleted then).
    /// </summary>
    public async Task<(PurgeCounts Counts, IReadOnlyList<string> RunOutputs)?> PurgeRowsAsync(string code, IReadOnlyCollection<SessionStatus> allowed,
        string purgedBy, DateTimeOffset at, int unreleasedVersions, CancellationToken ct = default)
    {
        await using var cn = await database.OpenAsync(ct);
        await using var tx = await cn.BeginTransactionAsync(ct);
        var head = await cn.QuerySingleOrDefaultAsync<(long Id, string Label, string Status)?>(new CommandDefinition(
            "SELECT id, label, status FROM sessions WHERE code = @code", new { code }, tx, cancellationToken: ct));
        if (head is not { } session || !allowed.Contains(SessionStatusNames.Parse(session.Status))) return null;
        var id = session.Id;

        var runFiles = (await cn.QueryAsync<string>(new CommandDefinition(
            "SELECT output_sha256 FROM runs WHERE session_code = @code AND output_sha256 IS NOT NULL", new { code }, tx, cancellationToken: ct))).ToList();
        var kept = await cn.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE d.session_code = @code", new { code }, tx, cancellationToken: ct));
        // Children first, so that the delete does not depend on ON DELETE CASCADE (PRAGMA foreign_keys).
        var grades = await DeleteAsync(cn, tx, "grades", "session_id = @id", new { id }, ct);
        var candidates = await DeleteAsync(cn, tx, "candidates", "session_id = @id", new { id }, ct);
        await DeleteAsync(cn, tx, "exams", "session_id = @id", new { id }, ct);
        var schools = await DeleteAsync(cn, tx, "schools", "session_id = @id", new { id }, ct);
        var windows = await DeleteAsync(cn, tx, "service_windows", "session_id = @id", new { id }, ct);
        await DeleteAsync(cn, tx, "sessions", "id = @id", new { id }, ct);
        var runs = await DeleteAsync(cn, tx, "runs", "session_code = @code", new { code }, ct);
        var planned = await DeleteAsync(cn, tx, "planned_publications", "session_code = @code", new { code }, ct);
        var counts = new PurgeCounts(candidates, grades, schools, windows, runs, runFiles.Count, unreleasedVersions, planned, kept);
        await cn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO session_purges (code, label, purged_at, purged_by, candidates, grades, schools, windows, runs, run_files,
                                        unreleased_versions, planned_publications, kept_versions)
            VALUES (@code, @label, @at, @purgedBy, @Candidates, @Grades, @Schools, @Windows, @Runs, @RunFiles, @UnreleasedVersions,
                    @PlannedPublications, @KeptVersions)
            """, new
        {
            code, label = session.Label, at = StoreFormat.Instant(at), purgedBy, counts.Candidates, counts.Grades, counts.Schools, counts.Windows,
            counts.Runs, counts.RunFiles, counts.UnreleasedVersions, counts.PlannedPublications, counts.KeptVersions,
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (counts, runFiles);
    }

    // Table names and conditions come from the constants above, never from input.
    static Task<int> DeleteAsync(DbConnection cn, DbTransaction tx, string table, string where, object args, CancellationToken ct) =>
        cn.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE {where}", args, tx, cancellationToken: ct));

    /// <summary>Every purge done, newest first.</summary>
    public async Task<IReadOnlyList<PurgeRecord>> ListPurgesAsync(CancellationToken ct = default)
    {
        await using var cn = await database.OpenAsync(ct);
        var rows = await cn.QueryAsync<PurgeRow>(new CommandDefinition("""
            SELECT code AS Code, label AS Label, purged_at AS PurgedAt, purged_by AS PurgedBy, candidates AS Candidates, grades AS Grades,
                   schools AS Schools, windows AS Windows, runs AS Runs, run_files AS RunFiles, unreleased_versions AS UnreleasedVersions,
                   planned_publications AS PlannedPublications, kept_versions AS KeptVersions
            FROM session_purges ORDER BY purged_at DESC, id DESC
            """, cancellationToken: ct));
        return rows.Select(r => new PurgeRecord(r.Code, r.Label, StoreFormat.ParseInstant(r.PurgedAt), r.PurgedBy,
            new PurgeCounts((int)r.Candidates, (int)r.Grades, (int)r.Schools, (int)r.Windows, (int)r.Runs, (int)r.RunFiles, (int)r.UnreleasedVersions,
                (int)r.PlannedPublications, (int)r.KeptVersions))).ToList();
    }

    /// <summary>Removes audit entries older than <paramref name="before"/> (access and audit logs are kept one year by default).</summary>
    public async Task<int> PruneAuditAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        await using var cn = await database.OpenAsync(ct);
        await using var tx = await cn.BeginTransactionAsync(ct);
        var args = new { before = StoreFormat.Instant(before), at = StoreFormat.Instant(DateTimeOffset.UtcNow) };
        // The audit is append-only: the schema lets old entries go only under a sweep recorded first (migration 010).
        await cn.ExecuteAsync(new CommandDefinition("INSERT INTO audit_sweeps (cutoff, swept_at) VALUES (@before, @at)", args, tx, cancellationToken: ct));
        var removed = await cn.ExecuteAsync(new CommandDefinition("DELETE FROM audit WHERE at < @before", args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return removed;
    }

    sealed class PurgeRow
    {
        public string Code { get; set; } = "";
        public string Label { get; set; } = "";
        public string PurgedAt { get; set; } = "";
        public string PurgedBy { get; set; } = "";
        public long Candidates { get; set; }
        public long Grades { get; set; }
        public long Schools { get; set; }
        public long Windows { get; set; }
        public long Runs { get; set; }
        public long RunFiles { get; set; }
        public long UnreleasedVersions { get; set; }
        public long PlannedPublications { get; set; }
        public long KeptVersions { get; set; }
    }
}
