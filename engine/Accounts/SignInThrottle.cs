using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;

namespace CfgResults.Engine.Accounts;

/// <summary>Who is signing in, as far as throttling is concerned.</summary>
/// <param name="Address">The client's address (the request's remote address).</param>
/// <param name="Device">
/// An opaque key of a device that has already signed in to this very account (the host's device cookie), or null.
/// A known device is throttled by its own failures only, so a stranger's failures on the account do not slow its owner.
/// </param>
public sealed record SignInClient(string Address, string? Device = null)
{
    public static SignInClient Unknown { get; } = new("inconnue");
}

/// <summary>
/// Sign-in throttling with growing delays instead of a lockout (issue 11; ASVS 5.0 V6.3.1, OWASP « device cookies »).
/// Failures are counted by client address and by account (or, for a device that signed in to the account before,
/// by that device); after <see cref="FreeAttempts"/> failures each new attempt must wait 1 s, 2 s, 4 s… up to the key's
/// cap (<see cref="AddressCap"/>, <see cref="AccountCap"/>). Nothing ever locks an account: a stranger's guesses slow
/// down the stranger's address, and unknown devices on the account for at most <see cref="AccountCap"/>, never the
/// devices its owner already used. Counts live in the store, so every host of a cluster applies them.
/// </summary>
public sealed class SignInThrottle(IDatabase database, TimeProvider clock)
{
    public const int FreeAttempts = 3;
    public static readonly TimeSpan AddressCap = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AccountCap = TimeSpan.FromMinutes(5);

    /// <summary>Failures older than this are forgotten.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromHours(24);

    /// <summary>The delay owed after <paramref name="failures"/> failures: none for the first ones, then doubling to the cap.</summary>
    public static TimeSpan Delay(long failures, TimeSpan cap)
    {
        if (failures < FreeAttempts) return TimeSpan.Zero;
        var exponent = Math.Min(failures - FreeAttempts, 30);
        var seconds = Math.Min(cap.TotalSeconds, Math.Pow(2, exponent));
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The keys an attempt is counted under, each with its cap.</summary>
    /// <remarks>An unknown address (no remote address: an in-process caller) is not a key: it would pool every such caller.</remarks>
    public static IReadOnlyList<(string Key, TimeSpan Cap)> Keys(string login, SignInClient client)
    {
        var keys = new List<(string, TimeSpan)>(2);
        if (client.Address != SignInClient.Unknown.Address) keys.Add(($"adresse:{client.Address}", AddressCap));
        keys.Add(client.Device is { Length: > 0 } device ? ($"appareil:{device}", AccountCap) : ($"compte:{login}", AccountCap));
        return keys;
    }

    /// <summary>How long the attempt must still wait; zero when it may be checked now.</summary>
    public async Task<TimeSpan> WaitAsync(string login, SignInClient client, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var keys = Keys(login, client);
        await using var connection = await database.OpenAsync(ct);
        var rows = await ThrottleQueries.ListAsync(connection, keys.Select(k => k.Key).ToList(), ct);
        var wait = TimeSpan.Zero;
        foreach (var row in rows)
        {
            var cap = keys.First(k => k.Key == row.Key).Cap;
            var until = Data.StoreFormat.ParseInstant(row.LastFailureAt) + Delay(row.Failures, cap);
            if (until - now > wait) wait = until - now;
        }
        return wait;
    }

    public async Task RecordFailureAsync(string login, SignInClient client, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        foreach (var (key, _) in Keys(login, client))
            await ThrottleQueries.CountFailureAsync(connection, key, Data.StoreFormat.Instant(now), ct);
        // Forgotten failures go, so that guessed logins do not pile up.
        await ThrottleQueries.ForgetBeforeAsync(connection, Data.StoreFormat.Instant(now - Memory), ct);
    }

    /// <summary>A success clears the account's (or device's) count and the address's.</summary>
    public async Task ResetAsync(string login, SignInClient client, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await ThrottleQueries.DeleteAsync(connection, Keys(login, client).Select(k => k.Key).ToList(), ct);
    }

    /// <summary>Clears the account's own count (key <c>compte:LOGIN</c>): unknown devices may try again at once. Addresses and known devices keep theirs.</summary>
    public async Task ClearAccountAsync(string login, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await ThrottleQueries.DeleteAsync(connection, $"compte:{login}", ct);
    }
}
