using System.Buffers.Text;
using System.Security.Cryptography;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace AppPasswords.Web.Auth;

/// <summary>
/// Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): after a successful sign-in the
/// browser gets a long-lived cookie naming the account and a random device id, protected (encrypted and
/// authenticated, with its expiry) by Data Protection. A sign-in that presents a valid one for the same account is
/// throttled on the device alone, so a stranger's failures from other browsers never lock the real user out.
/// <c>__Host-</c> prefixed on HTTPS; HttpOnly; Secure on HTTPS and outside Development.
/// </summary>
public sealed class DeviceCookie(
    IDataProtectionProvider dataProtection,
    IRandomSource random,
    TimeProvider clock,
    IHostEnvironment environment,
    IOptions<SignInThrottleOptions> options)
{
    public const string Name = "AppPasswords.Device";
    private const string Purpose = "AppPasswords.SignIn.DeviceCookie.v1";
    private const int DeviceIdBytes = 16;
    private const int MaxCookieLength = 2048;

    private ITimeLimitedDataProtector Protector => dataProtection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    /// <summary>The device the request's cookie names, or null when it has none, or one that is tampered with or expired.</summary>
    public TrustedDevice? Read(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = context.Request.Cookies[CookieName(context)];
        if (string.IsNullOrEmpty(value) || value.Length > MaxCookieLength)
        {
            return null;
        }

        try
        {
            var payload = Protector.Unprotect(value, out var expiresAt);
            if (expiresAt <= clock.GetUtcNow())
            {
                return null;
            }

            var separator = payload.IndexOf('\n', StringComparison.Ordinal);
            return separator > 0 && separator < payload.Length - 1
                ? new TrustedDevice(payload[..separator], payload[(separator + 1)..])
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Gives the browser a new device cookie (a new device id) for the account that just signed in.</summary>
    public void Issue(HttpContext context, string normalizedUserName)
    {
        ArgumentNullException.ThrowIfNull(context);
        Span<byte> id = stackalloc byte[DeviceIdBytes];
        random.Fill(id);
        var lifetime = options.Value.DeviceCookieLifetime;
        var expiresAt = clock.GetUtcNow() + lifetime;
        var value = Protector.Protect(Base64Url.EncodeToString(id) + "\n" + normalizedUserName, expiresAt);
        context.Response.Cookies.Append(CookieName(context), value, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps || !environment.IsDevelopment(),
            SameSite = SameSiteMode.Strict,
            Path = "/",
            Expires = expiresAt,
            IsEssential = true,
        });
    }

    private static string CookieName(HttpContext context) => context.Request.IsHttps ? "__Host-" + Name : Name;
}
