using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Core.Users;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Pages.Admin;

public partial class AdminAppPasswordsTests
{
    private const string Password = "correct horse battery staple";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> GetRoutes => new() { "/Admin/AppPasswords", "/Admin/AppPasswords?handler=Export", "/Admin/ServiceKeys" };

    public static TheoryData<string> PostRoutes => new()
    {
        "/Admin/AppPasswords?handler=Confirm",
        "/Admin/AppPasswords?handler=Revoke",
        "/Admin/ServiceKeys?handler=Create",
        "/Admin/ServiceKeys?handler=ConfirmRevoke",
        "/Admin/ServiceKeys?handler=Revoke",
    };

    [Theory]
    [MemberData(nameof(GetRoutes))]
    public async Task Get_MatrixOfCallers_AnonymousRedirectedNonAdminForbiddenAdminServed(string route)
    {
        await using var host = NewHost();
        await CreateUserAsync(host, "alice", Password);
        await CreateUserAsync(host, "admin", Password, admin: true);

        using var anonymous = host.CreateCookieClient();
        using var anonymousResponse = await anonymous.GetAsync(new Uri(route, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, anonymousResponse.StatusCode);
        Assert.Contains("/Account/SignIn", anonymousResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var user = host.CreateCookieClient();
        await host.SignInAsync(user, "alice", Password);
        using var userResponse = await user.GetAsync(new Uri(route, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, userResponse.StatusCode);
        Assert.Contains("/Account/AccessDenied", userResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var denied = await user.GetAsync(userResponse.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        using var adminResponse = await admin.GetAsync(new Uri(route, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, adminResponse.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PostRoutes))]
    public async Task Post_MatrixOfCallers_AnonymousRedirectedNonAdminForbiddenWithoutTokenRejected(string route)
    {
        await using var host = NewHost();
        await CreateUserAsync(host, "alice", Password);
        await CreateUserAsync(host, "admin", Password, admin: true);
        var fields = new Dictionary<string, string> { ["Input.Label"] = "x", ["Revoke.Reason"] = "x", ["Revoke.AllOfUser"] = Guid.NewGuid().ToString() };

        using var anonymous = host.CreateCookieClient();
        using var anonymousForm = new FormUrlEncodedContent(fields);
        using var anonymousResponse = await anonymous.PostAsync(new Uri(route, UriKind.Relative), anonymousForm, Ct);
        Assert.Equal(HttpStatusCode.Redirect, anonymousResponse.StatusCode);
        Assert.Contains("/Account/SignIn", anonymousResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var user = host.CreateCookieClient();
        await host.SignInAsync(user, "alice", Password);
        using var userForm = new FormUrlEncodedContent(fields);
        using var userResponse = await user.PostAsync(new Uri(route, UriKind.Relative), userForm, Ct);
        Assert.Equal(HttpStatusCode.Redirect, userResponse.StatusCode);
        Assert.Contains("/Account/AccessDenied", userResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        using var form = new FormUrlEncodedContent(fields);
        using var withoutToken = await admin.PostAsync(new Uri(route, UriKind.Relative), form, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
    }

    [Theory]
    [InlineData("Filter.Status=<script>")]
    [InlineData("Filter.Sort=drop table")]
    [InlineData("Filter.NotUsedForDays=-5")]
    [InlineData("Filter.ExpiringWithinDays=99999999999999999999")]
    [InlineData("Filter.CreatedFrom=not-a-date")]
    [InlineData("Filter.CreatedFrom=2026-02-01&Filter.CreatedTo=2026-01-01")]
    [InlineData("After=garbage~~~")]
    [InlineData("Before=v%25%25%25~zz")]
    [InlineData("After=n~00000000000000000000000000000000")]
    [InlineData("Filter.Search=%27%20OR%201%3D1--")]
    public async Task Inventory_HostileQuery_NormalPageWithoutServerError(string query)
    {
        await using var host = NewHost();
        await CreateUserAsync(host, "admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await admin.GetAsync(new Uri("/Admin/AppPasswords?" + query, UriKind.Relative), Ct);
        using var export = await admin.GetAsync(new Uri("/Admin/AppPasswords?handler=Export&" + query, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.True(export.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"export answered {(int)export.StatusCode}");
    }

    [Fact]
    public async Task Inventory_SearchByUpnPrefix_ShowsOnlyThatUsersPasswordsAndNoSecret()
    {
        await using var host = NewHost();
        var alice = await CreateUserAsync(host, "alice", Password, displayName: "Alice Archer");
        var bob = await CreateUserAsync(host, "bob", Password, displayName: "Bob Baker");
        await CreateUserAsync(host, "admin", Password, admin: true);
        var aliceSecret = await IssueAsync(host, alice.Id, "Thunderbird");
        await IssueAsync(host, bob.Id, "Outlook");
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        var html = await admin.GetStringAsync(new Uri("/Admin/AppPasswords?Filter.Search=" + Uri.EscapeDataString(alice.UserPrincipalName[..3]), UriKind.Relative), Ct);

        Assert.Contains("Thunderbird", html, StringComparison.Ordinal);
        Assert.Contains("Alice Archer", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Outlook", html, StringComparison.Ordinal);
        Assert.DoesNotContain(aliceSecret, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inventory_PagingNextThenPrevious_EveryRowOnceAndBackToFirstPage()
    {
        await using var host = NewHost();
        var users = new List<User>();
        for (var u = 0; u < 3; u++)
        {
            users.Add(await CreateUserAsync(host, $"user{u}", Password));
        }

        await CreateUserAsync(host, "admin", Password, admin: true);
        for (var i = 0; i < 60; i++)
        {
            await IssueAsync(host, users[i % 3].Id, $"device-{i:D2}");
        }

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        var first = await admin.GetStringAsync(new Uri("/Admin/AppPasswords?Filter.Sort=user-asc", UriKind.Relative), Ct);
        var next = LinkHref(first, "next")!;
        Assert.Null(LinkHref(first, "prev"));
        var second = await admin.GetStringAsync(new Uri(next, UriKind.Relative), Ct);
        var ids = RowIds(first).Concat(RowIds(second)).ToList();
        Assert.Equal(60, ids.Count);
        Assert.Equal(60, ids.Distinct().Count());
        Assert.Null(LinkHref(second, "next"));
        var back = await admin.GetStringAsync(new Uri(LinkHref(second, "prev")!, UriKind.Relative), Ct);
        Assert.Equal(RowIds(first), RowIds(back));
    }

    [Fact]
    public async Task Export_FilteredView_EqualsPageRowsAndNeutralisesFormulas()
    {
        await using var host = NewHost();
        var evil = await CreateUserAsync(host, "mallory", Password, displayName: "=HYPERLINK(\"http://evil\",\"x\")");
        var other = await CreateUserAsync(host, "oscar", Password);
        await CreateUserAsync(host, "admin", Password, admin: true);
        await IssueAsync(host, evil.Id, "Phone");
        await IssueAsync(host, evil.Id, "Laptop");
        await IssueAsync(host, other.Id, "Tablet");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
            var laptop = await db.Set<AppPassword>().SingleAsync(p => p.Label == "Laptop", Ct);
            laptop.Label = "@SUM(1+1)";
            await db.SaveChangesAsync(Ct);
        }

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        const string query = "Filter.Search=mal&Filter.Status=active&Filter.Sort=created-asc";

        var html = await admin.GetStringAsync(new Uri("/Admin/AppPasswords?" + query, UriKind.Relative), Ct);
        using var response = await admin.GetAsync(new Uri("/Admin/AppPasswords?handler=Export&" + query, UriKind.Relative), Ct);
        var csv = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("\"id\",\"user_principal_name\",\"display_name\",\"label\"", lines[0], StringComparison.Ordinal);
        var ids = lines.Skip(1).Select(l => Guid.Parse(l[1..37])).ToList();
        Assert.Equal(RowIds(html), ids);
        Assert.Equal(2, ids.Count);
        Assert.All(lines.Skip(1), l => Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",\"'@SUM(1+1)\",", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Tablet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revoke_SelectedWithReason_RevokedAuditedEmailedAndVerifyRejects()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var host = NewHost()
            .With("Smtp:Host", "127.0.0.1")
            .With("Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
            .With("Smtp:TlsMode", "None");
        var alice = await CreateUserAsync(host, "alice", Password, email: "alice@contoso.example");
        var adminUser = await host.CreateUserAsync("admin", Password, admin: true);
        var adminKey = await host.CompleteMfaRegistrationThroughSmtpAsync(smtp, adminUser);
        var secret = await IssueAsync(host, alice.Id, "Thunderbird");
        var kept = await IssueAsync(host, alice.Id, "Outlook");
        string serviceKey;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            serviceKey = (await scope.ServiceProvider.GetRequiredService<ICreateServiceKeyCommand>().CreateAsync("dovecot", null, Ct)).Key;
        }

        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(host, serviceKey, alice.UserPrincipalName, secret));
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        await host.PassSecondFactorAsync(admin, adminKey);
        var target = await SelectionOfAsync(host, "Thunderbird");

        using var confirm = await admin.PostFormAsync("/Admin/AppPasswords", "/Admin/AppPasswords?handler=Confirm", new Dictionary<string, string> { ["Revoke.Selected"] = target });
        var confirmHtml = await confirm.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("revoke-reason", confirmHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(host, serviceKey, alice.UserPrincipalName, secret));

        using var revoked = await admin.PostFormAsync("/Admin/AppPasswords", "/Admin/AppPasswords?handler=Revoke", new Dictionary<string, string>
        {
            ["Revoke.Selected"] = target,
            ["Revoke.Reason"] = "Laptop stolen",
        });

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyAsync(host, serviceKey, alice.UserPrincipalName, secret));
        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(host, serviceKey, alice.UserPrincipalName, kept));
        // Alice also got a notice for each password created in the set-up; wait for the revocation notice.
        var mail = await smtp.WaitForMessageAsync("alice@contoso.example");
        while (mail.TextBody?.Contains("Laptop stolen", StringComparison.Ordinal) != true)
        {
            mail = await smtp.WaitForMessageAsync("alice@contoso.example");
        }

        Assert.Contains("Thunderbird", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, mail.TextBody, StringComparison.Ordinal);
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
        var audit = await db.Set<AuditEvent>().SingleAsync(e => e.EventType == AuditEventTypes.AdminAppPasswordsRevoked, Ct);
        Assert.Equal(adminUser.Id, audit.ActorUserId);
        Assert.Equal(alice.Id, audit.TargetUserId);
        Assert.Contains("Laptop stolen", audit.Details, StringComparison.Ordinal);
        Assert.Equal(AppPasswordRevocationReasons.ByAdministrator, (await db.Set<AppPassword>().SingleAsync(p => p.Label == "Thunderbird", Ct)).RevocationReason);
    }

    [Fact]
    public async Task Revoke_AllOfUserWithReason_EveryActivePasswordOfThatUserOnly()
    {
        await using var host = NewHost();
        var alice = await CreateUserAsync(host, "alice", Password);
        var bob = await CreateUserAsync(host, "bob", Password);
        await CreateUserAsync(host, "admin", Password, admin: true);
        await IssueAsync(host, alice.Id, "One");
        await IssueAsync(host, alice.Id, "Two");
        await IssueAsync(host, bob.Id, "Three");
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await admin.PostFormAsync("/Admin/AppPasswords", "/Admin/AppPasswords?handler=Revoke", new Dictionary<string, string>
        {
            ["Revoke.AllOfUser"] = alice.Id.ToString(),
            ["Revoke.Reason"] = "Left the company",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
        Assert.All(await db.Set<AppPassword>().Where(p => p.UserId == alice.Id).ToListAsync(Ct), p => Assert.NotNull(p.RevokedAt));
        Assert.Null((await db.Set<AppPassword>().SingleAsync(p => p.UserId == bob.Id, Ct)).RevokedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("501")]
    public async Task Revoke_MissingOrOversizedReason_NothingRevokedAndConfirmationShownAgain(string? reason)
    {
        await using var host = NewHost();
        var alice = await CreateUserAsync(host, "alice", Password);
        await CreateUserAsync(host, "admin", Password, admin: true);
        await IssueAsync(host, alice.Id, "Thunderbird");
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        var fields = new Dictionary<string, string> { ["Revoke.Selected"] = await SelectionOfAsync(host, "Thunderbird") };
        if (reason is not null)
        {
            fields["Revoke.Reason"] = reason == "501" ? new string('x', 501) : reason;
        }

        using var response = await admin.PostFormAsync("/Admin/AppPasswords", "/Admin/AppPasswords?handler=Revoke", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("revoke-reason", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
        Assert.Null((await db.Set<AppPassword>().SingleAsync(Ct)).RevokedAt);
        Assert.False(await db.Set<AuditEvent>().AnyAsync(e => e.EventType == AuditEventTypes.AdminAppPasswordsRevoked, Ct));
    }

    [Theory]
    [InlineData("not-a-selection")]
    [InlineData("00000000000000000000000000000000:00000000000000000000000000000000")]
    [InlineData("")]
    public async Task Revoke_HostileSelection_NothingRevokedAndRedirected(string selection)
    {
        await using var host = NewHost();
        var alice = await CreateUserAsync(host, "alice", Password);
        await CreateUserAsync(host, "admin", Password, admin: true);
        await IssueAsync(host, alice.Id, "Thunderbird");
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await admin.PostFormAsync("/Admin/AppPasswords", "/Admin/AppPasswords?handler=Revoke", new Dictionary<string, string>
        {
            ["Revoke.Selected"] = selection,
            ["Revoke.Reason"] = "because",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
        Assert.Null((await db.Set<AppPassword>().SingleAsync(Ct)).RevokedAt);
    }

    [Fact]
    public async Task ServiceKey_CreatedShownOnceThenWorksAndRevokedKeyForbidden()
    {
        await using var host = NewHost();
        var alice = await CreateUserAsync(host, "alice", Password);
        await CreateUserAsync(host, "admin", Password, admin: true);
        var secret = await IssueAsync(host, alice.Id, "Thunderbird");
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var created = await admin.PostFormAsync("/Admin/ServiceKeys", "/Admin/ServiceKeys?handler=Create", new Dictionary<string, string> { ["Input.Label"] = "dovecot-1" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        using var shown = await admin.GetAsync(created.Headers.Location, Ct);
        var html = await shown.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.True(shown.Headers.CacheControl?.NoStore);
        var key = KeyInput().Match(html).Groups[1].Value;
        Assert.StartsWith("apsk_", key, StringComparison.Ordinal);

        using var reload = await admin.GetAsync(created.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Redirect, reload.StatusCode);
        var list = await admin.GetStringAsync(new Uri("/Admin/ServiceKeys", UriKind.Relative), Ct);
        Assert.Contains("dovecot-1", list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(host, key, alice.UserPrincipalName, secret));

        Guid id;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<IListServiceKeysQuery>().ListAsync(Ct)).Single().Id;
        }

        using var confirm = await admin.PostFormAsync("/Admin/ServiceKeys", $"/Admin/ServiceKeys?handler=ConfirmRevoke&id={id}");
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(host, key, alice.UserPrincipalName, secret));
        using var revoked = await admin.PostFormAsync("/Admin/ServiceKeys", $"/Admin/ServiceKeys?handler=Revoke&id={id}");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await VerifyAsync(host, key, alice.UserPrincipalName, secret));
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
        Assert.Equal(1, await db.Set<AuditEvent>().CountAsync(e => e.EventType == AuditEventTypes.ServiceKeyCreated, Ct));
        Assert.Equal(1, await db.Set<AuditEvent>().CountAsync(e => e.EventType == AuditEventTypes.ServiceKeyRevoked, Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("101")]
    public async Task ServiceKey_InvalidLabel_NotCreated(string label)
    {
        await using var host = NewHost();
        await CreateUserAsync(host, "admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await admin.PostFormAsync("/Admin/ServiceKeys", "/Admin/ServiceKeys?handler=Create", new Dictionary<string, string>
        {
            ["Input.Label"] = label == "101" ? new string('k', 101) : label,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var scope = host.Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<IListServiceKeysQuery>().ListAsync(Ct));
    }

    private static PortalHost NewHost() => new();

    /// <summary>Admins register MFA through the real services (the interrupt is passed as a user would); other users only own app passwords.</summary>
    private static async Task<User> CreateUserAsync(PortalHost host, string userName, string password, bool admin = false, string? displayName = null, string? email = null) =>
        admin
            ? await host.CreateRegisteredUserAsync(userName, password, admin: true, displayName)
            : await host.CreateUserAsync(userName, password, admin: false, displayName, email);

    private static async Task<string> IssueAsync(PortalHost host, Guid userId, string label)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<IIssueAppPasswordCommand>().IssueAsync(
            new IssueAppPasswordRequest(userId, label, null, AppPasswordProtocols.Imap), Ct);
        return issued.Password ?? throw new InvalidOperationException("Issue failed: " + issued.Error);
    }

    private static async Task<string> SelectionOfAsync(PortalHost host, string label)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
        var p = await db.Set<AppPassword>().SingleAsync(x => x.Label == label, Ct);
        return $"{p.UserId:N}:{p.Id:N}";
    }

    private static async Task<HttpStatusCode> VerifyAsync(PortalHost host, string serviceKey, string user, string password)
    {
        using var api = host.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/app-passwords/verify", UriKind.Relative))
        {
            Content = JsonContent.Create(new { user, password, protocol = "imap" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        using var response = await api.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private static string? LinkHref(string html, string rel)
    {
        var match = Regex.Match(html, "<a (?=[^>]*rel=\"" + rel + "\")[^>]*href=\"([^\"]+)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    private static List<Guid> RowIds(string html) => SelectionValue().Matches(html).Select(m => Guid.ParseExact(m.Groups[1].Value, "N")).ToList();


    [GeneratedRegex("name=\"Revoke.Selected\" value=\"[0-9a-f]{32}:([0-9a-f]{32})\"")]
    private static partial Regex SelectionValue();

    [GeneratedRegex("id=\"service-key\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex KeyInput();
}
