using System.Data.Common;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Data.Sqlite;

/// <summary>
/// Bulk insert on SQLite: inside the caller's single transaction, one prepared command per table whose
/// parameter values are changed for each row, so that SQLite compiles each statement once.
/// </summary>
internal static class SqliteBulk
{
    public static async Task InsertCandidatesAsync(DbConnection connection, DbTransaction transaction, long sessionId, IReadOnlyList<Candidate> candidates, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction,
            $"INSERT INTO candidates ({Rows.CandidateTable.InsertColumns}) VALUES " +
            "(@session_id, @number, @registration_number, @version, @last_name, @first_names, @birth_date, @ine, @registration_school, " +
            "@category, @state, @speciality, @decision_group, @red_list, @fraud_suspected, @replacement_session, @result)");
        Sql.Long(command, "@session_id", sessionId);
        var number = Sql.Text(command, "@number");
        var registrationNumber = Sql.Text(command, "@registration_number");
        var version = Sql.Text(command, "@version");
        var lastName = Sql.Text(command, "@last_name");
        var firstNames = Sql.Text(command, "@first_names");
        var birthDate = Sql.Text(command, "@birth_date");
        var ine = Sql.Text(command, "@ine");
        var school = Sql.Text(command, "@registration_school");
        var category = Sql.Text(command, "@category");
        var state = Sql.Text(command, "@state");
        var speciality = Sql.Text(command, "@speciality");
        var group = Sql.Text(command, "@decision_group");
        var redList = Sql.Int(command, "@red_list");
        var fraud = Sql.Int(command, "@fraud_suspected");
        var replacement = Sql.Int(command, "@replacement_session");
        var result = Sql.Text(command, "@result");
        command.Prepare();
        foreach (var c in candidates)
        {
            ct.ThrowIfCancellationRequested();
            number.Value = c.Number;
            registrationNumber.Value = c.RegistrationNumber;
            version.Value = c.Version;
            lastName.Value = c.LastName;
            firstNames.Value = c.FirstNames;
            birthDate.Value = StoreFormat.Date(c.BirthDate);
            Sql.Set(ine, c.Ine);
            school.Value = c.RegistrationSchoolUai;
            category.Value = French.Name(c.Category);
            state.Value = French.Name(c.State);
            Sql.Set(speciality, c.Speciality);
            group.Value = c.DecisionGroup;
            redList.Value = StoreFormat.Bool(c.RedList);
            fraud.Value = StoreFormat.Bool(c.FraudSuspected);
            replacement.Value = StoreFormat.Bool(c.ReplacementSession);
            Sql.Set(result, c.Result is { } r ? French.Name(r) : null);
            // Synchronous on purpose: SQLite has no asynchronous I/O, and the async path only adds overhead per row.
            command.ExecuteNonQuery();
        }
    }

    public static async Task InsertGradesAsync(DbConnection connection, DbTransaction transaction, long sessionId, IReadOnlyList<Grade> grades, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction,
            $"INSERT INTO grades ({Rows.GradeTable.InsertColumns}) VALUES " +
            "(@session_id, @candidate_number, @exam_code, @position, @centre_uai, @note_kind, @points_centi)");
        Sql.Long(command, "@session_id", sessionId);
        var candidate = Sql.Text(command, "@candidate_number");
        var exam = Sql.Text(command, "@exam_code");
        var position = Sql.Text(command, "@position");
        var centre = Sql.Text(command, "@centre_uai");
        var kind = Sql.Text(command, "@note_kind");
        var points = Sql.Int(command, "@points_centi");
        command.Prepare();
        foreach (var g in grades)
        {
            ct.ThrowIfCancellationRequested();
            candidate.Value = g.CandidateNumber;
            exam.Value = g.ExamCode;
            position.Value = French.Name(g.Position);
            Sql.Set(centre, g.CentreUai);
            kind.Value = StoreFormat.NoteKind(g.Value.Kind);
            Sql.Set(points, StoreFormat.GradePoints(g.Value));
            command.ExecuteNonQuery();
        }
    }
}
