using System.Net;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Hosting;

/// <summary>
/// The portal behind a TLS-terminating proxy. Tests reach Kestrel from 127.0.0.1, so configuring 127.0.0.1 as the
/// trusted proxy makes the test client the proxy; configuring another address makes it an untrusted sender.
/// </summary>
public class ReverseProxyTests
{
    private const string Password = "Correct-Horse-42";
    private const string PublicHost = "portal.contoso.test";
    private const string ClientIp = "203.0.113.7";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ForwardedHttps_FromTrustedProxy_GivesHostPrefixedSecureCookieHstsAndTheClientIp()
    {
        await using var host = new PortalHost().With("ReverseProxy:KnownProxies:0", "127.0.0.1").WithProductionCookiePolicy();
        var user = await host.CreateUserAsync("alice", Password);
        using var client = ProxiedClient(host, "https");

        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        using var signIn = await PostSignInAsync(client);

        // HSTS is sent on HTTPS only and never for the host 127.0.0.1: its presence shows scheme and host were forwarded.
        Assert.Equal("max-age=31536000; includeSubDomains", Header(home, "Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var session = Assert.Single(SetCookies(signIn), c => c.StartsWith("__Host-AppPasswords=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", session, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ClientIp, await SessionIpAsync(host, user.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.0.0.5")]
    public async Task ForwardedHeaders_FromUntrustedPeer_AreIgnored(string? trustedProxy)
    {
        // Without a configured proxy nothing is believed; with one, a sender that is not it (127.0.0.1 here, which
        // ASP.NET Core would trust by default) is not believed either.
        await using var host = new PortalHost().With("ReverseProxy:KnownProxies:0", trustedProxy);
        var user = await host.CreateUserAsync("alice", Password);
        using var client = ProxiedClient(host, "https");

        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        using var signIn = await PostSignInAsync(client);

        Assert.False(home.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains(SetCookies(signIn), c => c.StartsWith("AppPasswords=", StringComparison.Ordinal));
        Assert.DoesNotContain(SetCookies(signIn), c => c.StartsWith("__Host-", StringComparison.Ordinal));
        Assert.Equal("127.0.0.1", await SessionIpAsync(host, user.Id));
    }

    [Theory]
    [InlineData("198.51.100.9, 127.0.0.5", "198.51.100.9")]
    [InlineData("198.51.100.9, " + ClientIp, ClientIp)]
    public async Task ForwardedFor_ThroughTrustedNetworkWithForwardLimit_StopsAtTheFirstUntrustedHop(string forwardedFor, string expectedIp)
    {
        // Two proxies in 127.0.0.0/8: the client is the first address from the right that is not a trusted proxy, so
        // a client cannot choose its address by sending its own X-Forwarded-For.
        await using var host = new PortalHost()
            .With("ReverseProxy:KnownNetworks:0", "127.0.0.0/8")
            .With("ReverseProxy:ForwardLimit", "2");
        var user = await host.CreateUserAsync("alice", Password);
        using var client = ProxiedClient(host, "https", forwardedFor);

        using var signIn = await PostSignInAsync(client);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(expectedIp, await SessionIpAsync(host, user.Id));
    }

    [Theory]
    [InlineData("ReverseProxy:KnownProxies:0", "10.0.0.300", "ReverseProxy:KnownProxies:0 = '10.0.0.300'")]
    [InlineData("ReverseProxy:KnownProxies:0", "10.5", "ReverseProxy:KnownProxies:0 = '10.5'")]
    [InlineData("ReverseProxy:KnownProxies:0", "10.0.0.0/24", "ReverseProxy:KnownProxies:0 = '10.0.0.0/24'")]
    [InlineData("ReverseProxy:KnownProxies:0", "<script>alert(1)</script>", "ReverseProxy:KnownProxies:0 = '<script>alert(1)</script>'")]
    [InlineData("ReverseProxy:KnownProxies", "10.0.0.5, proxy.contoso.test", "ReverseProxy:KnownProxies = 'proxy.contoso.test'")]
    [InlineData("ReverseProxy:KnownNetworks:0", "10.0.0.5/24", "ReverseProxy:KnownNetworks:0 = '10.0.0.5/24'")]
    [InlineData("ReverseProxy:KnownNetworks:0", "10.0.0.0/33", "ReverseProxy:KnownNetworks:0 = '10.0.0.0/33'")]
    [InlineData("ReverseProxy:KnownNetworks:0", "10.0.0.0", "ReverseProxy:KnownNetworks:0 = '10.0.0.0'")]
    [InlineData("ReverseProxy:KnownNetworks:0", "10/8", "ReverseProxy:KnownNetworks:0 = '10/8'")]
    [InlineData("ReverseProxy:ForwardLimit", "0", "ReverseProxy:ForwardLimit = '0'")]
    [InlineData("ReverseProxy:ForwardLimit", "11", "ReverseProxy:ForwardLimit = '11'")]
    [InlineData("ReverseProxy:ForwardLimit", "-1", "ReverseProxy:ForwardLimit = '-1'")]
    [InlineData("ReverseProxy:ForwardLimit", "two", "ReverseProxy:ForwardLimit = 'two'")]
    public async Task Start_InvalidReverseProxySetting_IsRefusedNamingKeyAndValue(string key, string value, string expected)
    {
        await using var host = new PortalHost().With("ReverseProxy:KnownNetworks:0", "10.0.0.0/24").With(key, value);

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains(expected, StartupFailures.Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OversizedReverseProxyValue_IsRefused()
    {
        var huge = new string('1', 20_000);
        await using var host = new PortalHost().With("ReverseProxy:KnownProxies:0", huge);

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains("ReverseProxy:KnownProxies:0 = '111", StartupFailures.Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookies_OutsideDevelopmentOnPlainHttp_AreAllSecure()
    {
        await using var host = new PortalHost().WithProductionCookiePolicy();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateRawClient();

        using var page = await client.GetAsync(new Uri("/Culture", UriKind.Relative), Ct);
        var form = await AntiforgeryForm.LoadAsync(client, "/Culture", cancellationToken: Ct);
        using var culture = await client.SendAsync(form.Post("/Culture", [new("Input.Culture", "zh-CN"), new("Input.ReturnUrl", "/")]), Ct);
        using var signIn = await PostSignInAsync(client);

        var cookies = SetCookies(page).Concat(SetCookies(culture)).Concat(SetCookies(signIn)).ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("AppPasswords=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Cookies_InDevelopmentOnPlainHttp_AreNotSecure()
    {
        await using var host = new PortalHost("Development").WithProductionCookiePolicy();
        using var client = host.CreateRawClient();

        var form = await AntiforgeryForm.LoadAsync(client, "/Culture", cancellationToken: Ct);
        using var culture = await client.SendAsync(form.Post("/Culture", [new("Input.Culture", "zh-CN"), new("Input.ReturnUrl", "/")]), Ct);

        Assert.Contains(SetCookies(culture), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.All(SetCookies(culture), c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    private static HttpClient ProxiedClient(PortalHost host, string scheme, string forwardedFor = ClientIp)
    {
        var client = host.CreateRawClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", scheme);
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", PublicHost);
        return client;
    }

    /// <summary>The sign-in form posted with a cookie-less client (the cookies travel in headers, Secure or not).</summary>
    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client)
    {
        var form = await AntiforgeryForm.LoadAsync(client, "/Account/SignIn", cancellationToken: Ct);
        using var request = form.Post("/Account/SignIn", [new("Input.UserName", "alice"), new("Input.Password", Password)]);
        return await client.SendAsync(request, Ct);
    }

    private static async Task<string?> SessionIpAsync(PortalHost host, Guid userId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
        return (await db.Set<UserSession>().SingleAsync(s => s.UserId == userId, Ct)).IpAddress;
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} header missing on {response.RequestMessage?.RequestUri}");
}
