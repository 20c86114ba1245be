using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Policy;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Pages.Admin;

public class AdminUserDetailsTests
{
    private const string Password = "correct horse battery staple";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> PostHandlers => new() { "Confirm", "Execute" };

    public static TheoryData<string, string, string> Actions => new()
    {
        { "require-mfa-reregistration", AuditEventTypes.AdminMfaReset, "Remove sign-in methods" },
        { "sign-out-everywhere", AuditEventTypes.AdminSignOutEverywhere, "Sign out everywhere" },
        { "block-app-passwords", AuditEventTypes.AdminAppPasswordsBlocked, "Block app passwords" },
    };

    [Fact]
    public async Task Get_MatrixOfCallers_AnonymousRedirectedNonAdminForbiddenAdminServed()
    {
        await using var host = new PortalHost();
        var alice = await host.CreateUserAsync("alice", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        var route = new Uri($"/Admin/Users/Details/{alice.Id}", UriKind.Relative);

        using var anonymous = host.CreateCookieClient();
        using var anonymousResponse = await anonymous.GetAsync(route, Ct);
        Assert.Equal(HttpStatusCode.Redirect, anonymousResponse.StatusCode);
        Assert.Contains("/Account/SignIn", anonymousResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var user = host.CreateCookieClient();
        await host.SignInAsync(user, "alice", Password);
        using var userResponse = await user.GetAsync(route, Ct);
        Assert.Equal(HttpStatusCode.Redirect, userResponse.StatusCode);
        Assert.Contains("/Account/AccessDenied", userResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var denied = await user.GetAsync(userResponse.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        using var adminResponse = await admin.GetAsync(route, Ct);
        Assert.Equal(HttpStatusCode.OK, adminResponse.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PostHandlers))]
    public async Task Post_MatrixOfCallers_AnonymousRedirectedNonAdminForbiddenWithoutTokenRejected(string handler)
    {
        await using var host = new PortalHost();
        var alice = await host.CreateUserAsync("alice", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        var route = new Uri($"/Admin/Users/Details/{alice.Id}?handler={handler}", UriKind.Relative);
        var fields = new Dictionary<string, string> { ["Input.Action"] = "block-app-passwords", ["Input.Reason"] = "x" };

        using var anonymous = host.CreateCookieClient();
        using var anonymousForm = new FormUrlEncodedContent(fields);
        using var anonymousResponse = await anonymous.PostAsync(route, anonymousForm, Ct);
        Assert.Equal(HttpStatusCode.Redirect, anonymousResponse.StatusCode);
        Assert.Contains("/Account/SignIn", anonymousResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var user = host.CreateCookieClient();
        await host.SignInAsync(user, "alice", Password);
        using var userForm = new FormUrlEncodedContent(fields);
        using var userResponse = await user.PostAsync(route, userForm, Ct);
        Assert.Equal(HttpStatusCode.Redirect, userResponse.StatusCode);
        Assert.Contains("/Account/AccessDenied", userResponse.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        using var form = new FormUrlEncodedContent(fields);
        using var withoutToken = await admin.PostAsync(route, form, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        Assert.False(await IsBlockedAsync(host, alice.Id));
        Assert.Equal(0, await AuditCountAsync(host, AuditEventTypes.AdminAppPasswordsBlocked));
    }

    [Theory]
    [InlineData("/Admin/Users/Details/00000000-0000-0000-0000-000000000001", HttpStatusCode.NotFound)]
    [InlineData("/Admin/Users/Details/not-a-guid", HttpStatusCode.NotFound)]
    [InlineData("/Admin/Users/Details/%3Cscript%3E", HttpStatusCode.NotFound)]
    [InlineData("/Admin/Users/Details", HttpStatusCode.NotFound)]
    public async Task Get_UnknownOrMalformedId_NotFound(string route, HttpStatusCode expected)
    {
        await using var host = new PortalHost();
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await admin.GetAsync(new Uri(route, UriKind.Relative), Ct);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Get_RegisteredUser_ShowsMaskedMfaStateAppPasswordsAndEventsWithoutSecrets()
    {
        await using var host = new PortalHost();
        var bob = await host.CreateRegisteredUserAsync("bob", Password, displayName: "Bob Baker");
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            db.Add(new MfaMethod { Id = Guid.NewGuid(), UserId = bob.Id, Type = MfaMethodType.Sms, PhoneNumber = "+14155550123", CreatedAt = now, ActivatedAt = now });
            await db.SaveChangesAsync(Ct);
        }

        var secret = await IssueAsync(host, bob.Id, "Thunderbird at home");
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        var html = WebUtility.HtmlDecode(await admin.GetStringAsync(new Uri($"/Admin/Users/Details/{bob.Id}", UriKind.Relative), Ct));

        Assert.Contains("Bob Baker", html, StringComparison.Ordinal);
        Assert.Contains("Authenticator app", html, StringComparison.Ordinal);
        Assert.Contains("+1 ••• ••• 0123", html, StringComparison.Ordinal);
        Assert.DoesNotContain("4155550123", html, StringComparison.Ordinal);
        Assert.Contains("•••@example.test", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"{bob.Id:N}@example.test", html, StringComparison.Ordinal);
        Assert.Contains("Thunderbird at home", html, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        Assert.Contains(AuditEventTypes.AppPasswordCreated, html, StringComparison.Ordinal);
        Assert.Contains("data-field=\"blocked\">Allowed<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersListAndInventory_LinkToTheDetailPage()
    {
        await using var host = new PortalHost();
        var bob = await host.CreateRegisteredUserAsync("bob", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        await IssueAsync(host, bob.Id, "Outlook");
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        var href = $"href=\"/Admin/Users/Details/{bob.Id}\"";

        Assert.Contains(href, await admin.GetStringAsync(new Uri("/Admin/Users", UriKind.Relative), Ct), StringComparison.Ordinal);
        Assert.Contains(href, await admin.GetStringAsync(new Uri("/Admin/AppPasswords", UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Confirm_Action_ShowsReasonFormAndChangesNothing(string action, string eventType, string confirmButton)
    {
        await using var host = new PortalHost();
        var bob = await host.CreateRegisteredUserAsync("bob", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        var page = $"/Admin/Users/Details/{bob.Id}";

        using var response = await admin.PostFormAsync(page, page + "?handler=Confirm", new Dictionary<string, string> { ["Input.Action"] = action });
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"Input.Reason\"", html, StringComparison.Ordinal);
        Assert.Contains(confirmButton, html, StringComparison.Ordinal);
        Assert.Equal(0, await AuditCountAsync(host, eventType));
        Assert.False(await IsBlockedAsync(host, bob.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("501")]
    public async Task Execute_EmptyOrOversizedReason_RefusedWithMessageAndNothingChanged(string reason)
    {
        await using var host = new PortalHost();
        var bob = await host.CreateRegisteredUserAsync("bob", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        var page = $"/Admin/Users/Details/{bob.Id}";

        using var response = await admin.PostFormAsync(page, page + "?handler=Execute", new Dictionary<string, string>
        {
            ["Input.Action"] = "require-mfa-reregistration",
            ["Input.Reason"] = reason == "501" ? new string('r', 501) : reason,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Give a reason of 1 to 500 characters.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, await AuditCountAsync(host, AuditEventTypes.AdminMfaReset));
        await using var scope = host.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<IMfaRegistrationQuery>().GetStateAsync(bob.Id, Ct)).IsComplete);
    }

    [Theory]
    [InlineData("Confirm", "drop-table")]
    [InlineData("Execute", "")]
    [InlineData("Execute", "<script>")]
    public async Task Post_UnknownAction_BadRequest(string handler, string action)
    {
        await using var host = new PortalHost();
        var bob = await host.CreateRegisteredUserAsync("bob", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        var page = $"/Admin/Users/Details/{bob.Id}";

        using var response = await admin.PostFormAsync(page, $"{page}?handler={handler}", new Dictionary<string, string> { ["Input.Action"] = action, ["Input.Reason"] = "because" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Execute_UnknownUser_NotFoundAndNotAudited()
    {
        await using var host = new PortalHost();
        var bob = await host.CreateUserAsync("bob", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await admin.PostFormAsync($"/Admin/Users/Details/{bob.Id}", $"/Admin/Users/Details/{Guid.NewGuid()}?handler=Execute", new Dictionary<string, string>
        {
            ["Input.Action"] = "block-app-passwords",
            ["Input.Reason"] = "because",
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await AuditCountAsync(host, AuditEventTypes.AdminAppPasswordsBlocked));
    }

    [Fact]
    public async Task RequireMfaReRegistration_WithReason_MethodsClearedInterruptAtNextSignInAndAudited()
    {
        await using var host = new PortalHost();
        var bob = await host.CreateRegisteredUserAsync("bob", Password);
        var adminUser = await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await ExecuteAsync(admin, bob.Id, "require-mfa-reregistration", "  lost phone, ticket 4711  ");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await admin.GetStringAsync(response.Headers.Location, Ct);
        Assert.Contains("Sign-in methods removed", after, StringComparison.Ordinal);
        Assert.Contains("data-field=\"methods\">", after, StringComparison.Ordinal);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            Assert.False((await scope.ServiceProvider.GetRequiredService<IMfaRegistrationQuery>().GetStateAsync(bob.Id, Ct)).HasMfaMethod);
        }

        using var bobClient = host.CreateCookieClient();
        using var signIn = await host.PostSignInAsync(bobClient, "bob", Password);
        using var next = await bobClient.GetAsync(new Uri("/AppPasswords", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/Mfa/Setup", next.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var audited = await SingleAuditAsync(host, AuditEventTypes.AdminMfaReset);
        Assert.Equal(adminUser.Id, audited.ActorUserId);
        Assert.Equal(bob.Id, audited.TargetUserId);
        Assert.Contains("\"reason\":\"lost phone, ticket 4711\"", audited.Details, StringComparison.Ordinal);
        Assert.Contains("\"changed\":1", audited.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireMfaReRegistration_EndsEverySessionOfTheUserAndAuditsHowMany()
    {
        await using var host = new PortalHost();
        var bob = await host.CreateRegisteredUserAsync("bob", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var laptop = host.CreateCookieClient();
        using var phone = host.CreateCookieClient();
        await host.SignInAsync(laptop, "bob", Password);
        await host.SignInAsync(phone, "bob", Password);
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await ExecuteAsync(admin, bob.Id, "require-mfa-reregistration", "lost phone");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        foreach (var client in new[] { laptop, phone })
        {
            using var afterwards = await client.GetAsync(new Uri("/Account/Sessions", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
            Assert.Contains("/Account/SignIn", afterwards.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using var adminStill = await admin.GetAsync(new Uri("/Admin/Users", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, adminStill.StatusCode);
        Assert.Contains("\"sessions\":2", (await SingleAuditAsync(host, AuditEventTypes.AdminMfaReset)).Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOutEverywhere_WithReason_UsersSessionsEndAndAudited()
    {
        await using var host = new PortalHost();
        var bob = await host.CreateRegisteredUserAsync("bob", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var bobClient = host.CreateCookieClient();
        await host.SignInAsync(bobClient, "bob", Password);
        using (var before = await bobClient.GetAsync(new Uri("/AppPasswords", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using var response = await ExecuteAsync(admin, bob.Id, "sign-out-everywhere", "suspicious sign-in");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var afterwards = await bobClient.GetAsync(new Uri("/AppPasswords", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Contains("/Account/SignIn", afterwards.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var adminStill = await admin.GetAsync(new Uri("/Admin/Users", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, adminStill.StatusCode);
        var audited = await SingleAuditAsync(host, AuditEventTypes.AdminSignOutEverywhere);
        Assert.Contains("\"reason\":\"suspicious sign-in\"", audited.Details, StringComparison.Ordinal);
        Assert.Contains("\"changed\":1", audited.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockThenAllow_WithReason_VerifyRefusedWhileBlockedAcceptedAfterAndBothAudited()
    {
        await using var host = new PortalHost();
        var bob = await host.CreateRegisteredUserAsync("bob", Password);
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        var secret = await IssueAsync(host, bob.Id, "Thunderbird");
        string serviceKey;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            serviceKey = (await scope.ServiceProvider.GetRequiredService<ICreateServiceKeyCommand>().CreateAsync("dovecot", null, Ct)).Key;
        }

        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(host, serviceKey, bob.UserPrincipalName, secret));
        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);

        using (var blocked = await ExecuteAsync(admin, bob.Id, "block-app-passwords", "left the company"))
        {
            Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
            var html = await admin.GetStringAsync(blocked.Headers.Location, Ct);
            Assert.Contains("data-field=\"blocked\">Blocked<", html, StringComparison.Ordinal);
            Assert.Contains("data-action=\"allow-app-passwords\"", html, StringComparison.Ordinal);
        }

        Assert.True(await IsBlockedAsync(host, bob.Id));
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyAsync(host, serviceKey, bob.UserPrincipalName, secret));

        using (var again = await ExecuteAsync(admin, bob.Id, "block-app-passwords", "twice"))
        {
            Assert.Contains("already blocked", await admin.GetStringAsync(again.Headers.Location, Ct), StringComparison.Ordinal);
        }

        using (var allowed = await ExecuteAsync(admin, bob.Id, "allow-app-passwords", "came back"))
        {
            Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        }

        Assert.False(await IsBlockedAsync(host, bob.Id));
        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(host, serviceKey, bob.UserPrincipalName, secret));
        Assert.Equal(2, await AuditCountAsync(host, AuditEventTypes.AdminAppPasswordsBlocked));
        Assert.Contains("\"reason\":\"came back\"", (await SingleAuditAsync(host, AuditEventTypes.AdminAppPasswordsAllowed)).Details, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> ExecuteAsync(HttpClient admin, Guid userId, string action, string reason)
    {
        var page = $"/Admin/Users/Details/{userId}";
        return await admin.PostFormAsync(page, page + "?handler=Execute", new Dictionary<string, string> { ["Input.Action"] = action, ["Input.Reason"] = reason });
    }

    private static async Task<string> IssueAsync(PortalHost host, Guid userId, string label)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<IIssueAppPasswordCommand>().IssueAsync(
            new IssueAppPasswordRequest(userId, label, null, AppPasswordProtocols.Imap), Ct);
        return issued.Password ?? throw new InvalidOperationException("Issue failed: " + issued.Error);
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

    private static async Task<bool> IsBlockedAsync(PortalHost host, Guid userId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<AppPasswordUserBlock>().AnyAsync(b => b.UserId == userId, Ct);
    }

    private static async Task<int> AuditCountAsync(PortalHost host, string eventType)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<AuditEvent>().CountAsync(e => e.EventType == eventType, Ct);
    }

    private static async Task<AuditEvent> SingleAuditAsync(PortalHost host, string eventType)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<AuditEvent>().SingleAsync(e => e.EventType == eventType, Ct);
    }
}
