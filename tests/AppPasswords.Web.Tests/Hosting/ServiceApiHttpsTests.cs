using System.Net;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.Api;

namespace AppPasswords.Web.Tests.Hosting;

/// <summary>
/// Plain HTTP to the service API from a client that is not on loopback is refused with 400 (not redirected: the bearer
/// key has already crossed the network in clear). The remote client is simulated honestly: the test client is the
/// trusted proxy (127.0.0.1) forwarding a request it received over HTTP from another address, which is exactly how
/// such a request reaches the portal in production.
/// </summary>
public class ServiceApiHttpsTests
{
    [Theory]
    [InlineData("Testing")]
    [InlineData("Production")]
    public async Task Verify_PlainHttpFromRemoteClient_Is400HttpsRequiredAndNeverVerifies(string environment)
    {
        await using var host = new PortalHost(environment).With("ReverseProxy:KnownProxies:0", "127.0.0.1");
        var (key, body) = await SeedAsync(host);
        using var client = Forwarding(host, "203.0.113.7", "http");

        using var response = await client.VerifyAsync(key, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"error\":\"https_required\"", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/api/v1/app-passwords/verify")]
    [InlineData("/API/v1/app-passwords/verify")]
    [InlineData("/api/no-such-endpoint")]
    [InlineData("/api")]
    public async Task AnyServiceApiPath_PlainHttpFromRemoteClient_Is400(string path)
    {
        await using var host = new PortalHost().With("ReverseProxy:KnownProxies:0", "127.0.0.1");
        using var client = Forwarding(host, "2001:db8::7", "http");

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("https_required", await response.BodyAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.7", "https")]
    [InlineData("127.0.0.1", "http")]
    [InlineData("::1", "http")]
    public async Task Verify_HttpsOrLoopbackClient_IsServed(string clientIp, string scheme)
    {
        await using var host = new PortalHost().With("ReverseProxy:KnownProxies:0", "127.0.0.1");
        var (key, body) = await SeedAsync(host);
        using var client = Forwarding(host, clientIp, scheme);

        using var response = await client.VerifyAsync(key, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Verify_PlainHttpOnLoopbackWithoutProxy_IsServed()
    {
        await using var host = new PortalHost();
        var (key, body) = await SeedAsync(host);
        using var client = host.CreateRawClient();

        using var response = await client.VerifyAsync(key, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Verify_InDevelopment_PlainHttpFromRemoteClientIsServed()
    {
        await using var host = new PortalHost("Development").With("ReverseProxy:KnownProxies:0", "127.0.0.1");
        var (key, body) = await SeedAsync(host);
        using var client = Forwarding(host, "203.0.113.7", "http");

        using var response = await client.VerifyAsync(key, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Page_PlainHttpFromRemoteClient_IsNotRefused()
    {
        await using var host = new PortalHost().With("ReverseProxy:KnownProxies:0", "127.0.0.1");
        using var client = Forwarding(host, "203.0.113.7", "http");

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<(string Key, object Body)> SeedAsync(PortalHost host)
    {
        host.Start();
        var user = await host.AddUserAsync("alice");
        var key = (await host.AddServiceKeyAsync()).Key;
        var password = (await host.IssueAsync(user.Id)).Password!;
        return (key, new { user = user.UserPrincipalName, password, protocol = "imap" });
    }

    private static HttpClient Forwarding(PortalHost host, string clientIp, string scheme)
    {
        var client = host.CreateRawClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientIp);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", scheme);
        return client;
    }
}
