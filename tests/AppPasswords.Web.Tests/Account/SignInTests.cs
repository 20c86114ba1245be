using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Core.Audit;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Account;

public partial class SignInTests
{
    private const string Password = "Blue-Kettle-Orbit-42";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_WithCorrectPassword_ReachesProtectedPageShowingName()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password, displayName: "Alice Example");
        using var client = host.CreateCookieClient();

        using var signIn = await host.PostSignInAsync(client, "alice", Password, returnUrl: "/Account/Sessions");
        using var page = await client.GetAsync(new Uri("/Account/Sessions", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/Account/Sessions", signIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Alice Example", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_SetsHttpOnlyLaxSessionCookieAndNewSessionEachTime()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        using var otherClient = host.CreateCookieClient();

        using var first = await host.PostSignInAsync(client, "alice", Password);
        using var second = await host.PostSignInAsync(otherClient, "alice", Password);

        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith("AppPasswords=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
        Assert.Equal(2, await db.Set<Core.Users.UserSession>().CountAsync(Ct));
    }

    [Fact]
    public async Task SignIn_ExternalReturnUrl_RedirectsHome()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();

        using var response = await host.PostSignInAsync(client, "alice", Password, returnUrl: "https://evil.example/steal");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_UnknownUserAndWrongPassword_GiveIdenticalResponse()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();

        using var wrongPassword = await host.PostSignInAsync(client, "alice", "Not-The-Password-1");
        using var unknownUser = await host.PostSignInAsync(client, "alicf", "Not-The-Password-1");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, unknownUser.StatusCode);
        var wrongBody = Normalize(await wrongPassword.Content.ReadAsStringAsync(Ct)).Replace("alice", "NAME", StringComparison.Ordinal);
        var unknownBody = Normalize(await unknownUser.Content.ReadAsStringAsync(Ct)).Replace("alicf", "NAME", StringComparison.Ordinal);
        Assert.Equal(wrongBody, unknownBody);
        Assert.Contains("Your user name or password is incorrect.", wrongBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_UnknownUser_TakesAboutAsLongAsWrongPassword()
    {
        // The real PBKDF2 cost: with the harness's cheap hash both answers would take a few ms whatever the code did.
        await using var host = new PortalHost().WithProductionPasswordHashing();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        await host.PostSignInAsync(client, "warmup", "Not-The-Password-1");

        // The fastest of three attempts each (below the 5 free failures), so a busy machine's pauses do not count.
        var wrong = TimeSpan.MaxValue;
        var unknown = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            wrong = Min(wrong, await TimeAsync(() => host.PostSignInAsync(client, "alice", "Not-The-Password-" + i)));
            unknown = Min(unknown, await TimeAsync(() => host.PostSignInAsync(client, "nobody" + i, "Not-The-Password-1")));
        }

        // Both verify one PBKDF2 hash (hundreds of ms); an unknown user answered without hashing would take a few ms,
        // about a hundredth, far outside this band.
        Assert.InRange(unknown.TotalMilliseconds, wrong.TotalMilliseconds / 10, wrong.TotalMilliseconds * 10);
    }

    [Fact]
    public async Task SignIn_RepeatedFailures_AreThrottledUntilTheCapThenSucceed()
    {
        await using var host = new PortalHost();
        var clock = host.UseFakeClock();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();

        for (var i = 0; i < 5; i++)
        {
            using var failure = await host.PostSignInAsync(client, "alice", "Wrong-Password-" + i);
            Assert.Contains("incorrect", await failure.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using var throttled = await host.PostSignInAsync(client, "alice", Password);
        clock.Advance(TimeSpan.FromMinutes(15));
        using var afterCap = await host.PostSignInAsync(client, "alice", Password);

        Assert.Equal(HttpStatusCode.OK, throttled.StatusCode);
        Assert.Contains("Too many failed sign-in attempts", await throttled.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, afterCap.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("名字")]
    [InlineData("alice' OR '1'='1")]
    [InlineData("alice\"; DROP TABLE Users; --")]
    [InlineData("<script>alert(1)</script>")]
    public async Task SignIn_HostileUserName_IsRefusedWithoutError(string userName)
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();

        using var response = await host.PostSignInAsync(client, userName, Password);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert(1)</script>", body, StringComparison.Ordinal);
        Assert.Matches("user name|incorrect", body);
        await using var scope = host.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<Core.Users.User>().CountAsync(Ct));
    }

    [Fact]
    public async Task SignIn_OversizedInput_IsRefusedBeforeHashing()
    {
        await using var host = new PortalHost();
        using var client = host.CreateCookieClient();

        using var longName = await host.PostSignInAsync(client, new string('a', 10 * 1024), Password);
        using var longPassword = await host.PostSignInAsync(client, "alice", new string('p', 10 * 1024));
        using var empty = await host.PostSignInAsync(client, "alice", "");

        Assert.Contains("at most 256 characters", await longName.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("at most 256 characters", await longPassword.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("Enter your password.", await empty.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_Returns400()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.UserName"] = "alice", ["Input.Password"] = Password });

        using var response = await client.PostAsync(new Uri("/Account/SignIn", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_SuccessAndFailure_AreAuditedAndPasswordIsNeverLogged()
    {
        await using var host = new PortalHost();
        var alice = await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();

        await host.PostSignInAsync(client, "alice", "Wrong-Password-Xyz");
        await host.SignInAsync(client, "alice", Password);

        await using var scope = host.Services.CreateAsyncScope();
        var events = await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<AuditEvent>()
            .Where(e => e.EventType == AuditEventTypes.SignIn).OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Collection(
            events,
            e => Assert.Equal((AuditOutcomes.Failure, (Guid?)alice.Id), (e.Outcome, e.ActorUserId)),
            e => Assert.Equal((AuditOutcomes.Success, (Guid?)alice.Id), (e.Outcome, e.ActorUserId)));
        Assert.All(events, e => Assert.Equal("127.0.0.1", e.IpAddress));
        var logs = host.Logs.AllText();
        Assert.DoesNotContain(Password, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-Password-Xyz", logs, StringComparison.Ordinal);
        Assert.Contains("Sign-in failed", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProtectedPage_Anonymous_RedirectsToSignIn()
    {
        await using var host = new PortalHost();
        using var client = host.CreateCookieClient();

        using var response = await client.GetAsync(new Uri("/Account/Sessions", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/SignIn?returnUrl=", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_NonAdmin_GetsAccessDenied403AndAdminGets200()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password);
        await host.CreateRegisteredUserAsync("root", Password, admin: true);
        using var user = host.CreateCookieClient();
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(user, "alice", Password);
        await host.SignInAsync(admin, "root", Password);

        using var denied = await user.GetAsync(new Uri("/Admin", UriKind.Relative), Ct);
        using var deniedPage = await user.GetAsync(denied.Headers.Location!, Ct);
        using var allowed = await admin.GetAsync(new Uri("/Admin", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, deniedPage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    private static string Normalize(string html) => TokenValue().Replace(html, "TOKEN");

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static async Task<TimeSpan> TimeAsync(Func<Task<HttpResponseMessage>> action)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await action();
        return watch.Elapsed;
    }

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex TokenValue();
}
