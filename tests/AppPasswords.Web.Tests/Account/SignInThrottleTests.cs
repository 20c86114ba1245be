using System.Globalization;
using System.Net;
using AppPasswords.Core.Audit;
using AppPasswords.Infrastructure.Auth;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Account;

/// <summary>
/// The database-backed sign-in throttle through the real form: reservation before the hash, shared by hosts on one
/// database, the hard cap with its mail, device cookies, and what the logs say about typed user names.
/// </summary>
public class SignInThrottleTests
{
    private const string Password = "Blue-Kettle-Orbit-42";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_ConcurrentWrongPasswords_CheckAtMostTheFreeFailures()
    {
        await using var host = NewHost();
        await host.CreateUserAsync("alice", Password);
        const int attempts = 24;
        var clients = Enumerable.Range(0, attempts).Select(_ => host.CreateCookieClient()).ToList();
        var tokens = await Task.WhenAll(clients.Select(c => PortalHostAccounts.GetAntiforgeryTokenAsync(c, "/Account/SignIn")));

        var responses = await Task.WhenAll(clients.Select((c, i) => PostAsync(c, tokens[i], "alice", "Wrong-Password-" + i)));

        var checkedPasswords = host.Logs.Events.Count(e => EventId(e) == SecurityEventIds.SignInFailed);
        var refused = host.Logs.Events.Count(e => EventId(e) == SecurityEventIds.SignInThrottled);
        Assert.InRange(checkedPasswords, 1, 5);
        Assert.Equal(attempts, checkedPasswords + refused);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in responses)
        {
            r.Dispose();
        }

        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Throttle_IsSharedByTwoHostsOnOneDatabase()
    {
        await using var first = NewHost();
        await first.CreateUserAsync("alice", Password);
        await using var second = NewHost().With("Database:DataDirectory", first.DataDirectory);
        using var firstClient = first.CreateCookieClient();
        using var secondClient = second.CreateCookieClient();

        for (var i = 0; i < 5; i++)
        {
            using var failure = await first.PostSignInAsync(firstClient, "alice", "Wrong-Password-" + i);
        }

        using var onSecond = await second.PostSignInAsync(secondClient, "alice", Password);

        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.Contains("Too many failed sign-in attempts", await onSecond.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttle_SurvivesRestart()
    {
        var data = Directory.CreateTempSubdirectory("apppasswords-restart-").FullName;
        try
        {
            await using (var before = NewHost().With("Database:DataDirectory", data))
            {
                await before.CreateUserAsync("alice", Password);
                using var client = before.CreateCookieClient();
                for (var i = 0; i < 5; i++)
                {
                    using var failure = await before.PostSignInAsync(client, "alice", "Wrong-Password-" + i);
                }
            }

            await using var after = NewHost().With("Database:DataDirectory", data);
            using var again = after.CreateCookieClient();
            using var response = await after.PostSignInAsync(again, "alice", Password);

            Assert.Contains("Too many failed sign-in attempts", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task SignIn_StrangerFailuresFromOtherBrowsers_DoNotStopTrustedBrowser()
    {
        await using var host = NewHost();
        await host.CreateUserAsync("alice", Password);
        using var alice = new TrustedBrowser(host);
        using var stranger = host.CreateCookieClient();
        await alice.SignInAsync("alice", Password);

        // Past the per-account and then the per-IP free failures, from the same address as the real user.
        for (var i = 0; i < 25; i++)
        {
            using var failure = await host.PostSignInAsync(stranger, i < 5 ? "alice" : "guess" + i, "Wrong-Password-" + i);
        }

        using var ipThrottled = await host.PostSignInAsync(stranger, "someone-else", "Wrong-Password-x");

        using var strangerRight = await host.PostSignInAsync(stranger, "alice", Password);
        using var aliceAgain = await alice.PostSignInAsync("alice", Password);

        Assert.Contains("Too many failed sign-in attempts", await ipThrottled.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("Too many failed sign-in attempts", await strangerRight.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, aliceAgain.StatusCode);
    }

    [Fact]
    public async Task HardCap_BlocksUntrustedBrowsersEvenWithRightPassword_MailsOnce_TrustedBrowserUnlocks()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var host = NewHost()
            .With("Smtp:Host", "127.0.0.1")
            .With("Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
            .With("Smtp:TlsMode", "None")
            .With("Authentication:Throttle:HardCap", "10");
        var clock = host.UseFakeClock();
        var user = await host.CreateUserAsync("alice", Password, email: "alice@contoso.example");
        using var alice = new TrustedBrowser(host);
        await alice.SignInAsync("alice", Password);
        using var stranger = host.CreateCookieClient();

        string last = "";
        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(15));
            using var failure = await host.PostSignInAsync(stranger, "alice", "Wrong-Password-" + i);
            last = await failure.Content.ReadAsStringAsync(Ct);
        }

        var mail = await smtp.WaitForMessageAsync("alice@contoso.example");
        clock.Advance(TimeSpan.FromDays(2));
        using var rightPassword = await host.PostSignInAsync(stranger, "alice", Password);
        using var freshBrowser = host.CreateCookieClient();
        using var fromFresh = await host.PostSignInAsync(freshBrowser, "alice", Password);
        var lockedCount = await CountAsync(host, AuditEventTypes.SignInLockedOut);
        using var trusted = await alice.PostSignInAsync("alice", Password);
        using var afterUnlock = await host.PostSignInAsync(freshBrowser, "alice", Password);

        Assert.Contains("This account is locked", last, StringComparison.Ordinal);
        Assert.Equal("Sign-in to your account was locked", mail.Subject);
        Assert.Contains("This account is locked", await rightPassword.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("This account is locked", await fromFresh.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(1, lockedCount);
        Assert.Equal(HttpStatusCode.Redirect, trusted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterUnlock.StatusCode);
        Assert.Equal(user.Id, (await FirstAsync(host, AuditEventTypes.SignInLockedOut)).TargetUserId);
    }

    [Fact]
    public async Task HardCap_UnknownUserName_LocksTheSameWayWithoutMail()
    {
        await using var host = NewHost().With("Authentication:Throttle:HardCap", "6");
        var clock = host.UseFakeClock();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();

        var known = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(15));
            using var a = await host.PostSignInAsync(client, "alice", "Wrong-Password-" + i);
            using var b = await host.PostSignInAsync(client, "alicf", "Wrong-Password-" + i);
            known.Add(Message(await a.Content.ReadAsStringAsync(Ct)));
            unknown.Add(Message(await b.Content.ReadAsStringAsync(Ct)));
        }

        Assert.Equal(known, unknown);
        Assert.Contains("This account is locked", known[^1], StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(host, AuditEventTypes.SignInLockedOut));
    }

    [Fact]
    public async Task HardCap_AdministratorUnlock_LetsAnyBrowserSignInAgain()
    {
        await using var host = NewHost().With("Authentication:Throttle:HardCap", "6");
        var clock = host.UseFakeClock();
        var alice = await host.CreateUserAsync("alice", Password);
        var admin = await host.CreateUserAsync("root", Password, admin: true);
        using var client = host.CreateCookieClient();
        for (var i = 0; i < 6; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(15));
            using var failure = await host.PostSignInAsync(client, "alice", "Wrong-Password-" + i);
        }

        using var locked = await host.PostSignInAsync(client, "alice", Password);
        Core.Admin.AdminUserActionResult result;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<Core.Admin.IAdminUserActionCommand>()
                .ExecuteAsync(admin.Id, alice.Id, Core.Admin.AdminUserAction.UnlockSignIn, "Locked by a stranger", Ct);
        }

        using var unlocked = await host.PostSignInAsync(client, "alice", Password);

        Assert.Contains("This account is locked", await locked.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(Core.Admin.AdminUserActionResult.Done, result);
        Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
        Assert.Equal(1, await CountAsync(host, AuditEventTypes.AdminSignInUnlocked));
    }

    [Fact]
    public async Task DeviceCookie_TamperedOrOfAnotherAccount_IsIgnored()
    {
        await using var host = NewHost();
        await host.CreateUserAsync("alice", Password);
        await host.CreateUserAsync("bob", Password);
        using var bobsBrowser = new TrustedBrowser(host);
        await bobsBrowser.SignInAsync("bob", Password);
        using var alicesBrowser = new TrustedBrowser(host);
        await alicesBrowser.SignInAsync("alice", Password);
        using var stranger = host.CreateCookieClient();
        for (var i = 0; i < 5; i++)
        {
            using var failure = await host.PostSignInAsync(stranger, "alice", "Wrong-Password-" + i);
        }

        var genuine = alicesBrowser.DeviceCookie!;
        using var tamperedBrowser = new TrustedBrowser(host, genuine[..^4] + (genuine[^4] == 'A' ? 'B' : 'A') + genuine[^3..]);
        using var tampered = await tamperedBrowser.PostSignInAsync("alice", Password);
        using var garbageBrowser = new TrustedBrowser(host, "not-a-cookie\r\n");
        using var garbage = await garbageBrowser.PostSignInAsync("alice", Password);
        using var othersCookie = await bobsBrowser.PostSignInAsync("alice", Password);
        using var own = await alicesBrowser.PostSignInAsync("alice", Password);

        Assert.Contains("Too many failed sign-in attempts", await tampered.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("Too many failed sign-in attempts", await garbage.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("Too many failed sign-in attempts", await othersCookie.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
    }

    [Fact]
    public async Task DeviceCookie_ThatKeepsFailing_IsLockedOutItself()
    {
        await using var host = NewHost();
        await host.CreateUserAsync("alice", Password);
        using var browser = new TrustedBrowser(host);
        await browser.SignInAsync("alice", Password);

        for (var i = 0; i < 5; i++)
        {
            using var failure = await browser.PostSignInAsync("alice", "Wrong-Password-" + i);
        }

        using var delayed = await browser.PostSignInAsync("alice", Password);
        using var other = host.CreateCookieClient();
        using var fromOtherBrowser = await host.PostSignInAsync(other, "alice", Password);

        Assert.Contains("Too many failed sign-in attempts", await delayed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, fromOtherBrowser.StatusCode);
    }

    [Fact]
    public async Task DeviceCookie_IsHttpOnlyLongLivedAndNamesNoAccountInClearText()
    {
        await using var host = NewHost();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();

        using var response = await host.PostSignInAsync(client, "alice", Password);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(Web.Auth.DeviceCookie.Name + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alice", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_FailedUserNames_AreMaskedAndEscapedInLogs()
    {
        await using var host = NewHost();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();

        using var known = await host.PostSignInAsync(client, "alice", "Wrong-Password-1");
        using var typedPassword = await host.PostSignInAsync(client, "Summer2026Kettle", "Wrong-Password-2");
        using var hostile = await host.PostSignInAsync(client, "\r\nFAKE ENTRY Sign-in succeeded", "Wrong-Password-3");

        var names = host.Logs.Events.Where(e => EventId(e) == SecurityEventIds.SignInFailed)
            .Select(e => e.Properties["UserName"].ToString().Trim('"')).ToList();
        Assert.Equal(["al***(5)", "***(16)", "***(28)"], names);
        var text = host.Logs.AllText();
        Assert.DoesNotContain("ALICE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Summer2026", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("FAKE ENTRY", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("en-US", "Too many failed sign-in attempts. Try again in 10 minute(s).")]
    [InlineData("zh-CN", "登录失败次数过多。请在 10 分钟后重试。")]
    public async Task SignIn_Throttled_LocalizedMessageWithRetryTime_KeepsUserNameNotPassword(string culture, string message)
    {
        await using var host = NewHost();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        for (var i = 0; i < 5; i++)
        {
            using var failure = await host.PostSignInAsync(client, "alice", "Wrong-Password-" + i);
        }

        using var throttled = await host.PostSignInAsync(client, "alice", Password);
        var body = await throttled.Content.ReadAsStringAsync(Ct);

        Assert.Contains(message, WebUtility.HtmlDecode(body), StringComparison.Ordinal);
        Assert.Contains("value=\"alice\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US", "This account is locked after too many failed sign-in attempts.")]
    [InlineData("zh-CN", "由于登录失败次数过多，此账户已被锁定。")]
    public async Task SignIn_LockedOut_LocalizedMessage_KeepsUserNameNotPassword(string culture, string message)
    {
        await using var host = NewHost().With("Authentication:Throttle:HardCap", "6");
        var clock = host.UseFakeClock();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        for (var i = 0; i < 6; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(15));
            using var failure = await host.PostSignInAsync(client, "alice", "Wrong-Password-" + i);
        }

        using var locked = await host.PostSignInAsync(client, "alice", Password);
        var body = WebUtility.HtmlDecode(await locked.Content.ReadAsStringAsync(Ct));

        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.Contains("value=\"alice\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice\r\n", "incorrect")]
    [InlineData("al\0ice", "incorrect")]
    [InlineData("%00%0d%0a", "incorrect")]
    [InlineData("ａｌｉｃｅ", "incorrect")]
    [InlineData("", "Enter your user name.")]
    public async Task SignIn_MalformedUserName_KeepsItsClearMessageAndCountsNothingElse(string userName, string message)
    {
        await using var host = NewHost();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();

        using var response = await host.PostSignInAsync(client, userName, "Wrong-Password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n", string.Concat(host.Logs.Events.Where(e => EventId(e) == SecurityEventIds.SignInFailed).Select(e => e.Properties["UserName"].ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttle_Prunes_QuietCountersOfUnknownNames_KeepsLockOfKnownAccount()
    {
        await using var host = NewHost().With("Authentication:Throttle:HardCap", "6");
        var clock = host.UseFakeClock();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        for (var i = 0; i < 6; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(15));
            using var a = await host.PostSignInAsync(client, "alice", "Wrong-Password-" + i);
            using var b = await host.PostSignInAsync(client, "nobody" + i, "Wrong-Password-" + i);
        }

        clock.Advance(TimeSpan.FromDays(31));
        using var later = await host.PostSignInAsync(client, "carol", "Wrong-Password-x");
        using var alice = await host.PostSignInAsync(client, "alice", Password);

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
        Assert.Equal(3, await db.Set<SignInThrottleEntry>().CountAsync(Ct));
        Assert.Contains("This account is locked", await alice.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>A first delay of 10 minutes, so a slow machine cannot outwait a delay between two posts of one test.</summary>
    private static PortalHost NewHost() => new PortalHost().With("Authentication:Throttle:BaseDelay", "00:10:00");

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string token, string userName, string password)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        return await client.PostAsync(new Uri("/Account/SignIn", UriKind.Relative), form);
    }

    private static int? EventId(Serilog.Events.LogEvent e) =>
        e.Properties.TryGetValue("EventId", out var id) && id is Serilog.Events.StructureValue s
            && s.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is Serilog.Events.ScalarValue { Value: int value }
            ? value
            : null;

    private static string Message(string html)
    {
        var start = html.IndexOf("validation-summary", StringComparison.Ordinal);
        var end = html.IndexOf("</div>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    private static async Task<int> CountAsync(PortalHost host, string eventType)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<AuditEvent>().CountAsync(e => e.EventType == eventType, Ct);
    }

    private static async Task<AuditEvent> FirstAsync(PortalHost host, string eventType)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<AuditEvent>().FirstAsync(e => e.EventType == eventType, Ct);
    }

    /// <summary>
    /// A browser that keeps the device cookie across sign-ins. The harness talks plain HTTP on loopback while the
    /// Testing environment marks the cookie Secure, which .NET's cookie container would then never send back; so the
    /// cookie is carried by hand, as a browser that treats loopback as a secure origin does.
    /// </summary>
    private sealed class TrustedBrowser : IDisposable
    {
        private readonly PortalHost host;
        private HttpClient client;

        public TrustedBrowser(PortalHost host, string? deviceCookie = null)
        {
            this.host = host;
            DeviceCookie = deviceCookie;
            client = NewClient();
        }

        public string? DeviceCookie { get; private set; }

        public async Task SignInAsync(string userName, string password)
        {
            using var response = await PostSignInAsync(userName, password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        public async Task<HttpResponseMessage> PostSignInAsync(string userName, string password)
        {
            // A fresh session each time, like a browser after signing out: only the device cookie carries over.
            client.Dispose();
            client = NewClient();
            var response = await host.PostSignInAsync(client, userName, password);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies)
                && cookies.FirstOrDefault(c => c.StartsWith(Web.Auth.DeviceCookie.Name + "=", StringComparison.Ordinal)) is { } set)
            {
                DeviceCookie = set[(Web.Auth.DeviceCookie.Name.Length + 1)..set.IndexOf(';', StringComparison.Ordinal)];
            }

            return response;
        }

        public void Dispose() => client.Dispose();

        private HttpClient NewClient()
        {
            var container = new CookieContainer();
            var c = host.CreateCookieClient(container);
            if (DeviceCookie is not null)
            {
                container.Add(c.BaseAddress!, new Cookie(Web.Auth.DeviceCookie.Name, Uri.EscapeDataString(DeviceCookie)));
            }

            return c;
        }
    }
}
