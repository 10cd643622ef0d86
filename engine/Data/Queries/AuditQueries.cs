using System.Data.Common;
using Dapper;

namespace CfgResults.Engine.Data.Queries;

/// <summary>A row of <c>audit</c>; <see cref="At"/> is StoreFormat instant text.</summary>
internal sealed class AuditRow
{
    public long Id { get; set; }
    public string At { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? Details { get; set; }
}

/// <summary>What to list from <c>audit</c> (each given field must match; instants as StoreFormat text, From inclusive, To exclusive).</summary>
internal sealed record AuditSelection(string? Actor, string? Action, string? Target, string? User, string? School, string? From, string? To, int Limit);

/// <summary>The <c>audit</c> table (Accounts.AuditLog).</summary>
internal static class AuditQueries
{
    /// <summary>Appends an entry (texts already cleaned); its id.</summary>
    public static Task<long> InsertAsync(DbConnection connection, string at, string actor, string action, string target, string? details, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO audit (at, actor, action, target, details) VALUES (@At, @Actor, @Action, @Target, @Details) RETURNING id",
            new { At = at, Actor = actor, Action = action, Target = target, Details = details }, cancellationToken: ct));

    /// <summary>Newest first.</summary>
    public static async Task<IReadOnlyList<AuditRow>> ListAsync(DbConnection connection, AuditSelection filter, CancellationToken ct)
    {
        var where = new List<string>();
        var parameters = new DynamicParameters();
        if (filter.Actor is not null) { where.Add("actor = @Actor"); parameters.Add("Actor", filter.Actor); }
        if (filter.Action is not null) { where.Add("action = @Action"); parameters.Add("Action", filter.Action); }
        if (filter.Target is not null) { where.Add("target = @Target"); parameters.Add("Target", filter.Target); }
        if (filter.User is not null)
        {
            // An actor is written « role:value (login) », or the login alone when it is the text form (« gestionnaire »).
            where.Add("(actor = @User OR actor LIKE @UserSuffix ESCAPE '\\')");
            parameters.Add("User", filter.User);
            parameters.Add("UserSuffix", "% (" + EscapeLike(filter.User) + ")");
        }
        if (filter.School is not null)
        {
            where.Add("actor LIKE @School ESCAPE '\\'");
            parameters.Add("School", "etablissement:" + EscapeLike(filter.School.ToUpperInvariant()) + "%");
        }
        // Instants are fixed-width UTC text, so text order is time order on both databases.
        if (filter.From is { } from) { where.Add("at >= @From"); parameters.Add("From", from); }
        if (filter.To is { } to) { where.Add("at < @To"); parameters.Add("To", to); }
        parameters.Add("Limit", filter.Limit);
        var sql = "SELECT id AS Id, at AS At, actor AS Actor, action AS Action, target AS Target, details AS Details FROM audit"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
            + " ORDER BY at DESC, id DESC LIMIT @Limit";
        return (await connection.QueryAsync<AuditRow>(new CommandDefinition(sql, parameters, cancellationToken: ct))).ToList();
    }

    static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
