using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AppPasswords.Checkpassword.Tests;

public sealed class CheckpasswordAdapterTests : IDisposable
{
    private const string ServiceKey = "svc-key-7f3a9c";
    private const string AppPassword = "abcd-efgh-ijkl-mnop";
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("checkpassword-adapter-");
    private readonly StringWriter log = new();
    private readonly HttpMessageInvoker http = new(new SocketsHttpHandler { UseProxy = false });

    public void Dispose()
    {
        http.Dispose();
        log.Dispose();
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Decide_ApiAccepts_ReturnsZeroWithCanonicalUserAndSendsScopedRequest()
    {
        await using var api = await FakeVerifyApi.StartAsync(c => Json(c, 200, """{"userId":"0c5b","userPrincipalName":"alice@contoso.com","appPasswordId":"42"}"""));

        var (exitCode, user) = await DecideAsync(api.VerifyUrl, "alice\0" + AppPassword + "\0", service: "submission", remoteIp: "203.0.113.9");

        Assert.Equal(0, exitCode);
        Assert.Equal("alice@contoso.com", user);
        var (authorization, body) = Assert.Single(api.Requests);
        Assert.Equal("Bearer " + ServiceKey, authorization);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("alice", json.RootElement.GetProperty("user").GetString());
        Assert.Equal(AppPassword, json.RootElement.GetProperty("password").GetString());
        Assert.Equal("smtp", json.RootElement.GetProperty("protocol").GetString());
        Assert.Equal("203.0.113.9", json.RootElement.GetProperty("remoteIp").GetString());
        Assert.Equal(string.Empty, log.ToString());
    }

    [Theory]
    [InlineData(401, """{"error":"invalid_credentials"}""", CheckpasswordAdapter.Rejected)]
    [InlineData(400, """{"error":"invalid_request"}""", CheckpasswordAdapter.Rejected)]
    [InlineData(403, """{"error":"invalid_service_key"}""", CheckpasswordAdapter.TemporaryFailure)]
    [InlineData(429, """{"error":"too_many_requests"}""", CheckpasswordAdapter.TemporaryFailure)]
    [InlineData(500, "oops", CheckpasswordAdapter.TemporaryFailure)]
    [InlineData(503, "", CheckpasswordAdapter.TemporaryFailure)]
    [InlineData(200, "not json", CheckpasswordAdapter.TemporaryFailure)]
    [InlineData(200, """{"userId":"x"}""", CheckpasswordAdapter.TemporaryFailure)]
    [InlineData(200, """{"userPrincipalName":"a\nb"}""", CheckpasswordAdapter.TemporaryFailure)]
    public async Task Decide_ApiAnswer_MapsToExitCode(int status, string body, int expected)
    {
        await using var api = await FakeVerifyApi.StartAsync(c => Json(c, status, body));

        var (exitCode, user) = await DecideAsync(api.VerifyUrl, "alice\0" + AppPassword + "\0");

        Assert.Equal(expected, exitCode);
        Assert.Null(user);
        AssertLogHasNoSecret();
    }

    [Fact]
    public async Task Decide_ApiTooSlow_ReturnsTemporaryFailure()
    {
        var release = new TaskCompletionSource();
        await using var api = await FakeVerifyApi.StartAsync(async c =>
        {
            await release.Task.WaitAsync(c.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        });

        var (exitCode, _) = await DecideAsync(api.VerifyUrl, "alice\0" + AppPassword + "\0", timeout: TimeSpan.FromMilliseconds(300));
        release.SetResult();

        Assert.Equal(CheckpasswordAdapter.TemporaryFailure, exitCode);
        Assert.Contains("did not answer", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_ApiUnreachable_ReturnsTemporaryFailure()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, _) = await DecideAsync(new Uri($"http://127.0.0.1:{port}/api/v1/app-passwords/verify"), "alice\0" + AppPassword + "\0");

        Assert.Equal(CheckpasswordAdapter.TemporaryFailure, exitCode);
        Assert.Contains("unreachable", log.ToString(), StringComparison.Ordinal);
        AssertLogHasNoSecret();
    }

    [Theory]
    [InlineData("sieve")]
    [InlineData(null)]
    public async Task Decide_ServiceWithoutScope_RejectsWithoutCallingApi(string? service)
    {
        await using var api = await FakeVerifyApi.StartAsync(c => Json(c, 200, """{"userPrincipalName":"alice@contoso.com"}"""));

        var (exitCode, _) = await DecideAsync(api.VerifyUrl, "alice\0" + AppPassword + "\0", service: service);

        Assert.Equal(CheckpasswordAdapter.Rejected, exitCode);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Decide_AuthorizedLookupWithoutPassword_RejectsWithoutCallingApi()
    {
        await using var api = await FakeVerifyApi.StartAsync(c => Json(c, 200, """{"userPrincipalName":"alice@contoso.com"}"""));

        var (exitCode, _) = await DecideAsync(api.VerifyUrl, "alice\0" + AppPassword + "\0", authorized: "1");

        Assert.Equal(CheckpasswordAdapter.Rejected, exitCode);
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("alice\0\0")]
    public async Task Decide_MalformedPayload_RejectsWithoutCallingApi(string payload)
    {
        await using var api = await FakeVerifyApi.StartAsync(c => Json(c, 200, """{"userPrincipalName":"alice@contoso.com"}"""));

        var (exitCode, _) = await DecideAsync(api.VerifyUrl, payload);

        Assert.Equal(CheckpasswordAdapter.Rejected, exitCode);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Decide_KeyFileReadableByOthers_ReturnsTemporaryFailureWithoutCallingApi()
    {
        await using var api = await FakeVerifyApi.StartAsync(c => Json(c, 200, """{"userPrincipalName":"alice@contoso.com"}"""));

        var (exitCode, _) = await DecideAsync(api.VerifyUrl, "alice\0" + AppPassword + "\0", keyMode: UnixFileMode.UserRead | UnixFileMode.OtherRead);

        Assert.Equal(CheckpasswordAdapter.TemporaryFailure, exitCode);
        Assert.Empty(api.Requests);
        AssertLogHasNoSecret();
    }

    private static Task Json(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    private async Task<(int ExitCode, string? User)> DecideAsync(
        Uri verifyUrl,
        string payload,
        string? service = "imap",
        string? remoteIp = null,
        string? authorized = null,
        TimeSpan? timeout = null,
        UnixFileMode keyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var keyFile = Path.Combine(directory.FullName, "service-key");
        await File.WriteAllTextAsync(keyFile, ServiceKey + "\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(keyFile, keyMode);
        var configuration = new AdapterConfiguration(verifyUrl, keyFile, timeout ?? TimeSpan.FromSeconds(5));
        var adapter = new CheckpasswordAdapter(new VerifyClient(http, configuration), configuration, log);
        var environment = new Dictionary<string, string?> { ["SERVICE"] = service, ["TCPREMOTEIP"] = remoteIp, ["AUTHORIZED"] = authorized };
        return await adapter.DecideAsync(System.Text.Encoding.UTF8.GetBytes(payload), name => environment.GetValueOrDefault(name), TestContext.Current.CancellationToken);
    }

    private void AssertLogHasNoSecret()
    {
        Assert.DoesNotContain(AppPassword, log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ServiceKey, log.ToString(), StringComparison.Ordinal);
    }
}
