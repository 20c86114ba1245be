using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Pages.Admin;

public class AdminConsoleTests
{
    private const string Password = "correct horse battery staple";

    public static TheoryData<string> GetRoutes => new() { "/Admin/Audit", "/Admin/Audit?handler=Export", "/Admin/Policy" };

    public static TheoryData<string> PostRoutes => new() { "/Admin/Policy" };

    [Theory]
    [MemberData(nameof(GetRoutes))]
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
        Assert.Equal(HttpStatusCode.OK, adminResponse.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PostRoutes))]
    public async Task Post_WithoutAntiforgeryToken_Rejected(string route)
    {
        await using var host = new PortalHost();
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.MaxActivePerUser"] = "5" });

        using var response = await admin.PostAsync(new Uri(route, UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AuditExport_HostileCellValues_NeutralisedInCsv()
    {
        await using var host = new PortalHost();
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(
                new AuditEvent { EventType = "test.hostile", Outcome = AuditOutcomes.Failure, ActorName = "=HYPERLINK(\"http://evil\",\"x\")", UserAgent = "@SUM(1+1)", CorrelationId = "corr-1" },
                TestContext.Current.CancellationToken);
        }

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await admin.GetAsync(new Uri("/Admin/Audit?handler=Export&Filter.EventType=test.hostile", UriKind.Relative), TestContext.Current.CancellationToken);
        var csv = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("\"occurred_at\",\"event_type\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"", lines[1], StringComparison.Ordinal);
        Assert.Contains(",\"'@SUM(1+1)\",", lines[1], StringComparison.Ordinal);
        Assert.Contains("corr-1", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Filter.Outcome=<script>")]
    [InlineData("Filter.From=not-a-date")]
    [InlineData("After=garbage~~~")]
    [InlineData("Filter.Actor=nobody@contoso.example")]
    public async Task Audit_MalformedOrUnknownFilter_PageStillServed(string query)
    {
        await using var host = new PortalHost();
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await admin.GetAsync(new Uri("/Admin/Audit?" + query, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyPost_AppPasswordsTurnedOff_VerifyApiRejectsAtOnceAndChangeAudited()
    {
        await using var host = new PortalHost();
        var alice = await host.CreateUserAsync("alice", Password);
        var adminUser = await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        string appPassword, serviceKey;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var issued = await scope.ServiceProvider.GetRequiredService<IIssueAppPasswordCommand>().IssueAsync(
                new IssueAppPasswordRequest(alice.Id, "Thunderbird", null, AppPasswordProtocols.Imap), TestContext.Current.CancellationToken);
            appPassword = issued.Password ?? throw new InvalidOperationException("Issue failed: " + issued.Error);
            serviceKey = (await scope.ServiceProvider.GetRequiredService<ICreateServiceKeyCommand>().CreateAsync("dovecot", null, TestContext.Current.CancellationToken)).Key;
        }

        using var api = host.CreateRawClient();
        async Task<HttpStatusCode> VerifyAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/app-passwords/verify", UriKind.Relative))
            {
                Content = JsonContent.Create(new { user = alice.UserPrincipalName, password = appPassword, protocol = "imap" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
            using var response = await api.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await VerifyAsync());
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var saved = await admin.PostFormAsync("/Admin/Policy", "/Admin/Policy", new Dictionary<string, string>
        {
            ["Input.AppPasswordsEnabled"] = "false",
            ["Input.MaxActivePerUser"] = "40",
            ["Input.MaxLifetimeDays"] = "",
            ["Input.AllowedProtocols"] = "imap",
            ["Input.AllowSkipMfaSetup"] = "true",
            ["Input.SkipMfaSetupDays"] = "14",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyAsync());
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
        var change = await db.Set<AuditEvent>().SingleAsync(e => e.EventType == AuditEventTypes.PolicyChanged, TestContext.Current.CancellationToken);
        Assert.Equal(adminUser.Id, change.ActorUserId);
        Assert.Contains("\"before\":{\"appPasswordsEnabled\":true", change.Details, StringComparison.Ordinal);
        Assert.Contains("\"after\":{\"appPasswordsEnabled\":false", change.Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "imap")]
    [InlineData("abc", "imap")]
    [InlineData("40", "")]
    [InlineData("40", "ftp")]
    [InlineData("99999999999999999999", "imap")]
    public async Task PolicyPost_InvalidInput_NotSavedAndNotAudited(string maxActive, string protocol)
    {
        await using var host = new PortalHost();
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await admin.PostFormAsync("/Admin/Policy", "/Admin/Policy", new Dictionary<string, string>
        {
            ["Input.AppPasswordsEnabled"] = "false",
            ["Input.MaxActivePerUser"] = maxActive,
            ["Input.AllowedProtocols"] = protocol,
            ["Input.SkipMfaSetupDays"] = "14",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
        Assert.False(await db.Set<AuditEvent>().AnyAsync(e => e.EventType == AuditEventTypes.PolicyChanged, TestContext.Current.CancellationToken));
    }
}
