using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Core.Mfa;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.Api;
using AppPasswords.Web.Tests.Pages.Mfa;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AppPasswords.Web.Tests.RateLimiting;

/// <summary>
/// The rate limits counted in a real redis-server (started per test on a free loopback port): shared exactly by
/// several portal instances, fail-closed while Redis is down, working again once it is back.
/// </summary>
public class RedisRateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Verify_TwoHostsSharingRedis_LimitsHoldExactlyAcrossThem()
    {
        await using var redis = await RedisServerProcess.StartAsync(Ct);
        await using var a = new PortalHost()
            .With("Redis:Configuration", redis.Configuration)
            .With("AppPasswords:VerifyRateLimits:PerRemoteIpPerMinute", "4")
            .With("AppPasswords:VerifyRateLimits:PerUserPerMinute", "3");
        await using var b = SecondInstanceOf(a, redis)
            .With("AppPasswords:VerifyRateLimits:PerRemoteIpPerMinute", "4")
            .With("AppPasswords:VerifyRateLimits:PerUserPerMinute", "3");
        using var clientA = a.CreateRawClient();
        using var clientB = b.CreateRawClient();
        var alice = await a.AddUserAsync("alice");
        var key = (await a.AddServiceKeyAsync()).Key;
        var password = (await a.IssueAsync(alice.Id)).Password!;

        async Task<int> StatusAsync(HttpClient client, string user, string attempt, string remoteIp)
        {
            using var r = await client.VerifyAsync(key, new { user, password = attempt, protocol = "imap", remoteIp });
            return (int)r.StatusCode;
        }

        int[] byIp =
        [
            await StatusAsync(clientA, "u1", "wrong", "203.0.113.9"), await StatusAsync(clientA, "u2", "wrong", "203.0.113.9"),
            await StatusAsync(clientB, "u3", "wrong", "203.0.113.9"), await StatusAsync(clientB, "u4", "wrong", "203.0.113.9"),
            await StatusAsync(clientA, "u5", "wrong", "203.0.113.9"), await StatusAsync(clientB, "u6", "wrong", "203.0.113.9"),
        ];
        int[] byUser =
        [
            await StatusAsync(clientA, "alice", "wrong", "198.51.100.1"), await StatusAsync(clientB, "alice", "wrong", "198.51.100.2"),
            await StatusAsync(clientA, "alice", "wrong", "198.51.100.3"), await StatusAsync(clientB, "ALICE", "wrong", "198.51.100.4"),
            await StatusAsync(clientA, "alice", password, "198.51.100.5"), await StatusAsync(clientB, "alice", password, "198.51.100.6"),
        ];

        Assert.Equal([401, 401, 401, 401, 429, 429], byIp);
        Assert.Equal([401, 401, 401, 429, 200, 200], byUser);
    }

    [Fact]
    public async Task Mfa_TwoHostsSharingRedis_PerUserLimitHoldsExactlyAcrossThem()
    {
        await using var redis = await RedisServerProcess.StartAsync(Ct);
        await using var a = await MfaPagesHost.StartAsync(("Redis:Configuration", redis.Configuration), ("Mfa:RateLimit:PermitsPerUser", "10"), ("Mfa:RateLimit:Window", "00:05:00"));
        await using var b = await MfaPagesHost.StartAsync(SecondInstanceOf(a.Host, redis), ("Mfa:RateLimit:PermitsPerUser", "10"), ("Mfa:RateLimit:Window", "00:05:00"));
        using var onA = await a.SignInAsync("ann");
        using var onB = await b.SignInExistingAsync(onA.UserId, "ann");

        var statuses = new List<HttpStatusCode>();
        foreach (var client in Enumerable.Repeat(onA, 6).Concat(Enumerable.Repeat(onB, 6)))
        {
            var (response, _) = await client.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", "000000"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Redirect, 10).Append(HttpStatusCode.SeeOther).Append(HttpStatusCode.SeeOther), statuses);
    }

    [Fact]
    public async Task RedisOutage_VerifyAnswers503_MfaSendsAndChecksNothing_ReadyUnhealthy_ThenRecoversWithoutRestart()
    {
        await using var redis = await RedisServerProcess.StartAsync(Ct);
        await using var mfa = await MfaPagesHost.StartAsync(("Redis:Configuration", redis.Configuration));
        var host = mfa.Host;
        using var api = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var key = (await host.AddServiceKeyAsync()).Key;
        var password = (await host.IssueAsync(alice.Id)).Password!;
        using var ann = await mfa.SignInAsync("ann");
        var (_, setupPage) = await ann.GetAsync("/Mfa/Setup/Authenticator");
        var seed = OtpNet.Base32Encoding.ToBytes(Regex.Match(setupPage, "data-testid=\"totp-key\">([A-Z2-7 ]+)<").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await VerifyStatusAsync());
        Assert.Equal(HttpStatusCode.OK, await ReadyStatusAsync());

        var multiplexer = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var failed = InteractiveConnectionEvent(h => multiplexer.ConnectionFailed += h);
        await redis.KillAsync(Ct);
        await failed.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        using (var unavailable = await api.VerifyAsync(key, new { user = "alice", password, protocol = "imap" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.Equal("""{"error":"rate_limit_unavailable"}""", await unavailable.BodyAsync());
            Assert.Equal("application/json; charset=utf-8", unavailable.Content.Headers.ContentType?.ToString());
            Assert.True(unavailable.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, unavailable.Headers.RetryAfter?.ToString());
        }

        var code = TotpAuthenticator.ComputeCode(seed, host.Clock!.GetUtcNow());
        var (activate, _) = await ann.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", code));
        var (send, _) = await ann.PostAsync("/Mfa/Setup/Contact", "SendEmail", ("Email", "ann.home@example.org"));
        Assert.Equal(HttpStatusCode.SeeOther, activate.StatusCode);
        Assert.Equal("/Mfa/Setup/Authenticator?limitsUnavailable=1", activate.Headers.Location?.OriginalString);
        Assert.Equal("/Mfa/Setup/Contact?limitsUnavailable=1", send.Headers.Location?.OriginalString);
        var (_, shown) = await ann.GetAsync(activate.Headers.Location!.OriginalString);
        Assert.Contains("Codes cannot be sent or checked right now", shown, StringComparison.Ordinal);
        using (var zh = new HttpRequestMessage(HttpMethod.Get, activate.Headers.Location!.OriginalString))
        {
            zh.Headers.AcceptLanguage.ParseAdd("zh-CN");
            using var page = await ann.Http.SendAsync(zh, Ct);
            Assert.Contains("目前无法发送或验证代码", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Empty(await mfa.OutboxAsync());
        Assert.Equal(0, await mfa.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<MfaMethod>(), m => m.ActivatedAt != null, Ct)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadyStatusAsync());
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["redis"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["database"].Status);

        var restored = InteractiveConnectionEvent(h => multiplexer.ConnectionRestored += h);
        await redis.RestartAsync(Ct);
        await restored.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(HttpStatusCode.OK, await VerifyStatusAsync());
        await mfa.ActivateAuthenticatorAsync(ann);
        var (sent, _) = await ann.PostAsync("/Mfa/Setup/Contact", "SendEmail", ("Email", "ann.home@example.org"));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Single(await mfa.OutboxAsync(), m => m.Recipient == "ann.home@example.org");
        Assert.Equal(HttpStatusCode.OK, await ReadyStatusAsync());

        async Task<HttpStatusCode> VerifyStatusAsync()
        {
            using var r = await api.VerifyAsync(key, new { user = "alice", password, protocol = "imap" });
            return r.StatusCode;
        }

        async Task<HttpStatusCode> ReadyStatusAsync()
        {
            using var r = await api.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
            return r.StatusCode;
        }
    }

    public static TheoryData<string> HostileUserNames =>
    [
        "alice\r\nFLUSHALL\r\n",
        "*",
        "{apppasswords}:rate:verify.service-key:x",
        "') redis.call('FLUSHALL') --",
        "用户@contoso.example",
        "\u0000alice",
        new string('x', 256),
    ];

    [Theory]
    [MemberData(nameof(HostileUserNames))]
    public async Task Verify_HostileUserNamesCountedInRedis_Return401ThenPerNameLimit(string user)
    {
        await using var redis = await RedisServerProcess.StartAsync(Ct);
        await using var host = new PortalHost().With("Redis:Configuration", redis.Configuration).With("AppPasswords:VerifyRateLimits:PerUserPerMinute", "2");
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var key = (await host.AddServiceKeyAsync()).Key;
        var password = (await host.IssueAsync(alice.Id)).Password!;

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var r = await client.VerifyAsync(key, new { user, password = "wrong", protocol = "imap" });
            statuses.Add((int)r.StatusCode);
        }

        using var ok = await client.VerifyAsync(key, new { user = "alice", password, protocol = "imap" });
        Assert.Equal([401, 401, 429], statuses);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1:6379,notAnOption=1")]
    [InlineData(",,,")]
    [InlineData("password=secret")]
    public async Task Start_InvalidRedisConfiguration_FailsWithClearMessage(string configuration)
    {
        await using var host = new PortalHost().With("Redis:Configuration", configuration);

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains("Redis:Configuration", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    /// <summary>A second portal instance: same database file (so the same users and service keys), same Redis; the caller sets the same limits.</summary>
    private static PortalHost SecondInstanceOf(PortalHost first, RedisServerProcess redis)
    {
        first.Start();
        return new PortalHost().With("Database:DataDirectory", first.DataDirectory).With("Redis:Configuration", redis.Configuration);
    }

    private static Task InteractiveConnectionEvent(Action<EventHandler<ConnectionFailedEventArgs>> subscribe)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe((_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                seen.TrySetResult();
            }
        });
        return seen.Task;
    }
}
