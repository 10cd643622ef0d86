using System.Security.Cryptography;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CfgResults.Host.Pages.Verification;

/// <summary>
/// Public verification of a transcript by its code (the QR code printed on it opens /verification/{code}): no
/// sign-in, rate-limited per client address, audited. Shows what the version says and the SHA-256 of the
/// genuine PDF, and tells whether an uploaded PDF is byte-identical to it. A replaced version says so and nothing
/// else; an unknown code (or a version not yet available) says only that it is unknown. There is no list and no
/// search: a red-listed candidate's transcript is found by its code only, the candidate's to share.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(VerificationSetup.Policy)]
[RequestSizeLimit(MaxUploadBytes + 64 * 1024)]
public sealed class IndexModel(TranscriptVerificationStore store, AuditLog audit, TimeProvider clock) : PageModel
{
    public const long MaxUploadBytes = 5 * 1024 * 1024;
    public const string CodeField = "code-saisi";
    public const string FileField = "fichier";
    public const string AuditLookup = "verification.consultation";
    public const string AuditUpload = "verification.comparaison";

    /// <summary>What was typed in the form (GET ?saisie=…), shown back when it cannot be a code.</summary>
    [FromQuery(Name = "saisie")] public string? Typed { get; set; }

    public string? Error { get; private set; }
    public VerificationResult? Result { get; private set; }

    /// <summary>After an upload: whether the file is byte-identical to the genuine PDF, and its SHA-256.</summary>
    public bool? Identical { get; private set; }
    public string? UploadedSha256 { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        if (code is null)
        {
            if (Typed is null) return Page();
            if (VerificationCode.Normalize(Typed) is { } typed) return RedirectToPage(new { code = typed, saisie = (string?)null });
            Error = "Ce code n'a pas la forme d'un code de vérification : 12 caractères, par exemple 7K2M-QX9D-4HTR.";
            return Page();
        }
        if (!await LookupAsync(code, ct)) return Page();
        await audit.RecordAsync(Actor, AuditLookup, Result!.Code, Outcome(Result), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, IFormFile? fichier, CancellationToken ct)
    {
        if (code is null || !await LookupAsync(code, ct)) return Page();
        if (fichier is null || fichier.Length == 0)
        {
            Error = "Choisissez le fichier PDF du relevé à comparer.";
            return Page();
        }
        if (fichier.Length > MaxUploadBytes)
        {
            Error = "Le fichier dépasse 5 Mo : ce n'est pas un relevé de notes publié.";
            return Page();
        }
        await using (var stream = fichier.OpenReadStream())
            UploadedSha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        if (Result!.Status == VerificationStatus.Genuine)
            Identical = string.Equals(UploadedSha256, Result.FileSha256, StringComparison.OrdinalIgnoreCase);
        await audit.RecordAsync(Actor, AuditUpload, Result.Code, $"{Outcome(Result)}; fichier {(Identical == true ? "identique" : "différent")}", ct);
        return Page();
    }

    async Task<bool> LookupAsync(string code, CancellationToken ct)
    {
        var normalized = VerificationCode.Normalize(code);
        if (normalized is null)
        {
            Result = VerificationResult.Unknown(code.Length > 20 ? code[..20] : code);
            await audit.RecordAsync(Actor, AuditLookup, Result.Code, "inconnu", ct);
            return false;
        }
        Result = await store.FindAsync(normalized, clock.GetUtcNow(), ct);
        return true;
    }

    string Actor => $"public ip={HttpContext.Connection.RemoteIpAddress}";

    static string Outcome(VerificationResult r) => r.Status switch
    {
        VerificationStatus.Genuine => "authentique",
        VerificationStatus.Replaced => "remplacé",
        _ => "inconnu",
    };
}
