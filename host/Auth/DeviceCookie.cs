using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CfgResults.Host.Auth;

/// <summary>
/// The « device cookie » of OWASP's sign-in throttling advice: after a successful sign-in the browser keeps a protected
/// cookie naming the account and a random device key. An attempt on that account from that browser is throttled by its
/// own failures only (<see cref="Engine.Accounts.SignInThrottle"/>), so that a stranger hammering the account never slows
/// down its owner on a device they already used.
/// </summary>
public sealed class DeviceCookie(IDataProtectionProvider protection)
{
    public const string Name = "CfgResults.Appareil";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);

    readonly IDataProtector _protector = protection.CreateProtector("CfgResults.Appareil.v1");

    /// <summary>The device key when the request carries a valid device cookie for <paramref name="login"/>; else null.</summary>
    public string? Read(HttpRequest request, string login)
    {
        if (!request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value)) return null;
        try
        {
            var text = _protector.Unprotect(value);
            var bar = text.IndexOf('|');
            return bar > 0 && text[..bar] == login ? text[(bar + 1)..] : null;
        }
        catch (CryptographicException)
        {
            return null; // forged or from another installation: an unknown device
        }
    }

    public void Write(HttpResponse response, string login) =>
        response.Cookies.Append(Name, _protector.Protect($"{login}|{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}"), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = response.HttpContext.Request.IsHttps,
            MaxAge = Lifetime,
            IsEssential = true,
            Path = AccountsExtensions.SignInPath,
        });
}
