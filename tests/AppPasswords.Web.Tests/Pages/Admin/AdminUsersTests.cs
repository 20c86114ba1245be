using System.Net;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Policy;
using AppPasswords.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Pages.Admin;

public class AdminUsersTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task UsersList_MatrixOfCallers_AnonymousRedirectedNonAdminForbiddenAdminServed()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        var ct = TestContext.Current.CancellationToken;
        var route = new Uri("/Admin/Users", UriKind.Relative);

        using var anonymous = host.CreateCookieClient();
        using var anonymousResponse = await anonymous.GetAsync(route, ct);
        Assert.Contains("/Account/SignIn", anonymousResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var user = host.CreateCookieClient();
        await host.SignInAsync(user, "alice", Password);
        using var userResponse = await user.GetAsync(route, ct);
        Assert.Contains("/Account/AccessDenied", userResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var denied = await user.GetAsync(userResponse.Headers.Location, ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        using var adminResponse = await admin.GetAsync(route, ct);
        Assert.Equal(HttpStatusCode.OK, adminResponse.StatusCode);
    }

    [Fact]
    public async Task UsersList_SeededUsers_ShowsMfaStateCountsBlockAndPrefixSearch()
    {
        await using var host = new PortalHost();
        var alice = await host.CreateUserAsync("alice", Password);
        await host.CreateUserAsync("bob", Password);
        var adminUser = await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            var db = scope.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
            db.Add(new MfaMethod { Id = Guid.NewGuid(), UserId = alice.Id, Type = MfaMethodType.Sms, PhoneNumber = "+15555550100", CreatedAt = now, ActivatedAt = now, LastUsedAt = now });
            db.Add(new AppPasswordUserBlock { UserId = alice.Id, BlockedAt = now, BlockedByUserId = adminUser.Id });
            foreach (var revoked in new DateTimeOffset?[] { null, null, now })
            {
                db.Add(new AppPassword
                {
                    Id = Guid.NewGuid(), UserId = alice.Id, Label = "p", CreatedAt = now, RevokedAt = revoked,
                    HashKeyId = "k", HashVersion = 1, LookupTag = Guid.NewGuid().ToByteArray(), Hash = [1],
                });
            }

            await db.SaveChangesAsync(ct);
        }

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        var html = await admin.GetStringAsync(new Uri("/Admin/Users?Search=ali", UriKind.Relative), ct);

        Assert.Contains("data-user=\"" + alice.UserPrincipalName + "\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-user=\"bob", html, StringComparison.Ordinal);
        Assert.Contains("data-col=\"methods\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-col=\"app-passwords\">2<", html, StringComparison.Ordinal);
        Assert.Contains("data-col=\"blocked\">Yes<", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Search=%3Cscript%3Ealert(1)%3C/script%3E")]
    [InlineData("After=%00%27%22")]
    [InlineData("Search=%25%5F%5B")]
    public async Task UsersList_HostileOrOversizedQuery_PageStillServed(string query)
    {
        await using var host = new PortalHost();
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        var ct = TestContext.Current.CancellationToken;

        foreach (var q in new[] { query, "Search=" + new string('x', 5000) })
        {
            using var response = await admin.GetAsync(new Uri("/Admin/Users?" + q, UriKind.Relative), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("<script>alert", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
    }
}
