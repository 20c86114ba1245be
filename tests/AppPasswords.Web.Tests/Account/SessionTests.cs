using System.Net;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Account;

public class SessionTests
{
    private const string Password = "Blue-Kettle-Orbit-42";
    private static readonly Uri SessionsPage = new("/Account/Sessions", UriKind.Relative);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignOut_ThenReplayingTheOldCookie_IsRefused()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password);
        var cookies = new CookieContainer();
        using var client = host.CreateCookieClient(cookies);
        await host.SignInAsync(client, "alice", Password);
        var stolen = cookies.GetCookieHeader(host.Start());

        using var signOut = await client.PostFormAsync("/Account/Sessions", "/Account/SignOut");
        using var replay = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Start() };
        using var request = new HttpRequestMessage(HttpMethod.Get, SessionsPage);
        request.Headers.Add("Cookie", stolen);
        using var replayed = await replay.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/Account/SignIn", replayed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await using var scope = host.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<AuditEvent>().AnyAsync(e => e.EventType == AuditEventTypes.SignOut, Ct));
    }

    [Fact]
    public async Task Session_IdleLongerThanTimeout_IsRefused()
    {
        await using var host = new PortalHost();
        var clock = host.UseFakeClock();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        await host.SignInAsync(client, "alice", Password);

        clock.Advance(TimeSpan.FromMinutes(29));
        using var stillActive = await client.GetAsync(SessionsPage, Ct);
        clock.Advance(TimeSpan.FromMinutes(31));
        using var idle = await client.GetAsync(SessionsPage, Ct);

        Assert.Equal(HttpStatusCode.OK, stillActive.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
    }

    [Fact]
    public async Task Session_PastAbsoluteLifetime_IsRefusedEvenWhenActive()
    {
        await using var host = new PortalHost().With("Authentication:Session:AbsoluteLifetime", "01:00:00");
        var clock = host.UseFakeClock();
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        await host.SignInAsync(client, "alice", Password);

        var statuses = new List<HttpStatusCode>();
        for (var minutes = 20; minutes <= 80; minutes += 20)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            using var response = await client.GetAsync(SessionsPage, Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.Redirect], statuses);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEverySessionOfTheUserOnly()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password);
        await host.CreateUserAsync("bob", Password);
        using var laptop = host.CreateCookieClient();
        using var phone = host.CreateCookieClient();
        using var bob = host.CreateCookieClient();
        await host.SignInAsync(laptop, "alice", Password);
        await host.SignInAsync(phone, "alice", Password);
        await host.SignInAsync(bob, "bob", Password);

        using var everywhere = await laptop.PostFormAsync("/Account/Sessions", "/Account/Sessions?handler=SignOutEverywhere");
        using var phoneAfter = await phone.GetAsync(SessionsPage, Ct);
        using var laptopAfter = await laptop.GetAsync(SessionsPage, Ct);
        using var bobAfter = await bob.GetAsync(SessionsPage, Ct);

        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, phoneAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, laptopAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bobAfter.StatusCode);
    }

    [Fact]
    public async Task SecondFactorSession_MarkVerified_IsStoredOnTheSession()
    {
        await using var host = new PortalHost();
        var clock = host.UseFakeClock();
        var alice = await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        await host.SignInAsync(client, "alice", Password);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
        var sessionId = await db.Set<UserSession>().Where(s => s.UserId == alice.Id).Select(s => s.Id).SingleAsync(Ct);
        var secondFactor = scope.ServiceProvider.GetRequiredService<ISecondFactorSession>();

        var before = await secondFactor.GetLastVerifiedAtAsync(sessionId, Ct);
        await secondFactor.MarkVerifiedAsync(sessionId, Ct);

        Assert.Null(before);
        Assert.Equal(clock.GetUtcNow(), await secondFactor.GetLastVerifiedAtAsync(sessionId, Ct));
    }

    [Fact]
    public async Task SecondFactorAtSignIn_IssuesNewSessionAndCookie_CookieFromBeforeIsRefused()
    {
        await using var host = new PortalHost();
        var alice = await host.CreateRegisteredUserAsync("alice", Password);
        var cookies = new CookieContainer();
        using var client = host.CreateCookieClient(cookies);
        using var signIn = await host.PostSignInAsync(client, "alice", Password);
        var beforeSecondFactor = AuthCookie(cookies, host.Start());
        var before = await SessionsOfAsync(host, alice.Id);

        await host.PassSecondFactorAsync(client, host.KeyFor("alice")!);
        var afterSecondFactor = AuthCookie(cookies, host.Start());

        Assert.NotEqual(beforeSecondFactor, afterSecondFactor);
        using var replayed = await GetWithCookieAsync(host, beforeSecondFactor, SessionsPage);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/Account/SignIn", replayed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var current = await client.GetAsync(SessionsPage, Ct);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        var after = await SessionsOfAsync(host, alice.Id);
        var old = Assert.Single(before);
        Assert.NotNull(after.Single(s => s.Id == old.Id).RevokedAt);
        var renewed = Assert.Single(after, s => s.RevokedAt is null);
        Assert.NotEqual(old.Id, renewed.Id);
        Assert.Equal((old.CreatedAt, old.AbsoluteExpiresAt), (renewed.CreatedAt, renewed.AbsoluteExpiresAt));
        Assert.NotNull(renewed.LastSecondFactorAt);
    }

    [Fact]
    public async Task StepUpSecondFactor_WithinASession_RenewsTheSessionToo()
    {
        await using var host = new PortalHost();
        var clock = host.UseFakeClock();
        var alice = await host.CreateRegisteredUserAsync("alice", Password);
        var cookies = new CookieContainer();
        using var client = host.CreateCookieClient(cookies);
        await host.SignInAsync(client, "alice", Password);
        var signedIn = AuthCookie(cookies, host.Start());
        var firstCheck = (await SessionsOfAsync(host, alice.Id)).Single(s => s.RevokedAt is null);

        clock.Advance(TimeSpan.FromMinutes(15));
        await host.PassSecondFactorAsync(client, host.KeyFor("alice")!);

        using var replayed = await GetWithCookieAsync(host, signedIn, SessionsPage);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        using var current = await client.GetAsync(SessionsPage, Ct);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        var renewed = (await SessionsOfAsync(host, alice.Id)).Single(s => s.RevokedAt is null);
        Assert.NotEqual(firstCheck.Id, renewed.Id);
        Assert.Equal(firstCheck.CreatedAt, renewed.CreatedAt);
        Assert.Equal(clock.GetUtcNow(), renewed.LastSecondFactorAt);
    }

    [Fact]
    public async Task SessionsPage_PasswordOnlySession_IsSentToVerifyAndCannotSignOutEverywhere()
    {
        await using var host = new PortalHost();
        var alice = await host.CreateRegisteredUserAsync("alice", Password);
        using var other = host.CreateCookieClient();
        await host.SignInAsync(other, "alice", Password);
        using var client = host.CreateCookieClient();
        using var signIn = await host.PostSignInAsync(client, "alice", Password);

        using var page = await client.GetAsync(SessionsPage, Ct);
        using var everywhere = await client.PostFormAsync("/Mfa/Verify", "/Account/Sessions?handler=SignOutEverywhere");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Mfa/Verify?returnUrl=%2FAccount%2FSessions", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        Assert.StartsWith("/Mfa/Verify?returnUrl=", everywhere.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(2, (await SessionsOfAsync(host, alice.Id)).Count(s => s.RevokedAt is null));
        using var otherStill = await other.GetAsync(SessionsPage, Ct);
        Assert.Equal(HttpStatusCode.OK, otherStill.StatusCode);
    }

    [Fact]
    public async Task ValidatingTheSession_ReadsTheAdminRoleInTheSameSingleQuery()
    {
        await using var host = new PortalHost().With("Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command", "Information");
        await host.CreateUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        await host.SignInAsync(client, "alice", Password);
        var before = ExecutedCommands(host).Count;

        // A signed-in GET of the sign-in page runs no query of its own: what remains is the per-request session check.
        using var response = await client.GetAsync(new Uri("/Account/SignIn", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var command = Assert.Single(ExecutedCommands(host).Skip(before));
        Assert.Contains("UserSessions", command, StringComparison.Ordinal);
        Assert.Contains("LocalCredentials", command, StringComparison.Ordinal);
    }

    internal static string AuthCookie(CookieContainer cookies, Uri address) =>
        cookies.GetCookies(address).Single(c => c.Name == "AppPasswords").Value;

    internal static async Task<HttpResponseMessage> GetWithCookieAsync(PortalHost host, string authCookie, Uri path)
    {
        using var replay = host.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", "AppPasswords=" + authCookie);
        return await replay.SendAsync(request, Ct);
    }

    private static async Task<List<UserSession>> SessionsOfAsync(PortalHost host, Guid userId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<UserSession>().AsNoTracking()
            .Where(s => s.UserId == userId).ToListAsync(Ct);
    }

    private static List<string> ExecutedCommands(PortalHost host) =>
        [.. host.Logs.Events.Where(e => e.MessageTemplate.Text.StartsWith("Executed DbCommand", StringComparison.Ordinal))
            .Select(e => e.Properties.TryGetValue("commandText", out var text) ? text.ToString() : "")];
}
