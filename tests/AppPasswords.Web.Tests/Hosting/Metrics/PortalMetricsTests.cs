using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.Api;

namespace AppPasswords.Web.Tests.Hosting.Metrics;

/// <summary>Each instrument of the portal's meter is recorded at the real event, through real Kestrel.</summary>
[Collection(PortalMetricsTestGroup.Name)]
public class PortalMetricsTests
{
    private const string Verifications = "apppasswords.verifications";
    private const string VerificationDuration = "apppasswords.verification.duration";
    private const string SignIns = "apppasswords.sign_ins";
    private const string MfaFailures = "apppasswords.mfa.failures";
    private const string RateLimitRejections = "apppasswords.rate_limit.rejections";
    private const string MailFailures = "apppasswords.mail.failures";

    [Fact]
    public async Task VerifyApi_RealRequests_CountOutcomesAndTimeChecks()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var key = (await host.AddServiceKeyAsync()).Key;
        var password = (await host.IssueAsync(alice.Id)).Password!;
        using var metrics = new MetricCapture();

        (await client.VerifyAsync(key, new { user = "alice@contoso.example", password, protocol = "imap" })).Dispose();
        (await client.VerifyAsync(key, new { user = "alice@contoso.example", password = "wrong-password", protocol = "imap" })).Dispose();
        (await client.VerifyAsync(key, new { user = "bob@contoso.example", password, protocol = "imap" })).Dispose();
        (await client.VerifyAsync("not-a-key", new { user = "alice@contoso.example", password, protocol = "imap" })).Dispose();
        (await client.VerifyAsync(key, new { user = "", password, protocol = "imap" })).Dispose();

        Assert.Equal(1, metrics.Sum(Verifications, ("outcome", "ok")));
        Assert.Equal(1, metrics.Sum(Verifications, ("outcome", "wrong_password")));
        Assert.Equal(1, metrics.Sum(Verifications, ("outcome", "user_mismatch")));
        Assert.Equal(1, metrics.Sum(Verifications, ("outcome", "invalid_service_key")));
        Assert.Equal(1, metrics.Sum(Verifications, ("outcome", "invalid_request")));
        Assert.Equal(5, metrics.Sum(Verifications));
        var okDuration = Assert.Single(metrics.Values(VerificationDuration, ("outcome", "ok")));
        Assert.InRange(okDuration, double.Epsilon, 10);
        Assert.Equal(3, metrics.Values(VerificationDuration).Count);
        Assert.DoesNotContain(metrics.AllTagValues(), v => v.Contains("alice", StringComparison.OrdinalIgnoreCase) || v.Contains(password, StringComparison.Ordinal) || v.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyApi_PerServiceKeyLimitExceeded_CountsRejectionByLimiter()
    {
        await using var host = new PortalHost().With("AppPasswords:VerifyRateLimits:PerServiceKeyPerMinute", "1");
        using var client = host.CreateRawClient();
        var key = (await host.AddServiceKeyAsync()).Key;
        using var metrics = new MetricCapture();

        using var first = await client.VerifyAsync(key, new { user = "mallory", password = "wrong-wrong-wrong", protocol = "imap" });
        using var second = await client.VerifyAsync(key, new { user = "mallory", password = "wrong-wrong-wrong", protocol = "imap" });

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(1, metrics.Sum(RateLimitRejections, ("limiter", "verify.service-key")));
        Assert.Equal(1, metrics.Sum(Verifications, ("outcome", "wrong_password")));
        Assert.Equal(1, metrics.Sum(RateLimitRejections));
        Assert.Equal(1, metrics.Sum(Verifications, ("outcome", "rate_limited")));
    }

    [Fact]
    public async Task SignIn_WrongThenRightPassword_CountsLocalSignInsByResult()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("carol", "Correct-Horse-42");
        using var client = host.CreateCookieClient();
        using var metrics = new MetricCapture();

        (await host.PostSignInAsync(client, "carol", "Wrong-Horse-42")).Dispose();
        (await host.PostSignInAsync(client, "carol", "Correct-Horse-42")).Dispose();

        Assert.Equal(1, metrics.Sum(SignIns, ("method", "local"), ("result", "invalid_credentials")));
        Assert.Equal(1, metrics.Sum(SignIns, ("method", "local"), ("result", "succeeded")));
        Assert.DoesNotContain(metrics.AllTagValues(), v => v.Contains("carol", StringComparison.OrdinalIgnoreCase) || v.Contains("Horse", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MfaVerify_WrongCodeThenOverLimit_CountsFailureAndRejection()
    {
        await using var host = new PortalHost()
            .With("Mfa:RateLimit:PermitsPerUser", "1")
            .With("Mfa:RateLimit:PermitsPerIp", "1");
        var user = await host.CreateRegisteredUserAsync("dave", "Correct-Horse-42");
        var totpKey = host.KeyFor("dave")!;
        using var client = host.CreateCookieClient();
        (await host.PostSignInAsync(client, "dave", "Correct-Horse-42")).Dispose();
        var wrong = WrongCode(host, totpKey);
        using var metrics = new MetricCapture();

        using var refused = await client.PostFormAsync("/Mfa/Verify", "/Mfa/Verify?handler=Totp", new Dictionary<string, string> { ["code"] = wrong });
        using var limited = await client.PostFormAsync("/Mfa/Verify", "/Mfa/Verify?handler=Totp", new Dictionary<string, string> { ["code"] = wrong });

        Assert.Equal(1, metrics.Sum(MfaFailures, ("method", "totp")));
        Assert.Equal(1, metrics.Sum(RateLimitRejections, ("limiter", "mfa.user")) + metrics.Sum(RateLimitRejections, ("limiter", "mfa.ip")));
        Assert.Equal(1, metrics.Sum(RateLimitRejections));
        Assert.DoesNotContain(metrics.AllTagValues(), v => v.Contains(wrong, StringComparison.Ordinal) || v.Contains(user.Id.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mail_SmtpServerUnreachable_CountsEmailFailure()
    {
        await using var host = new PortalHost()
            .With("Smtp:Host", "127.0.0.1")
            .With("Smtp:Port", ClosedPort().ToString(CultureInfo.InvariantCulture))
            .With("Smtp:TlsMode", "None");
        var user = await host.CreateUserAsync("erin", "Correct-Horse-42", email: "erin@contoso.com");
        using var metrics = new MetricCapture();

        await host.IssueAsync(user.Id, "Erin's phone");

        Assert.Equal(1, metrics.Sum(MailFailures, ("channel", "email")));
        Assert.Equal(1, metrics.Sum(MailFailures));
    }

    /// <summary>A six-digit code that is none of the codes the authenticator accepts around now.</summary>
    private static string WrongCode(PortalHost host, string key)
    {
        var accepted = Enumerable.Range(-2, 5).Select(step => MfaTestAccounts.CurrentCode(host, key, step)).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(c => !accepted.Contains(c));
    }

    /// <summary>A loopback port nothing listens on: bound, read, released.</summary>
    private static int ClosedPort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
