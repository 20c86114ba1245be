using System.Net;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Mfa;
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
        var sessionId = await db.Set<Core.Users.UserSession>().Where(s => s.UserId == alice.Id).Select(s => s.Id).SingleAsync(Ct);
        var secondFactor = scope.ServiceProvider.GetRequiredService<ISecondFactorSession>();

        var before = await secondFactor.GetLastVerifiedAtAsync(sessionId, Ct);
        await secondFactor.MarkVerifiedAsync(sessionId, Ct);

        Assert.Null(before);
        Assert.Equal(clock.GetUtcNow(), await secondFactor.GetLastVerifiedAtAsync(sessionId, Ct));
    }
}
