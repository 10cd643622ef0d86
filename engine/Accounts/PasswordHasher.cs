using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CfgResults.Engine.Accounts;

/// <summary>
/// PBKDF2-HMAC-SHA-256 password hashes, stored as <c>pbkdf2-sha256$210000$&lt;salt base64&gt;$&lt;hash base64&gt;</c>.
/// The iteration count travels with each hash so that it can be raised later: a hash made with fewer
/// iterations still verifies, and <see cref="NeedsRehash"/> tells the store to rewrite it at the next sign-in.
/// </summary>
public static class PasswordHasher
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>
    /// 210,000 iterations cost about 80 ms on this project's 2-core machines; OWASP's 2023 figure for
    /// SHA-256 is 600,000 (about 240 ms here), which would make every sign-in and every lockout test
    /// noticeably slow on shared cores. Raise it when the hardware allows: old hashes are upgraded on sign-in.
    /// </summary>
    public const int DefaultIterations = 210_000;

    /// <summary>Below this a stored hash is refused outright rather than trusted.</summary>
    const int MinimumIterations = 100_000;
    const int MaximumIterations = 10_000_000;
    const int SaltBytes = 16;
    const int HashBytes = 32;

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>
    /// True when <paramref name="password"/> matches. A malformed stored value is not a match, but it is an
    /// error of the store, not of the person signing in, so it throws.
    /// </summary>
    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        var (iterations, salt, expected) = Decode(stored);
        var actual = Derive(password, salt, iterations);
        // Constant time: the comparison must not tell how many leading bytes were right.
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public static bool NeedsRehash(string stored) => Decode(stored).Iterations < DefaultIterations;

    /// <summary>
    /// A valid hash of a random password, used to spend the same time on an unknown login as on a known
    /// one, so that response time does not tell whether a login exists.
    /// </summary>
    internal static readonly string DummyHash = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));

    static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    static (int Iterations, byte[] Salt, byte[] Hash) Decode(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < MinimumIterations or > MaximumIterations)
            throw new FormatException(AccountMessages.StoredHashInvalid);
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var hash = Convert.FromBase64String(parts[3]);
            if (salt.Length < SaltBytes || hash.Length != HashBytes) throw new FormatException(AccountMessages.StoredHashInvalid);
            return (iterations, salt, hash);
        }
        catch (FormatException e) when (e.Message != AccountMessages.StoredHashInvalid)
        {
            throw new FormatException(AccountMessages.StoredHashInvalid, e);
        }
    }
}
