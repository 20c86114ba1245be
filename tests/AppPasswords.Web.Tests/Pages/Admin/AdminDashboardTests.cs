using System.Net;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Mfa;
using AppPasswords.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Pages.Admin;

public class AdminDashboardTests
{
    private const string Password = "correct horse battery staple";

    [Theory]
    [InlineData("/Admin")]
    [InlineData("/Admin/Index")]
    public async Task Get_MatrixOfCallers_AnonymousRedirectedNonAdminForbiddenAdminServed(string route)
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        var ct = TestContext.Current.CancellationToken;

        using var anonymous = host.CreateCookieClient();
        using var anonymousResponse = await anonymous.GetAsync(new Uri(route, UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.Redirect, anonymousResponse.StatusCode);
        Assert.Contains("/Account/SignIn", anonymousResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var user = host.CreateCookieClient();
        await host.SignInAsync(user, "alice", Password);
        using var userResponse = await user.GetAsync(new Uri(route, UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.Redirect, userResponse.StatusCode);
        Assert.Contains("/Account/AccessDenied", userResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var denied = await user.GetAsync(userResponse.Headers.Location, ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        using var adminResponse = await admin.GetAsync(new Uri(route, UriKind.Relative), ct);
        Assert.True(adminResponse.StatusCode == HttpStatusCode.OK, adminResponse.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Get_SeededData_CountsAndChartMatch()
    {
        await using var host = new PortalHost();
        var now = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        host.UseFakeClock(now);
        var alice = await host.CreateUserAsync("alice", Password);
        var bob = await host.CreateUserAsync("bob", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
            db.Add(new MfaMethod { Id = Guid.NewGuid(), UserId = alice.Id, Type = MfaMethodType.Sms, PhoneNumber = "+15555550100", CreatedAt = now, ActivatedAt = now });
            db.Add(new MfaMethod { Id = Guid.NewGuid(), UserId = bob.Id, Type = MfaMethodType.Totp, CreatedAt = now });
            AppPassword Password(DateTimeOffset created, DateTimeOffset? revoked = null, DateTimeOffset? expires = null) => new()
            {
                Id = Guid.NewGuid(), UserId = alice.Id, Label = "p", CreatedAt = created, RevokedAt = revoked, ExpiresAt = expires,
                HashKeyId = "k", HashVersion = 1, LookupTag = Guid.NewGuid().ToByteArray(), Hash = [1],
            };
            db.AddRange(
                Password(now.AddHours(-1)),
                Password(now.AddHours(-2)),
                Password(now.AddDays(-1), revoked: now.AddHours(-3)),
                Password(now.AddDays(-3), expires: now.AddHours(-1)),
                Password(now.AddDays(-10)),
                Password(now.AddDays(-20), revoked: now.AddDays(-9)));
            db.AddRange(
                new AuditEvent { EventType = AuditEventTypes.AppPasswordVerifyFailed, Outcome = AuditOutcomes.Failure, OccurredAt = now.AddHours(-1) },
                new AuditEvent { EventType = AuditEventTypes.AppPasswordVerifyFailed, Outcome = AuditOutcomes.Failure, OccurredAt = now.AddHours(-23) },
                new AuditEvent { EventType = AuditEventTypes.AppPasswordVerifyFailed, Outcome = AuditOutcomes.Failure, OccurredAt = now.AddHours(-25) },
                new AuditEvent { EventType = AuditEventTypes.SignIn, Outcome = AuditOutcomes.Failure, OccurredAt = now.AddHours(-1) });
            await db.SaveChangesAsync(ct);
        }

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        using var response = await admin.GetAsync(new Uri("/Admin", UriKind.Relative), ct);
        var html = await response.Content.ReadAsStringAsync(ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, response.Headers.Location?.OriginalString);
        Assert.Contains("data-count=\"users-with-mfa\">2<", html, StringComparison.Ordinal);
        Assert.Contains("data-count=\"users-without-mfa\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-count=\"active-app-passwords\">3<", html, StringComparison.Ordinal);
        Assert.Contains("data-count=\"created-week\">4<", html, StringComparison.Ordinal);
        Assert.Contains("data-count=\"revoked-week\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-count=\"verify-failures-24h\">2<", html, StringComparison.Ordinal);
        Assert.Contains("data-day=\"2026-11-25\">2<", html, StringComparison.Ordinal);
        Assert.Contains("data-day=\"2026-11-24\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-day=\"2026-11-15\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-day=\"2026-11-12\">0<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-day=\"2026-11-11\"", html, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-title\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?x=%3Cscript%3Ealert(1)%3C/script%3E")]
    [InlineData("?handler=%00%00")]
    public async Task Get_HostileQueryString_PageStillServed(string query)
    {
        await using var host = new PortalHost();
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await admin.GetAsync(new Uri("/Admin" + query + "&pad=" + new string('a', 4000), UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, response.StatusCode + " " + response.Headers.Location);
        Assert.DoesNotContain("<script>alert", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
