using System.Data.Common;
using Dapper;

namespace CfgResults.Engine.Data.Queries;

/// <summary>A row of <c>users</c>, with column types as both databases return them (INTEGER may come back as int or long).</summary>
internal sealed class UserRow
{
    public long Id { get; set; }
    public string Login { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public string Role { get; set; } = "";
    public string? Uai { get; set; }
    public string? CandidateNumber { get; set; }
    public long Disabled { get; set; }
    public long FailedAttempts { get; set; }
    public string? LockedUntil { get; set; }
    public string CreatedAt { get; set; } = "";
}

/// <summary>The <c>users</c> table (Accounts.UserStore).</summary>
internal static class UserQueries
{
    const string SelectColumns = """
        SELECT id AS Id, login AS Login, password_hash AS PasswordHash, role AS Role, uai AS Uai,
               candidate_number AS CandidateNumber, disabled AS Disabled, failed_attempts AS FailedAttempts,
               locked_until AS LockedUntil, created_at AS CreatedAt
        FROM users
        """;

    public static async Task<UserRow?> FindAsync(DbConnection connection, string login, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            SelectColumns + " WHERE login = @Login", new { Login = login }, cancellationToken: ct));

    public static async Task<IReadOnlyList<UserRow>> ListAsync(DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<UserRow>(new CommandDefinition(SelectColumns + " ORDER BY login", cancellationToken: ct))).ToList();

    public static Task<int> InsertAsync(DbConnection connection, string login, string hash, string role, string? uai, string? candidateNumber,
        string createdAt, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (login, password_hash, role, uai, candidate_number, disabled, failed_attempts, locked_until, created_at)
            VALUES (@Login, @Hash, @Role, @Uai, @CandidateNumber, 0, 0, NULL, @CreatedAt)
            """,
            new { Login = login, Hash = hash, Role = role, Uai = uai, CandidateNumber = candidateNumber, CreatedAt = createdAt },
            cancellationToken: ct));

    /// <summary>New password, lockout lifted; the number of rows changed (0: unknown login).</summary>
    public static Task<int> ResetPasswordAsync(DbConnection connection, string login, string hash, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @Hash, failed_attempts = 0, locked_until = NULL WHERE login = @Login",
            new { Hash = hash, Login = login }, cancellationToken: ct));

    public static Task<int> UnlockAsync(DbConnection connection, string login, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE login = @Login",
            new { Login = login }, cancellationToken: ct));

    /// <summary>After a successful sign-in: counters cleared, the hash (maybe rehashed) written back.</summary>
    public static Task<int> SignedInAsync(DbConnection connection, long id, string hash, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_attempts = 0, locked_until = NULL, password_hash = @Hash WHERE id = @Id",
            new { Id = id, Hash = hash }, cancellationToken: ct));

    public static Task<int> SetDisabledAsync(DbConnection connection, string login, bool disabled, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET disabled = @Disabled WHERE login = @Login",
            new { Disabled = disabled ? 1 : 0, Login = login }, cancellationToken: ct));
}

/// <summary>A row of <c>user_sessions</c> as a request checks it.</summary>
internal sealed class UserSessionRow
{
    public string Login { get; set; } = "";
    public string LastSeenAt { get; set; } = "";
    public string? EndedAt { get; set; }
}

/// <summary>The <c>user_sessions</c> table (Accounts.UserSessions); ids are token hashes, instants StoreFormat text.</summary>
internal static class UserSessionQueries
{
    public static Task<int> InsertAsync(DbConnection connection, string id, string login, string now, string? client, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO user_sessions (id, login, created_at, last_seen_at, ended_at, client) VALUES (@Id, @Login, @Now, @Now, NULL, @Client)",
            new { Id = id, Login = login, Now = now, Client = client }, cancellationToken: ct));

    public static Task<UserSessionRow?> FindAsync(DbConnection connection, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<UserSessionRow>(new CommandDefinition(
            "SELECT login AS Login, last_seen_at AS LastSeenAt, ended_at AS EndedAt FROM user_sessions WHERE id = @Id",
            new { Id = id }, cancellationToken: ct));

    public static Task<int> TouchAsync(DbConnection connection, string id, string now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("UPDATE user_sessions SET last_seen_at = @Now WHERE id = @Id AND ended_at IS NULL",
            new { Id = id, Now = now }, cancellationToken: ct));

    public static Task<int> EndAsync(DbConnection connection, string id, string now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("UPDATE user_sessions SET ended_at = @Now WHERE id = @Id AND ended_at IS NULL",
            new { Id = id, Now = now }, cancellationToken: ct));

    public static Task<int> EndAllAsync(DbConnection connection, string login, string now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("UPDATE user_sessions SET ended_at = @Now WHERE login = @Login AND ended_at IS NULL",
            new { Login = login, Now = now }, cancellationToken: ct));
}

/// <summary>A row of <c>sign_in_throttle</c>.</summary>
internal sealed class ThrottleRow
{
    public string Key { get; set; } = "";
    public long Failures { get; set; }
    public string LastFailureAt { get; set; } = "";
}

/// <summary>The <c>sign_in_throttle</c> table (Accounts.SignInThrottle): failure counts by key.</summary>
internal static class ThrottleQueries
{
    public static async Task<IReadOnlyList<ThrottleRow>> ListAsync(DbConnection connection, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var (list, args) = SqlLists.InList(keys);
        return (await connection.QueryAsync<ThrottleRow>(new CommandDefinition(
            $"SELECT key AS Key, failures AS Failures, last_failure_at AS LastFailureAt FROM sign_in_throttle WHERE key IN ({list})",
            args, cancellationToken: ct))).ToList();
    }

    /// <summary>One more failure under the key (the first one creates its row).</summary>
    public static Task<int> CountFailureAsync(DbConnection connection, string key, string at, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sign_in_throttle (key, failures, last_failure_at) VALUES (@Key, 1, @At)
            ON CONFLICT (key) DO UPDATE SET failures = sign_in_throttle.failures + 1, last_failure_at = excluded.last_failure_at
            """,
            new { Key = key, At = at }, cancellationToken: ct));

    public static Task<int> ForgetBeforeAsync(DbConnection connection, string before, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("DELETE FROM sign_in_throttle WHERE last_failure_at < @Before",
            new { Before = before }, cancellationToken: ct));

    public static Task<int> DeleteAsync(DbConnection connection, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var (list, args) = SqlLists.InList(keys);
        return connection.ExecuteAsync(new CommandDefinition($"DELETE FROM sign_in_throttle WHERE key IN ({list})", args, cancellationToken: ct));
    }

    public static Task<int> DeleteAsync(DbConnection connection, string key, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("DELETE FROM sign_in_throttle WHERE key = @Key",
            new { Key = key }, cancellationToken: ct));
}
