using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;

namespace CfgResults.Engine.Running;

/// <summary>
/// The one place where a repeated submission is recognised. A key is scoped to where it came from and to the caller
/// (another account's key can never answer its run); the run store records one run per key (unique column, a raced
/// insert finds the first run) and <see cref="RunStore.FindByKeyAsync"/> answers a key already used; a planned
/// publication takes an id derived from its key, so that a double submission finds the first plan.
/// </summary>
public static partial class Idempotency
{
    public const int MaxKeyLength = 100;

    /// <summary>A key a caller may send (API `cleIdempotence`): 1 to 100 of letters, digits, `.`, `_`, `:`, `-`.</summary>
    public static bool IsValidKey(string? given) => given is { Length: > 0 and <= MaxKeyLength } && KeyText().IsMatch(given);

    /// <summary>A key sent through the JSON API.</summary>
    public static string ForApi(Caller caller, string given) => $"api:{caller}:{given}";

    /// <summary>A form of the activity page, submitted twice.</summary>
    public static string ForForm(Caller caller, string formKey) => $"formulaire:{caller}:{formKey}";

    /// <summary>The run of a planned publication: one, however many times its job fires.</summary>
    public static string ForPlanned(string plannedId) => "planifiee:" + plannedId;

    /// <summary>The id of a planned publication: derived from its key when there is one, new otherwise.</summary>
    public static string PlannedId(Caller caller, string? key) => key is null
        ? Guid.NewGuid().ToString("N")
        : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller}|{key}")))[..32];

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex KeyText();
}
