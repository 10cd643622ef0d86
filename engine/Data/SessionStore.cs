using System.Data.Common;
using CfgResults.Engine.Data.Rows;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Data;

/// <summary>
/// Imported sessions in the store: replace a whole session in one transaction, read it back, and manage
/// its service windows. Runs, documents and document versions are never touched here: a re-import keeps
/// what was already published.
/// </summary>
public sealed class SessionStore(IDatabase database, TimeProvider clock)
{
    const string SessionColumns = "s.id, s.code, s.domain, s.label, s.title, s.academy, s.imported_at";

    // Children first, so that the delete does not depend on ON DELETE CASCADE (PRAGMA foreign_keys).
    static readonly string[] ChildTables = ["grades", "candidates", "exams", "schools", "service_windows"];

    public SessionStore(IDatabase database) : this(database, TimeProvider.System) { }

    public IDatabase Database => database;

    /// <summary>
    /// Deletes the session with <c>data.Session.Code</c> and all its rows (schools, exams, candidates,
    /// grades, service windows) and inserts <paramref name="data"/> in their place, all or nothing.
    /// Candidates and grades are bulk loaded: prepared commands reused in one transaction on SQLite,
    /// binary COPY on PostgreSQL.
    /// </summary>
    public async Task ReplaceSessionAsync(SessionData data, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(data.Session.Code);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var oldId = await SessionIdAsync(connection, transaction, data.Session.Code, ct);
        if (oldId is { } id)
        {
            foreach (var table in ChildTables)
                await DeleteBySessionAsync(connection, transaction, table, id, ct);
            await DeleteBySessionAsync(connection, transaction, "sessions", id, ct, column: "id");
        }

        var sessionId = await InsertSessionAsync(connection, transaction, data.Session, clock.GetUtcNow(), ct);
        await InsertSchoolsAsync(connection, transaction, sessionId, data.Schools, ct);
        await InsertExamsAsync(connection, transaction, sessionId, data.Exams, ct);
        await Dialects.BulkInsertAsync(connection, transaction, sessionId, data.Candidates, data.Grades, ct);
        foreach (var window in data.Windows)
            await InsertWindowAsync(connection, transaction, sessionId, window, ct);
        await transaction.CommitAsync(ct);

        // Fresh statistics, so that the first runs after an import get good plans.
        if (database.Dialect.AnalyzeAfterImport() is { } analyze)
            await Sql.ExecuteAsync(connection, null, analyze, ct);
    }

    /// <summary>The whole session, rows in key order (ordinal); null when no session has this code.</summary>
    public async Task<SessionData?> LoadSessionAsync(string code, CancellationToken ct = default)
    {
        SessionData? data = null;
        await ReadRowsAsync(code, rows => data = new SessionData(rows.Session, rows.Schools, rows.Exams,
            rows.CandidatesInOrder.ToList(), rows.GradesInOrder.ToList(), rows.Windows), ct);
        return data;
    }

    /// <summary>
    /// Hands the session to <paramref name="use"/> with its candidates and grades read from the store as they are
    /// walked (one read transaction; memory flat whatever the session size). False when no session has this code.
    /// </summary>
    public async Task<bool> ReadRowsAsync(string code, Action<SessionRows> use, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await Dialects.BeginReadAsync(connection, ct);
        var head = await ReadSessionAsync(connection, transaction, code, ct);
        if (head is null) return false;
        var (id, info, _) = head.Value;
        var schools = await ReadSchoolsAsync(connection, transaction, id, ct);
        var exams = await ReadExamsAsync(connection, transaction, id, ct);
        var windows = await ReadWindowsAsync(connection, transaction, id, ct);
        // Walked one after the other (a connection has one reader open at a time on PostgreSQL).
        use(new SessionRows(info, schools, exams,
            Walk(connection, transaction, CandidatesInOrder(), id, CandidateTable.Read, ct),
            Walk(connection, transaction, GradesInOrder(), id, GradeTable.Read, ct),
            windows.Select(w => w.Window).ToList()));
        return true;
    }

    static IEnumerable<T> Walk<T>(DbConnection connection, DbTransaction? transaction, string sql, long id, Func<DbDataReader, T> read, CancellationToken ct)
    {
        using var command = Sql.Command(connection, transaction, sql);
        Sql.Long(command, "@session_id", id);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ct.ThrowIfCancellationRequested();
            yield return read(reader);
        }
    }

    string CandidatesInOrder() => $"SELECT {CandidateTable.Columns} FROM candidates WHERE session_id = @session_id ORDER BY {database.Dialect.Ordinal("number")}";

    string GradesInOrder() => $"SELECT {GradeTable.Columns} FROM grades WHERE session_id = @session_id " +
        $"ORDER BY {database.Dialect.Ordinal("candidate_number")}, {database.Dialect.Ordinal("exam_code")}";

    /// <summary>Session, schools, exams, windows and decision groups, without candidates and grades.</summary>
    public Task<SessionContext?> LoadContextAsync(string code, CancellationToken ct = default) => LoadContextAsync(code, null, ct);

    /// <summary>
    /// The same, as a school sees it when <paramref name="forSchool"/> is given: its decision groups are those of its
    /// own students and of the candidates who sat in its centre, so that it is never offered a group where it has
    /// nobody (an extraction of an empty group) and never told the names of the others.
    /// </summary>
    public async Task<SessionContext?> LoadContextAsync(string code, string? forSchool, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await Dialects.BeginReadAsync(connection, ct);
        var head = await ReadSessionAsync(connection, transaction, code, ct);
        if (head is null) return null;
        var (id, info, importedAt) = head.Value;
        var schools = await ReadSchoolsAsync(connection, transaction, id, ct);
        var exams = await ReadExamsAsync(connection, transaction, id, ct);
        var windows = await ReadWindowsAsync(connection, transaction, id, ct);
        var groups = new List<string>();
        var ofSchool = forSchool is null ? "" : """
             AND (registration_school = @uai OR number IN (SELECT candidate_number FROM grades WHERE session_id = @session_id AND centre_uai = @uai))
            """;
        await using (var command = Sql.Command(connection, transaction,
            $"SELECT decision_group FROM candidates WHERE session_id = @session_id{ofSchool} GROUP BY decision_group ORDER BY {database.Dialect.Ordinal("decision_group")}"))
        {
            Sql.Long(command, "@session_id", id);
            if (forSchool is not null) Sql.Text(command, "@uai", forSchool);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) groups.Add(reader.GetString(0));
        }
        return new SessionContext(info, importedAt, schools, exams, windows, groups);
    }

    /// <summary>Every imported session, most recently imported first.</summary>
    public async Task<IReadOnlyList<SessionSummary>> ListSessionsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, """
            SELECT s.code, s.label, s.title, s.imported_at,
                   (SELECT COUNT(*) FROM candidates c WHERE c.session_id = s.id) AS candidate_count
            FROM sessions s
            ORDER BY s.imported_at DESC, s.id DESC
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<SessionSummary>();
        while (await reader.ReadAsync(ct))
            list.Add(new SessionSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                checked((int)reader.GetInt64(4)), StoreFormat.ParseInstant(reader.GetString(3))));
        return list;
    }

    /// <summary>Code of the most recently imported session; null when the store holds none.</summary>
    public async Task<string?> LatestSessionCodeAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, "SELECT code FROM sessions ORDER BY imported_at DESC, id DESC LIMIT 1");
        return (string?)await command.ExecuteScalarAsync(ct);
    }

    /// <summary>True when no session has been imported yet.</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, "SELECT 1 FROM sessions LIMIT 1");
        return await command.ExecuteScalarAsync(ct) is null;
    }

    /// <summary>The session's windows in the order they were added; empty for an unknown session.</summary>
    public async Task<IReadOnlyList<StoredWindow>> ListWindowsAsync(string code, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await SessionIdAsync(connection, null, code, ct) is { } id
            ? await ReadWindowsAsync(connection, null, id, ct)
            : [];
    }

    /// <summary>Adds a window to the session; throws when the session does not exist.</summary>
    public async Task<StoredWindow> AddWindowAsync(string code, ServiceWindow window, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, """
            INSERT INTO service_windows (session_id, service, decision_group, opens, closes)
            SELECT id, @service, @decision_group, @opens, @closes FROM sessions WHERE code = @code
            RETURNING id
            """);
        Sql.Text(command, "@code", code);
        AddWindowParameters(command, window);
        return await command.ExecuteScalarAsync(ct) is { } id
            ? new StoredWindow(Convert.ToInt64(id), window)
            : throw new InvalidOperationException($"Session inconnue : {code}.");
    }

    /// <summary>Replaces a window of the session; false when the session has no window with this id.</summary>
    public async Task<bool> UpdateWindowAsync(string code, long id, ServiceWindow window, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, """
            UPDATE service_windows
            SET service = @service, decision_group = @decision_group, opens = @opens, closes = @closes
            WHERE id = @id AND session_id = (SELECT id FROM sessions WHERE code = @code)
            """);
        Sql.Text(command, "@code", code);
        Sql.Long(command, "@id", id);
        AddWindowParameters(command, window);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Deletes a window of the session; false when the session has no window with this id.</summary>
    public async Task<bool> DeleteWindowAsync(string code, long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            "DELETE FROM service_windows WHERE id = @id AND session_id = (SELECT id FROM sessions WHERE code = @code)");
        Sql.Text(command, "@code", code);
        Sql.Long(command, "@id", id);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    // ---- writing ----

    static async Task<long?> SessionIdAsync(DbConnection connection, DbTransaction? transaction, string code, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT id FROM sessions WHERE code = @code");
        Sql.Text(command, "@code", code);
        return await command.ExecuteScalarAsync(ct) is { } id ? Convert.ToInt64(id) : null;
    }

    static async Task DeleteBySessionAsync(DbConnection connection, DbTransaction transaction, string table, long id, CancellationToken ct, string column = "session_id")
    {
        // Table and column names come from the constants above, never from input.
        await using var command = Sql.Command(connection, transaction, $"DELETE FROM {table} WHERE {column} = @id");
        Sql.Long(command, "@id", id);
        await command.ExecuteNonQueryAsync(ct);
    }

    static async Task<long> InsertSessionAsync(DbConnection connection, DbTransaction transaction, SessionInfo info, DateTimeOffset importedAt, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction, """
            INSERT INTO sessions (code, domain, label, title, academy, imported_at)
            VALUES (@code, @domain, @label, @title, @academy, @imported_at)
            RETURNING id
            """);
        Sql.Text(command, "@code", info.Code);
        Sql.Text(command, "@domain", info.Domain);
        Sql.Text(command, "@label", info.Label);
        Sql.Text(command, "@title", info.Title);
        Sql.Text(command, "@academy", info.Academy);
        Sql.Text(command, "@imported_at", StoreFormat.Instant(importedAt));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    static async Task InsertSchoolsAsync(DbConnection connection, DbTransaction transaction, long sessionId, IReadOnlyList<School> schools, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction,
            "INSERT INTO schools (session_id, uai, type, name, town) VALUES (@session_id, @uai, @type, @name, @town)");
        Sql.Long(command, "@session_id", sessionId);
        var uai = Sql.Text(command, "@uai");
        var type = Sql.Text(command, "@type");
        var name = Sql.Text(command, "@name");
        var town = Sql.Text(command, "@town");
        foreach (var s in schools)
        {
            uai.Value = s.Uai; type.Value = s.Type; name.Value = s.Name; town.Value = s.Town;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    static async Task InsertExamsAsync(DbConnection connection, DbTransaction transaction, long sessionId, IReadOnlyList<Exam> exams, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction, """
            INSERT INTO exams (session_id, code, label, grading_mode, max_points_centi, display_order, short_label)
            VALUES (@session_id, @code, @label, @grading_mode, @max_points_centi, @display_order, @short_label)
            """);
        Sql.Long(command, "@session_id", sessionId);
        var code = Sql.Text(command, "@code");
        var label = Sql.Text(command, "@label");
        var mode = Sql.Text(command, "@grading_mode");
        var max = Sql.Int(command, "@max_points_centi");
        var order = Sql.Int(command, "@display_order");
        var shortLabel = Sql.Text(command, "@short_label");
        foreach (var e in exams)
        {
            code.Value = e.Code; label.Value = e.Label; mode.Value = French.Name(e.GradingMode);
            shortLabel.Value = (object?)e.ShortLabel ?? DBNull.Value;
            max.Value = StoreFormat.Centi(e.MaxPoints); order.Value = e.Order;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    static async Task InsertWindowAsync(DbConnection connection, DbTransaction transaction, long sessionId, ServiceWindow window, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction, """
            INSERT INTO service_windows (session_id, service, decision_group, opens, closes)
            VALUES (@session_id, @service, @decision_group, @opens, @closes)
            """);
        Sql.Long(command, "@session_id", sessionId);
        AddWindowParameters(command, window);
        await command.ExecuteNonQueryAsync(ct);
    }

    static void AddWindowParameters(DbCommand command, ServiceWindow window)
    {
        Sql.Text(command, "@service", French.Name(window.Service));
        Sql.Text(command, "@decision_group", window.DecisionGroup);
        Sql.Text(command, "@opens", StoreFormat.LocalDateTime(window.Opens));
        Sql.Text(command, "@closes", StoreFormat.LocalDateTime(window.Closes));
    }

    // ---- reading ----

    async Task<(long Id, SessionInfo Info, DateTimeOffset ImportedAt)?> ReadSessionAsync(DbConnection connection, DbTransaction? transaction, string code, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction, $"SELECT {SessionColumns} FROM sessions s WHERE s.code = @code");
        Sql.Text(command, "@code", code);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var info = new SessionInfo(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5));
        return (reader.GetInt64(0), info, StoreFormat.ParseInstant(reader.GetString(6)));
    }

    async Task<List<School>> ReadSchoolsAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction,
            $"SELECT uai, type, name, town FROM schools WHERE session_id = @session_id ORDER BY {database.Dialect.Ordinal("uai")}");
        Sql.Long(command, "@session_id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<School>();
        while (await reader.ReadAsync(ct))
            list.Add(new School(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return list;
    }

    async Task<List<Exam>> ReadExamsAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction,
            $"SELECT code, label, grading_mode, max_points_centi, display_order, short_label FROM exams WHERE session_id = @session_id ORDER BY {database.Dialect.Ordinal("code")}");
        Sql.Long(command, "@session_id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<Exam>();
        while (await reader.ReadAsync(ct))
            list.Add(new Exam(reader.GetString(0), reader.GetString(1), StoreFormat.ParseGradingMode(reader.GetString(2)),
                StoreFormat.Points(reader.GetInt32(3)), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        return list;
    }

    static async Task<List<StoredWindow>> ReadWindowsAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction,
            "SELECT id, service, decision_group, opens, closes FROM service_windows WHERE session_id = @session_id ORDER BY id");
        Sql.Long(command, "@session_id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<StoredWindow>();
        while (await reader.ReadAsync(ct))
            list.Add(new StoredWindow(reader.GetInt64(0),
                WindowTable.Read(reader.GetString(1), Sql.NullableString(reader, 2), reader.GetString(3), reader.GetString(4))));
        return list;
    }
    /// <summary>
    /// The exam centres where a school's own students sat (<c>grades.centre_uai</c>), for the suggestions a school is
    /// offered: its own UAI and those centres, never the rest of the session's schools.
    /// </summary>
    public async Task<IReadOnlyList<string>> CentresOfSchoolAsync(string code, string uai, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, """
            SELECT DISTINCT g.centre_uai FROM grades g JOIN sessions s ON s.id = g.session_id
            JOIN candidates c ON c.session_id = g.session_id AND c.number = g.candidate_number
            WHERE s.code = @code AND c.registration_school = @uai AND g.centre_uai IS NOT NULL
            """);
        Sql.Text(command, "@code", code);
        Sql.Text(command, "@uai", uai);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<string>();
        while (await reader.ReadAsync(ct)) list.Add(reader.GetString(0));
        return list;
    }
}
