using System.Security.Cryptography;
using System.Text;
using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;

namespace CfgResults.Engine.Accounts;

/// <summary>
/// Sign-in sessions held in the store (table <c>user_sessions</c>; ASVS 5.0 V7.4): the sign-in cookie carries a random
/// token, the store keeps only its SHA-256. A request is accepted only while its session is open and used within
/// the idle time, so signing out, disabling an account or resetting its password ends its sessions on every host.
/// </summary>
public sealed class UserSessions(IDatabase database, TimeProvider clock)
{
    /// <summary>A session's last use is written at most this often (one write a minute, not one a request).</summary>
    static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>Opens a session and returns its token (to put in the cookie; never stored as is).</summary>
    public async Task<string> OpenAsync(string login, string? client, CancellationToken ct = default)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = Data.StoreFormat.Instant(clock.GetUtcNow());
        await using var connection = await database.OpenAsync(ct);
        await UserSessionQueries.InsertAsync(connection, Hash(token), UserStore.NormalizeLogin(login), now, client, ct);
        return token;
    }

    /// <summary>True when the token's session is open, belongs to <paramref name="login"/> and was used within <paramref name="idle"/>.</summary>
    public async Task<bool> IsActiveAsync(string? token, string login, TimeSpan idle, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token)) return false;
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        var row = await UserSessionQueries.FindAsync(connection, Hash(token), ct);
        if (row is null || row.EndedAt is not null || row.Login != UserStore.NormalizeLogin(login)) return false;
        var lastSeen = Data.StoreFormat.ParseInstant(row.LastSeenAt);
        if (now - lastSeen > idle) return false;
        if (now - lastSeen >= TouchInterval)
            await UserSessionQueries.TouchAsync(connection, Hash(token), Data.StoreFormat.Instant(now), ct);
        return true;
    }

    public async Task EndAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token)) return;
        await using var connection = await database.OpenAsync(ct);
        await UserSessionQueries.EndAsync(connection, Hash(token), Data.StoreFormat.Instant(clock.GetUtcNow()), ct);
    }

    /// <summary>Ends every open session of the account (password reset, account disabled); returns how many.</summary>
    public async Task<int> EndAllAsync(string login, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await UserSessionQueries.EndAllAsync(connection, UserStore.NormalizeLogin(login), Data.StoreFormat.Instant(clock.GetUtcNow()), ct);
    }

    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
