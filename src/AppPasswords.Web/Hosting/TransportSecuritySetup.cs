using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace AppPasswords.Web.Hosting;

/// <summary>
/// Running behind a TLS-terminating reverse proxy: <c>X-Forwarded-For/-Proto/-Host</c> believed only from the proxies
/// of <c>ReverseProxy:KnownProxies</c> / <c>KnownNetworks</c> (never from anyone when none is configured), Secure
/// cookies and HSTS outside Development, and plain HTTP to the service API refused unless the client is on loopback.
/// </summary>
internal static class TransportSecuritySetup
{
    public const string Section = "ReverseProxy";
    public const int MaxForwardLimit = 10;

    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    private static readonly byte[] HttpsRequiredBody = """{"error":"https_required","message":"The service API accepts HTTPS only. Use an https:// URL; do not retry over HTTP."}"""u8.ToArray();

    public static WebApplicationBuilder AddTransportSecurity(this WebApplicationBuilder builder)
    {
        var (proxies, networks, forwardLimit) = ReadTrustedProxies(builder.Configuration.GetSection(Section));
        var services = builder.Services;
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = forwardLimit;
            // ASP.NET Core trusts loopback by default; here only what is configured is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        services.AddHsts(o =>
        {
            o.MaxAge = HstsMaxAge;
            o.IncludeSubDomains = true;
        });
        // Every cookie the portal or the framework sets (session, antiforgery, culture, TempData, Entra ID correlation)
        // passes the cookie policy middleware: Secure always outside Development, whatever the cookie's own setting.
        var development = builder.Environment.IsDevelopment();
        services.Configure<CookiePolicyOptions>(o => o.Secure = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        return builder;
    }

    /// <summary>
    /// First in the pipeline, so that the scheme, host and client IP every later step sees (HSTS, HTTPS redirection,
    /// cookies, rate limits, audit) are the client's. Not added at all without a trusted proxy: the middleware with
    /// empty lists would believe every sender.
    /// </summary>
    public static IApplicationBuilder UsePortalForwardedHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        return options.KnownProxies.Count + options.KnownIPNetworks.Count > 0 ? app.UseForwardedHeaders() : app;
    }

    /// <summary>
    /// Outside Development: a plain HTTP request to the service API is answered 400 instead of being redirected (the
    /// bearer service key has crossed the network in clear already; the client must be fixed, not redirected), unless
    /// the client (after forwarded headers: the real client, not a local proxy) is on loopback.
    /// </summary>
    public static IApplicationBuilder UseServiceApiHttpsRequirement(this IApplicationBuilder app) =>
        app.Use((http, next) =>
            http.Request.IsHttps || IsLoopback(http.Connection.RemoteIpAddress)
                || !http.Request.Path.StartsWithSegments(PipelineSetup.ServiceApiPath, StringComparison.OrdinalIgnoreCase)
                ? next(http)
                : RefuseAsync(http.Response));

    private static Task RefuseAsync(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json";
        response.ContentLength = HttpsRequiredBody.Length;
        return response.Body.WriteAsync(HttpsRequiredBody).AsTask();
    }

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static (List<IPAddress> Proxies, List<System.Net.IPNetwork> Networks, int ForwardLimit) ReadTrustedProxies(IConfigurationSection section)
    {
        var proxies = Values(section.GetSection("KnownProxies"))
            .Select(v => StrictAddress(v.Value) ?? throw Invalid(v.Key, v.Value, "is not an IP address (e.g. 10.0.0.5 or fd00::5)"))
            .ToList();
        var networks = Values(section.GetSection("KnownNetworks"))
            .Select(v => StrictNetwork(v.Value) ?? throw Invalid(v.Key, v.Value, "is not a network in CIDR notation whose address is the network's first one (e.g. 10.0.0.0/24)"))
            .ToList();
        var limit = section.GetSection("ForwardLimit");
        var limitKey = limit.Path;
        var limitText = limit.Value;
        var forwardLimit = 1;
        if (!string.IsNullOrWhiteSpace(limitText)
            && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out forwardLimit) || forwardLimit is < 1 or > MaxForwardLimit))
        {
            throw Invalid(limitKey, limitText, $"must be a whole number from 1 to {MaxForwardLimit} (the proxies in front of the portal)");
        }

        return (proxies, networks, forwardLimit);
    }

    /// <summary>An array (<c>KnownProxies:0</c>, ...) or one comma-separated value (<c>KnownProxies=a,b</c>, handy in environment variables).</summary>
    private static IEnumerable<(string Key, string Value)> Values(IConfigurationSection section)
    {
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return section.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => (section.Path, v));
        }

        // An empty entry (e.g. ReverseProxy__KnownProxies__0= in the environment) adds nothing.
        return section.GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).Select(c => (c.Path, c.Value!.Trim()));
    }

    // IPAddress.TryParse also accepts "10", "10.1" or "10.0.0" (classful shorthand); a proxy list wants exact addresses.
    private static IPAddress? StrictAddress(string text) =>
        IPAddress.TryParse(text, out var address)
        && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? text.Contains(':', StringComparison.Ordinal) : text.Count(c => c == '.') == 3)
            ? address
            : null;

    private static System.Net.IPNetwork? StrictNetwork(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        // The address must be the network's first one: 10.0.0.5/24 is a typo for either 10.0.0.5 or 10.0.0.0/24.
        return slash > 0 && StrictAddress(text[..slash]) is { } address && System.Net.IPNetwork.TryParse(text, out var network) && network.BaseAddress.Equals(address)
            ? network
            : null;
    }

    private static InvalidOperationException Invalid(string key, string value, string problem) => new($"{key} = '{value}' {problem}.");
}
