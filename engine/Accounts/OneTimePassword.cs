using System.Security.Cryptography;

namespace CfgResults.Engine.Accounts;

/// <summary>Passwords the product makes up (new accounts, resets): shown or handed over once, never stored in clear.</summary>
public static class OneTimePassword
{
    /// <summary>No look-alike characters (0/O, 1/l/I), so that it can be read out or copied from paper.</summary>
    public const string Alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public const int Length = 16;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);
}
