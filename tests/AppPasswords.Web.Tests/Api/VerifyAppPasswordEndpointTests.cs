using System.Net;
using System.Text;
using System.Text.Json;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Policy;
using AppPasswords.Core.Security;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppPasswords.Web.Tests.Api;

public class VerifyAppPasswordEndpointTests
{
    private const string InvalidCredentials = """{"error":"invalid_credentials"}""";
    private const string InvalidRequest = """{"error":"invalid_request"}""";
    private const string InvalidServiceKey = """{"error":"invalid_service_key"}""";

    [Fact]
    public async Task Verify_ValidPasswordAsDisplayed_Returns200WithUserAndPasswordIds()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var key = await host.AddServiceKeyAsync();
        var issued = await host.IssueAsync(alice.Id);

        using var response = await client.VerifyAsync(key.Key, new { user = "Alice@Contoso.example", password = AppPasswordGenerator.FormatForDisplay(issued.Password!).ToUpperInvariant(), protocol = "imap", remoteIp = "198.51.100.7" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = await response.BodyAsync();
        Assert.Equal(Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(alice.Id.ToString(), json.RootElement.GetProperty("userId").GetString());
        Assert.Equal("alice@contoso.example", json.RootElement.GetProperty("userPrincipalName").GetString());
        Assert.Equal(issued.AppPassword!.Id.ToString(), json.RootElement.GetProperty("appPasswordId").GetString());
    }

    [Fact]
    public async Task Verify_EveryCredentialFailure_Returns401WithOneIdenticalBodyAndReasonInAuditOnly()
    {
        await using var host = new PortalHost();
        var clock = host.UseFakeClock();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        await host.AddUserAsync("bob");
        var key = (await host.AddServiceKeyAsync()).Key;
        var imapOnly = (await host.IssueAsync(alice.Id, "imap only", protocols: AppPasswordProtocols.Imap)).Password!;
        var shortLived = (await host.IssueAsync(alice.Id, "short", TimeSpan.FromDays(30))).Password!;
        var revoked = await host.IssueAsync(alice.Id, "revoked");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IRevokeAppPasswordCommand>().RevokeAsync(alice.Id, revoked.AppPassword!.Id, TestContext.Current.CancellationToken);
        }

        var attempts = new List<object>
        {
            new { user = "nobody@contoso.example", password = imapOnly, protocol = "imap" },
            new { user = "bob@contoso.example", password = imapOnly, protocol = "imap" },
            new { user = "alice@contoso.example", password = new string('q', 28), protocol = "imap" },
            new { user = "alice@contoso.example", password = "x", protocol = "imap" },
            new { user = "alice@contoso.example", password = revoked.Password!, protocol = "imap" },
            new { user = "alice@contoso.example", password = imapOnly, protocol = "smtp" },
            new { user = "' OR 1=1 --", password = "'; DROP TABLE AppPasswords; --", protocol = "imap" },
            new { user = "ålice@contoso.example", password = "пароль пароль пароль 密码密码", protocol = "imap" },
        };
        foreach (var attempt in attempts)
        {
            using var response = await client.VerifyAsync(key, attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(InvalidCredentials, await response.BodyAsync());
        }

        clock.Advance(TimeSpan.FromDays(30));
        using (var expired = await client.VerifyAsync(key, new { user = "alice", password = shortLived, protocol = "imap" }))
        {
            Assert.Equal(InvalidCredentials, await expired.BodyAsync());
        }

        await host.InScopeAsync(db =>
        {
            db.Add(new OrganizationPolicy { AppPasswordsEnabled = false });
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        using (var disabled = await client.VerifyAsync(key, new { user = "alice", password = imapOnly, protocol = "imap" }))
        {
            Assert.Equal(InvalidCredentials, await disabled.BodyAsync());
        }

        var reasons = await host.InScopeAsync(db => db.Set<AuditEvent>()
            .Where(e => e.EventType == AuditEventTypes.AppPasswordVerifyFailed).Select(e => e.Details!).ToListAsync(TestContext.Current.CancellationToken));
        foreach (var reason in new[] { "UserMismatch", "WrongPassword", "Revoked", "ProtocolNotAllowed", "Expired", "Disabled" })
        {
            Assert.Contains(reasons, r => r.Contains($"\"reason\":\"{reason}\"", StringComparison.Ordinal));
        }

        Assert.True(await host.InScopeAsync(db => db.Set<AppPassword>().CountAsync(TestContext.Current.CancellationToken)) == 3, "The SQL-looking input changed nothing.");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("apsk_abcdefghijkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not a key")]
    public async Task Verify_MissingOrWrongServiceKey_Returns403(string? serviceKey)
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        await host.AddServiceKeyAsync();
        var password = (await host.IssueAsync(alice.Id)).Password!;

        using var response = await client.VerifyAsync(serviceKey, new { user = "alice", password, protocol = "imap" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(InvalidServiceKey.Length, response.Content.Headers.ContentLength);
        Assert.Equal(InvalidServiceKey, await response.BodyAsync());
    }

    [Fact]
    public async Task Verify_RevokedServiceKeyOrOtherScheme_Returns403()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var key = await host.AddServiceKeyAsync();
        var password = (await host.IssueAsync(alice.Id)).Password!;
        using (var ok = await client.VerifyAsync(key.Key, new { user = "alice", password, protocol = "imap" }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var basic = new HttpRequestMessage(HttpMethod.Post, "/api/v1/app-passwords/verify"))
        {
            basic.Headers.TryAddWithoutValidation("Authorization", "Basic " + key.Key);
            basic.Content = new StringContent("""{"user":"alice","password":"x","protocol":"imap"}""", Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(basic, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<Core.ServiceKeys.IRevokeServiceKeyCommand>().RevokeAsync(key.ServiceKey.Id, null, TestContext.Current.CancellationToken));
        }

        using var revoked = await client.VerifyAsync(key.Key, new { user = "alice", password, protocol = "imap" });
        Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
    }

    public static TheoryData<string> MalformedBodies =>
    [
        "",
        " ",
        "null",
        "[]",
        "\"text\"",
        "{",
        "{\"user\":\"alice\"",
        "{}",
        """{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd"}""",
        """{"user":"alice","protocol":"imap"}""",
        """{"password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap"}""",
        """{"user":42,"password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap"}""",
        """{"user":"alice","password":["a"],"protocol":"imap"}""",
        """{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":true}""",
        """{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"ftp"}""",
        """{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"IMAP"}""",
        """{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap","remoteIp":"not-an-ip"}""",
        """{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap","remoteIp":7}""",
        """{"user":"","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap"}""",
        """{"user":"alice","password":"","protocol":"imap"}""",
        """{"user":{"a":{"b":{"c":{"d":1}}}},"password":"x","protocol":"imap"}""",
        """{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap","pad":[[[[["deep"]]]]]}""",
        """{"user":"alice","user":"bob","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap"}""",
        """{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap","remoteIp":"192.0.2.1","remoteIp":null}""",
        """{"user":"\ud800","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap"}""",
        """{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap"} {}""",
        """{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap"}x""",
        """{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap",}""",
    ];

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Verify_MalformedBody_Returns400(string body)
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var key = (await host.AddServiceKeyAsync()).Key;

        using var response = await client.SendVerifyAsync(key, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(InvalidRequest, await response.BodyAsync());
    }

    [Theory]
    [InlineData(4097, false)]
    [InlineData(1024 * 1024, false)]
    [InlineData(1024 * 1024, true)]
    public async Task Verify_OversizedBody_Returns400(int size, bool chunked)
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var key = (await host.AddServiceKeyAsync()).Key;
        var padding = new string('a', size);
        var body = Encoding.UTF8.GetBytes($$"""{"user":"alice","password":"abcdabcdabcdabcdabcdabcdabcd","protocol":"imap","pad":"{{padding}}"}""");
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        using var response = await client.SendVerifyAsync(key, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(InvalidRequest, await response.BodyAsync());
    }

    [Fact]
    public async Task Verify_UnicodeAndLongUserNames_Return401Not500()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var key = (await host.AddServiceKeyAsync()).Key;

        foreach (var user in new[] { "用户@contoso.example", "\u0000alice", "a\u202Eb", "🙂", new string('x', 256) })
        {
            using var response = await client.VerifyAsync(key, new { user, password = "abcd abcd abcd abcd abcd abcd abcd", protocol = "pop3" });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Verify_PerUserLimitExceeded_Returns429WithRetryAfterAndOtherUsersUnaffected()
    {
        await using var host = new PortalHost().With("AppPasswords:VerifyRateLimits:PerUserPerMinute", "3");
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var bob = await host.AddUserAsync("bob");
        var key = (await host.AddServiceKeyAsync()).Key;
        var bobs = (await host.IssueAsync(bob.Id)).Password!;

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.VerifyAsync(key, new { user = "alice", password = "wrong", protocol = "imap" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var limited = await client.VerifyAsync(key, new { user = "ALICE", password = "wrong", protocol = "imap" });
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, limited.Headers.RetryAfter?.ToString());
        Assert.Equal("""{"error":"rate_limited"}""", await limited.BodyAsync());
        _ = alice;

        using var other = await client.VerifyAsync(key, new { user = "bob", password = bobs, protocol = "imap" });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Verify_StrangersWrongPasswordFlood_UsersCorrectPasswordStillSucceeds()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var key = (await host.AddServiceKeyAsync()).Key;
        var password = (await host.IssueAsync(alice.Id)).Password!;

        var statuses = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            using var wrong = await client.VerifyAsync(key, new { user = "alice", password = $"guess{i}", protocol = "imap", remoteIp = "203.0.113.66" });
            statuses.Add((int)wrong.StatusCode);
        }

        using var fromHerClient = await client.VerifyAsync(key, new { user = "alice", password, protocol = "imap", remoteIp = "198.51.100.7" });
        using var wrongFromHerClient = await client.VerifyAsync(key, new { user = "alice", password = "typo", protocol = "imap", remoteIp = "198.51.100.7" });

        Assert.Equal(HttpStatusCode.OK, fromHerClient.StatusCode);
        Assert.Equal(60, statuses.Count(s => s == 401));
        Assert.All(statuses.Skip(60), s => Assert.Equal(429, s));
        Assert.Equal((HttpStatusCode)429, wrongFromHerClient.StatusCode);
    }

    [Fact]
    public async Task Verify_Successes_DoNotSpendTheUserFailureBudget()
    {
        await using var host = new PortalHost().With("AppPasswords:VerifyRateLimits:PerUserPerMinute", "3");
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var key = (await host.AddServiceKeyAsync()).Key;
        var password = (await host.IssueAsync(alice.Id)).Password!;

        async Task<int> StatusAsync(string attempt)
        {
            using var r = await client.VerifyAsync(key, new { user = "alice", password = attempt, protocol = "imap" });
            return (int)r.StatusCode;
        }

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add(await StatusAsync(password));
        }

        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await StatusAsync("wrong"));
        }

        statuses.Add(await StatusAsync(password));
        Assert.Equal([200, 200, 200, 200, 200, 401, 401, 401, 429, 200], statuses);
    }

    [Fact]
    public async Task Verify_PerRemoteIpAndPerServiceKeyLimits_Return429()
    {
        await using var host = new PortalHost()
            .With("AppPasswords:VerifyRateLimits:PerRemoteIpPerMinute", "2")
            .With("AppPasswords:VerifyRateLimits:PerServiceKeyPerMinute", "5");
        using var client = host.CreateRawClient();
        var key = (await host.AddServiceKeyAsync("a")).Key;
        var other = (await host.AddServiceKeyAsync("b")).Key;

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var r = await client.VerifyAsync(key, new { user = $"u{i}", password = "wrong", protocol = "imap", remoteIp = "203.0.113.9" });
            statuses.Add((int)r.StatusCode);
        }

        Assert.Equal([401, 401, 429], statuses);
        for (var i = 0; i < 2; i++)
        {
            using var r = await client.VerifyAsync(key, new { user = $"v{i}", password = "wrong", protocol = "imap" });
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        using var byKey = await client.VerifyAsync(key, new { user = "w", password = "wrong", protocol = "imap" });
        Assert.Equal((HttpStatusCode)429, byKey.StatusCode);
        using var otherKey = await client.VerifyAsync(other, new { user = "w", password = "wrong", protocol = "imap" });
        Assert.Equal(HttpStatusCode.Unauthorized, otherKey.StatusCode);
    }

    [Fact]
    public async Task Verify_RepeatedSuccess_UpdatesLastUsedAtMostOncePerMinuteAndAuditsFirstUse()
    {
        await using var host = new PortalHost();
        var clock = host.UseFakeClock();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var key = (await host.AddServiceKeyAsync()).Key;
        var issued = await host.IssueAsync(alice.Id);
        var start = clock.GetUtcNow();

        async Task VerifyAsync(string protocol, string ip)
        {
            using var r = await client.VerifyAsync(key, new { user = "alice", password = issued.Password, protocol, remoteIp = ip });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Task<AppPassword> RowAsync() => host.InScopeAsync(db => db.Set<AppPassword>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken));

        await VerifyAsync("imap", "198.51.100.1");
        clock.Advance(TimeSpan.FromSeconds(59));
        await VerifyAsync("smtp", "198.51.100.2");
        var row = await RowAsync();
        Assert.Equal((start, AppPasswordProtocols.Imap, "198.51.100.1"), (row.LastUsedAt!.Value, row.LastUsedProtocol!.Value, row.LastUsedIpAddress!));

        clock.Advance(TimeSpan.FromSeconds(1));
        await VerifyAsync("smtp", "::ffff:198.51.100.2");
        row = await RowAsync();
        Assert.Equal((start.AddMinutes(1), AppPasswordProtocols.Smtp, "198.51.100.2"), (row.LastUsedAt!.Value, row.LastUsedProtocol!.Value, row.LastUsedIpAddress!));

        var firstUse = await host.InScopeAsync(db => db.Set<AuditEvent>().Where(e => e.EventType == AuditEventTypes.AppPasswordFirstUsed).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal("198.51.100.1", Assert.Single(firstUse).IpAddress);
    }

    [Fact]
    public async Task Verify_BruteForce_AuditLogGetsOneRowPerMinuteNotOnePerAttempt()
    {
        await using var host = new PortalHost().With("AppPasswords:VerifyRateLimits:PerUserPerMinute", "1000");
        using var client = host.CreateRawClient();
        var key = (await host.AddServiceKeyAsync()).Key;

        for (var i = 0; i < 25; i++)
        {
            using var r = await client.VerifyAsync(key, new { user = "alice", password = $"guess{i}", protocol = "imap" });
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        var rows = await host.InScopeAsync(db => db.Set<AuditEvent>().CountAsync(e => e.EventType == AuditEventTypes.AppPasswordVerifyFailed, TestContext.Current.CancellationToken));
        Assert.Equal(1, rows);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesVerifyEndpointAnonymously()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Contains("/api/v1/app-passwords/verify", body, StringComparison.Ordinal);
        Assert.Contains("VerifyResponse", body, StringComparison.Ordinal);
    }
}
