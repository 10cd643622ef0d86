using CfgResults.Engine.Domain;
using Npgsql;
using NpgsqlTypes;

namespace CfgResults.Engine.Data.Postgres;

/// <summary>
/// Bulk load on PostgreSQL with binary COPY, inside the transaction already open on the connection.
/// Binary COPY needs each value's exact column type: bigint for session_id, integer for the 0/1 flags
/// and hundredths, text for the rest.
/// </summary>
internal static class PostgresBulk
{
    public static async Task CopyCandidatesAsync(NpgsqlConnection connection, long sessionId, IReadOnlyList<Candidate> candidates, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY candidates ({Rows.CandidateTable.InsertColumns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var c in candidates)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(sessionId, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(c.Number, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(c.RegistrationNumber, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(c.Version, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(c.LastName, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(c.FirstNames, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(StoreFormat.Date(c.BirthDate), NpgsqlDbType.Text, ct);
            await WriteTextAsync(writer, c.Ine, ct);
            await writer.WriteAsync(c.RegistrationSchoolUai, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(French.Name(c.Category), NpgsqlDbType.Text, ct);
            await writer.WriteAsync(French.Name(c.State), NpgsqlDbType.Text, ct);
            await WriteTextAsync(writer, c.Speciality, ct);
            await writer.WriteAsync(c.DecisionGroup, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(StoreFormat.Bool(c.RedList), NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(StoreFormat.Bool(c.FraudSuspected), NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(StoreFormat.Bool(c.ReplacementSession), NpgsqlDbType.Integer, ct);
            await WriteTextAsync(writer, c.Result is { } r ? French.Name(r) : null, ct);
        }
        // Key violations (a candidate number twice) surface here; the caller's transaction then rolls back.
        await writer.CompleteAsync(ct);
    }

    public static async Task CopyGradesAsync(NpgsqlConnection connection, long sessionId, IReadOnlyList<Grade> grades, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY grades ({Rows.GradeTable.InsertColumns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var g in grades)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(sessionId, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(g.CandidateNumber, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(g.ExamCode, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(French.Name(g.Position), NpgsqlDbType.Text, ct);
            await WriteTextAsync(writer, g.CentreUai, ct);
            await writer.WriteAsync(StoreFormat.NoteKind(g.Value.Kind), NpgsqlDbType.Text, ct);
            if (StoreFormat.GradePoints(g.Value) is { } points)
                await writer.WriteAsync(points, NpgsqlDbType.Integer, ct);
            else
                await writer.WriteNullAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    static Task WriteTextAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, NpgsqlDbType.Text, ct);
}
