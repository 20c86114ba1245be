using System.Globalization;
using System.Net;
using AppPasswords.Core.Admin;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Mfa;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Pages.Mfa;

/// <summary>The per-account count of wrong second-factor codes in the database: escalating delay, hard stop, notice.</summary>
public class SecondFactorLockoutTests
{
    private const string Verify = "/Mfa/Verify?returnUrl=%2F";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Verify_TwentyConcurrentWrongCodes_OnlyTheFreeFailuresAreCompared()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:RateLimit:PermitsPerUser", "100"), ("Mfa:RateLimit:PermitsPerIp", "100"));
        var key = await host.Host.CompleteMfaRegistrationAsync(await host.Host.CreateUserAsync("ann", MfaPagesHost.Password));
        using var client = await SignInPasswordOnlyAsync(host);
        var token = await PortalHostAccounts.GetAntiforgeryTokenAsync(client, Verify);
        var wrong = WrongCode(host, key);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = wrong, ["__RequestVerificationToken"] = token });
            using var response = await client.PostAsync(new Uri(Verify + "&handler=Totp", UriKind.Relative), form, Ct);
            return response.StatusCode;
        }));

        Assert.All(responses, s => Assert.Equal(HttpStatusCode.Redirect, s));
        Assert.Equal(5, await FailedChecksAsync(host));
        Assert.Equal(5, await host.QueryAsync(db => db.Set<SecondFactorFailures>().Select(f => f.ConsecutiveFailures).SingleAsync(Ct)));
        using var shown = await client.GetAsync(new Uri(Verify, UriKind.Relative), Ct);
        Assert.Matches("Too many wrong codes on your account. Wait [0-9]+ seconds", await shown.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Verify_AfterFreeFailures_WaitDoublesAndRightCodeResetsTheCount()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:RateLimit:PermitsPerUser", "100"), ("Mfa:RateLimit:PermitsPerIp", "100"));
        var key = await host.Host.CompleteMfaRegistrationAsync(await host.Host.CreateUserAsync("ann", MfaPagesHost.Password));
        using var client = await SignInPasswordOnlyAsync(host);
        for (var i = 0; i < 5; i++)
        {
            await PostTotpAsync(client, WrongCode(host, key));
        }

        Assert.Contains("Wait 30 seconds", await PostTotpAsync(client, MfaTestAccounts.CurrentCode(host.Host, key, 1)), StringComparison.Ordinal);
        host.Host.Clock!.Advance(TimeSpan.FromSeconds(30));
        Assert.Contains("That code is not correct", await PostTotpAsync(client, WrongCode(host, key)), StringComparison.Ordinal);
        Assert.Contains("Wait 60 seconds", await PostTotpAsync(client, WrongCode(host, key)), StringComparison.Ordinal);
        host.Host.Clock.Advance(TimeSpan.FromSeconds(60));

        using var accepted = await client.PostFormAsync(Verify, Verify + "&handler=Totp", new Dictionary<string, string> { ["code"] = MfaTestAccounts.CurrentCode(host.Host, key, 1) });
        Assert.Equal("/", accepted.Headers.Location?.OriginalString);
        Assert.Equal(0, await host.QueryAsync(db => db.Set<SecondFactorFailures>().Select(f => f.ConsecutiveFailures).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Verify_CountKeptAcrossHostRestartOnTheSameDatabase()
    {
        var folder = Directory.CreateTempSubdirectory("apppasswords-restart-");
        try
        {
            var connection = $"Data Source={Path.Combine(folder.FullName, "portal.db")};Pooling=False";
            string key;
            await using (var first = await MfaPagesHost.StartAsync(new PortalHost().With("ConnectionStrings:Sqlite", connection), ("Mfa:RateLimit:PermitsPerUser", "100"), ("Mfa:RateLimit:PermitsPerIp", "100")))
            {
                key = await first.Host.CompleteMfaRegistrationAsync(await first.Host.CreateUserAsync("ann", MfaPagesHost.Password));
                using var client = await SignInPasswordOnlyAsync(first);
                for (var i = 0; i < 4; i++)
                {
                    await PostTotpAsync(client, WrongCode(first, key));
                }
            }

            await using var second = await MfaPagesHost.StartAsync(new PortalHost().With("ConnectionStrings:Sqlite", connection), ("Mfa:RateLimit:PermitsPerUser", "100"), ("Mfa:RateLimit:PermitsPerIp", "100"));
            Assert.Equal(4, await second.QueryAsync(db => db.Set<SecondFactorFailures>().Select(f => f.ConsecutiveFailures).SingleAsync(Ct)));
            using var again = await SignInPasswordOnlyAsync(second);
            Assert.Contains("That code is not correct", await PostTotpAsync(again, WrongCode(second, key)), StringComparison.Ordinal);
            Assert.Matches("Wait [0-9]+ seconds", await PostTotpAsync(again, WrongCode(second, key)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task HardStop_RightCodeRefused_UserMailedOverSmtpAuditedAndAdminReRegistrationUnlocks()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var host = await MfaPagesHost.StartAsync(
            new PortalHost()
                .With("Smtp:Host", "127.0.0.1")
                .With("Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
                .With("Smtp:TlsMode", "None"),
            ("Mfa:RateLimit:PermitsPerUser", "100"), ("Mfa:RateLimit:PermitsPerIp", "100"), ("Mfa:SecondFactorLockAfter", "7"), ("Mfa:SecondFactorDelay", "00:00:01"), ("Mfa:SecondFactorMaxDelay", "00:00:01"));
        var ann = await host.Host.CreateUserAsync("ann", MfaPagesHost.Password, email: "ann@contoso.example");
        var key = await host.Host.CompleteMfaRegistrationThroughSmtpAsync(smtp, ann);
        using var client = await SignInPasswordOnlyAsync(host);
        for (var i = 0; i < 7; i++)
        {
            host.Host.Clock!.Advance(TimeSpan.FromSeconds(1));
            Assert.Contains("That code is not correct", await PostTotpAsync(client, WrongCode(host, key)), StringComparison.Ordinal);
        }

        host.Host.Clock!.Advance(TimeSpan.FromHours(1));
        var refused = await PostTotpAsync(client, MfaTestAccounts.CurrentCode(host.Host, key, 1));

        Assert.Contains("checking codes is locked on your account. Contact your administrator", refused, StringComparison.Ordinal);
        var toContact = await smtp.WaitForMessageAsync(MfaTestAccounts.AlternateEmailOf(ann));
        while (toContact.Subject != "Sign-in codes locked on your account")
        {
            toContact = await smtp.WaitForMessageAsync(MfaTestAccounts.AlternateEmailOf(ann));
        }

        var toDirectory = await smtp.WaitForMessageAsync("ann@contoso.example");
        Assert.Equal(toContact.Subject, toDirectory.Subject);
        Assert.Contains("After 7 wrong codes in a row", toDirectory.TextBody, StringComparison.Ordinal);
        var locked = await host.QueryAsync(db => db.Set<AuditEvent>().SingleAsync(e => e.EventType == AuditEventTypes.MfaSecondFactorLocked, Ct));
        Assert.Equal(ann.Id, locked.TargetUserId);
        Assert.Contains("\"failures\":7", locked.Details, StringComparison.Ordinal);

        var admin = await host.Host.CreateUserAsync("root", MfaPagesHost.Password, admin: true);
        await using (var scope = host.Host.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<IAdminUserActionCommand>()
                .ExecuteAsync(admin.Id, ann.Id, AdminUserAction.RequireMfaReRegistration, "locked after wrong codes", Ct);
            Assert.Equal(AdminUserActionResult.Done, result);
        }

        Assert.False(await host.QueryAsync(db => db.Set<SecondFactorFailures>().AnyAsync(Ct)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a456")]
    [InlineData("１２３４５６")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("000000'); DELETE FROM SecondFactorFailures; --")]
    [InlineData("123456123456123456123456123456123456123456123456123456")]
    public async Task Verify_MalformedCode_ClearMessageAndNotCounted(string code)
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:RateLimit:PermitsPerUser", "100"), ("Mfa:RateLimit:PermitsPerIp", "100"));
        var key = await host.Host.CompleteMfaRegistrationAsync(await host.Host.CreateUserAsync("ann", MfaPagesHost.Password));
        using var client = await SignInPasswordOnlyAsync(host);
        await PostTotpAsync(client, WrongCode(host, key));

        var shown = await PostTotpAsync(client, code);

        Assert.Contains("Enter the 6-digit code.", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", shown, StringComparison.Ordinal);
        Assert.Equal(1, await host.QueryAsync(db => db.Set<SecondFactorFailures>().Select(f => f.ConsecutiveFailures).SingleAsync(Ct)));
    }

    private static async Task<HttpClient> SignInPasswordOnlyAsync(MfaPagesHost host)
    {
        var client = host.Host.CreateCookieClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var signIn = await host.Host.PostSignInAsync(client, "ann", MfaPagesHost.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>Posts an authenticator code to the verification page and returns the page that follows (post/redirect/get).</summary>
    private static async Task<string> PostTotpAsync(HttpClient client, string code)
    {
        using var response = await client.PostFormAsync(Verify, Verify + "&handler=Totp", new Dictionary<string, string> { ["code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var shown = await client.GetAsync(response.Headers.Location, Ct);
        return await shown.Content.ReadAsStringAsync(Ct);
    }

    private static string WrongCode(MfaPagesHost host, string key)
    {
        var codes = Enumerable.Range(-1, 4).Select(step => MfaTestAccounts.CurrentCode(host.Host, key, step)).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(c => !codes.Contains(c));
    }

    private static Task<int> FailedChecksAsync(MfaPagesHost host) =>
        host.QueryAsync(db => db.Set<AuditEvent>().CountAsync(e => e.EventType == AuditEventTypes.MfaSecondFactorFailed, Ct));
}
