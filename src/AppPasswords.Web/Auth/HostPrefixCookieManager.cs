using Microsoft.AspNetCore.Authentication.Cookies;

namespace AppPasswords.Web.Auth;

/// <summary>
/// Names the session cookie <c>__Host-{name}</c> on HTTPS requests (Secure, Path=/, no Domain: the browser then
/// refuses it from any other origin or subdomain) and plain <c>{name}</c> on HTTP, where browsers reject the
/// prefix — so the portal still works over plain HTTP on loopback in development and tests.
/// </summary>
internal sealed class HostPrefixCookieManager : ICookieManager
{
    private readonly ChunkingCookieManager inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => inner.GetRequestCookie(context, Name(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        inner.AppendResponseCookie(context, Name(context, key), value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) => inner.DeleteCookie(context, Name(context, key), options);

    private static string Name(HttpContext context, string key) => context.Request.IsHttps ? "__Host-" + key : key;
}
