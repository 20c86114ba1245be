using System.Net;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using AppPasswords.Web.Hosting.Commands;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Account;

/// <summary>The admin role comes from the database on every request, and a role change ends the user's sessions.</summary>
public class AdminRoleTests
{
    private const string Password = "Blue-Kettle-Orbit-42";
    private static readonly Uri AdminPage = new("/Admin", UriKind.Relative);
    private static readonly Uri SessionsPage = new("/Account/Sessions", UriKind.Relative);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AdminFlagCleared_NextRequestToAdminIsDeniedWithoutSigningOut()
    {
        await using var host = new PortalHost();
        var root = await host.CreateRegisteredUserAsync("root", Password, admin: true);
        using var client = host.CreateCookieClient();
        await host.SignInAsync(client, "root", Password);
        using var before = await client.GetAsync(AdminPage, Ct);

        await SetAdminFlagAsync(host, root.Id, false);
        using var after = await client.GetAsync(AdminPage, Ct);
        using var stillSignedIn = await client.GetAsync(SessionsPage, Ct);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/AccessDenied", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
    }

    [Fact]
    public async Task AdminFlagSet_NextRequestToAdminIsServed()
    {
        await using var host = new PortalHost();
        var alice = await host.CreateRegisteredUserAsync("alice", Password);
        using var client = host.CreateCookieClient();
        await host.SignInAsync(client, "alice", Password);
        using var before = await client.GetAsync(AdminPage, Ct);

        await SetAdminFlagAsync(host, alice.Id, true);
        using var after = await client.GetAsync(AdminPage, Ct);

        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UsersSetAdmin_ChangingTheRole_EndsEverySessionOfTheUserAndIsAudited(bool admin)
    {
        await using var host = new PortalHost();
        var alice = await host.CreateUserAsync("alice", Password, admin: !admin);
        await host.CreateUserAsync("bob", Password);
        var laptop = new CookieContainer();
        using var laptopClient = host.CreateCookieClient(laptop);
        using var phone = host.CreateCookieClient();
        using var bob = host.CreateCookieClient();
        await host.SignInAsync(laptopClient, "alice", Password);
        await host.SignInAsync(phone, "alice", Password);
        await host.SignInAsync(bob, "bob", Password);
        var laptopCookie = SessionTests.AuthCookie(laptop, host.Start());

        using var output = new StringWriter();
        var exitCode = await UsersCommand.RunAsync(host.Services, ["set-admin", "alice", admin ? "true" : "false"], new StringReader(""), output, interactive: false, Ct);

        Assert.Equal(0, exitCode);
        using var replayed = await SessionTests.GetWithCookieAsync(host, laptopCookie, SessionsPage);
        using var phoneAfter = await phone.GetAsync(SessionsPage, Ct);
        using var bobAfter = await bob.GetAsync(SessionsPage, Ct);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/Account/SignIn", replayed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, phoneAfter.StatusCode);
        Assert.Contains("/Account/SignIn", phoneAfter.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bobAfter.StatusCode);
        await using var scope = host.Services.CreateAsyncScope();
        var audited = await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<AuditEvent>()
            .SingleAsync(e => e.EventType == AuditEventTypes.LocalUserAdminChanged && e.TargetUserId == alice.Id, Ct);
        Assert.Contains("\"sessions\":2", audited.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersSetAdmin_SameRoleAgain_KeepsTheSessions()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password, admin: true);
        using var client = host.CreateCookieClient();
        await host.SignInAsync(client, "alice", Password);

        using var output = new StringWriter();
        var exitCode = await UsersCommand.RunAsync(host.Services, ["set-admin", "alice", "true"], new StringReader(""), output, interactive: false, Ct);
        using var after = await client.GetAsync(SessionsPage, Ct);

        Assert.Equal(0, exitCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static async Task SetAdminFlagAsync(PortalHost host, Guid userId, bool admin)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<LocalCredential>()
            .Where(c => c.UserId == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.IsAdmin, admin), Ct);
    }
}
