using System.Data.Common;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Data.Rows;

/// <summary>
/// The <c>candidates</c> table's one row reader, used wherever a whole candidate is read (the session store, a run's
/// selection). Stored values are read through <see cref="StoreFormat"/>: an unknown category, state, result or boolean is an
/// error naming its column and value, never a default.
/// </summary>
internal static class CandidateTable
{
    /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
    public const string Columns =
        "number, registration_number, version, last_name, first_names, birth_date, ine, registration_school, " +
        "category, state, speciality, decision_group, red_list, fraud_suspected, replacement_session, result";

    /// <summary>What an import writes: the session, then <see cref="Columns"/>.</summary>
    public const string InsertColumns = "session_id, " + Columns;

    /// <summary><see cref="Columns"/> prefixed with a table alias (<c>c.number, c.registration_number, …</c>).</summary>
    public static string Aliased(string alias) => string.Join(", ", Columns.Split(", ").Select(c => alias + "." + c));

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static Candidate Read(DbDataReader r) => new(
        Number: r.GetString(0),
        RegistrationNumber: r.GetString(1),
        Version: r.GetString(2),
        LastName: r.GetString(3),
        FirstNames: r.GetString(4),
        BirthDate: StoreFormat.ParseDate(r.GetString(5)),
        Ine: Sql.NullableString(r, 6),
        RegistrationSchoolUai: r.GetString(7),
        Category: StoreFormat.ParseCategory(r.GetString(8)),
        State: StoreFormat.ParseState(r.GetString(9)),
        Speciality: Sql.NullableString(r, 10),
        DecisionGroup: r.GetString(11),
        RedList: StoreFormat.ParseBool(r.GetInt32(12), "candidates.red_list"),
        FraudSuspected: StoreFormat.ParseBool(r.GetInt32(13), "candidates.fraud_suspected"),
        ReplacementSession: StoreFormat.ParseBool(r.GetInt32(14), "candidates.replacement_session"),
        Result: Sql.NullableString(r, 15) is { } result ? StoreFormat.ParseResult(result) : null);
}

/// <summary>The <c>grades</c> table's one row reader (the session store, a run's selection).</summary>
internal static class GradeTable
{
    /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
    public const string Columns = "candidate_number, exam_code, position, centre_uai, note_kind, points_centi";

    /// <summary>What an import writes: the session, then <see cref="Columns"/>.</summary>
    public const string InsertColumns = "session_id, " + Columns;

    /// <summary><see cref="Columns"/> prefixed with a table alias.</summary>
    public static string Aliased(string alias) => string.Join(", ", Columns.Split(", ").Select(c => alias + "." + c));

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static Grade Read(DbDataReader r) => new(
        CandidateNumber: r.GetString(0),
        ExamCode: r.GetString(1),
        Position: StoreFormat.ParsePosition(r.GetString(2)),
        CentreUai: Sql.NullableString(r, 3),
        Value: StoreFormat.ParseGradeValue(r.GetString(4), r.IsDBNull(5) ? null : r.GetInt32(5)));
}

/// <summary>The <c>service_windows</c> table's one reading of a window (the session store, the session catalogue).</summary>
internal static class WindowTable
{
    /// <summary>A window from its stored service, decision group (null: the whole session) and bounds (Paris, to the minute).</summary>
    public static ServiceWindow Read(string service, string? group, string opens, string closes) =>
        new(StoreFormat.ParseService(service), group, StoreFormat.ParseLocalDateTime(opens), StoreFormat.ParseLocalDateTime(closes));
}
