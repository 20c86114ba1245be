using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Web;

namespace AppPasswords.Web.Tests.Auth.Entra;

/// <summary>One provider for the whole class: Microsoft.Identity.Web caches issuer metadata per authority.</summary>
public sealed class TestOidcProviderFixture : IAsyncLifetime
{
    public TestOidcProvider Provider { get; } = new();

    public ValueTask InitializeAsync() => new(Provider.StartAsync());

    public ValueTask DisposeAsync() => Provider.DisposeAsync();
}

/// <summary>The real Microsoft.Identity.Web code path against <see cref="TestOidcProvider"/>.</summary>
public partial class EntraSignInTests(TestOidcProviderFixture fixture) : IClassFixture<TestOidcProviderFixture>
{
    private const string TenantA = "11111111-1111-1111-1111-111111111111";
    private const string ClientId = "portal-client-id";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private TestOidcProvider Provider => fixture.Provider;

    [Fact]
    public async Task SignIn_ThroughEntra_ReachesProtectedPageShowingNameAndStoresUser()
    {
        Provider.NextUser = new TestUser(TenantA, "aaaaaaaa-0000-0000-0000-000000000001", "Ada Lovelace", "ada@contoso.test", "ada.lovelace@contoso.test", []);
        await using var host = CreateHost();
        using var browser = new Browser(host, Provider);

        var page = await browser.GetFollowingAsync("/Account/Sessions");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Ada Lovelace", page.Body, StringComparison.Ordinal);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
        var user = await db.Set<User>().SingleAsync(Ct);
        Assert.Equal(($"entra:{TenantA}:aaaaaaaa-0000-0000-0000-000000000001", "ada@contoso.test", "ada.lovelace@contoso.test"), (user.ExternalKey, user.UserPrincipalName, user.Email));
        var session = await db.Set<UserSession>().SingleAsync(Ct);
        Assert.NotNull(session.LastSecondFactorAt);
        Assert.True(await db.Set<AuditEvent>().AnyAsync(e => e.EventType == AuditEventTypes.SignIn && e.Outcome == AuditOutcomes.Success && e.ActorUserId == user.Id, Ct));
    }

    [Fact]
    public async Task SignIn_WithAdminAppRole_GrantsAdminAndWithoutItIsDenied()
    {
        await using var host = CreateHost();
        Provider.NextUser = new TestUser(TenantA, "aaaaaaaa-0000-0000-0000-000000000002", "Grace Admin", "grace@contoso.test", "grace@contoso.test", ["AppPasswords.Admin"]);
        using var admin = new Browser(host, Provider);
        var adminPage = await admin.GetFollowingAsync("/Admin");
        Provider.NextUser = new TestUser(TenantA, "aaaaaaaa-0000-0000-0000-000000000003", "Bob User", "bob@contoso.test", "bob@contoso.test", ["Something.Else"]);
        using var user = new Browser(host, Provider);
        var userPage = await user.GetFollowingAsync("/Admin");

        Assert.Equal(HttpStatusCode.OK, adminPage.Status);
        Assert.Equal(HttpStatusCode.Forbidden, userPage.Status);
        Assert.EndsWith("/Account/AccessDenied", userPage.Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithChangedAdminRole_EndsTheUsersOtherSessionsAndIsAudited()
    {
        const string ObjectId = "aaaaaaaa-0000-0000-0000-000000000006";
        await using var host = CreateHost();
        Provider.NextUser = new TestUser(TenantA, ObjectId, "Grace Admin", "grace@contoso.test", "grace@contoso.test", ["AppPasswords.Admin"]);
        using var laptop = new Browser(host, Provider);
        var adminPage = await laptop.GetFollowingAsync("/Admin");
        var laptopCookie = laptop.AppCookieHeader();

        Provider.NextUser = Provider.NextUser with { Roles = [] };
        using var phone = new Browser(host, Provider);
        var phoneAdmin = await phone.GetFollowingAsync("/Admin");
        var phoneSessions = await phone.GetFollowingAsync("/Account/Sessions");
        using var replayed = await GetWithCookieAsync(host, laptopCookie, "/Account/Sessions");

        Assert.Equal(HttpStatusCode.OK, adminPage.Status);
        Assert.DoesNotContain("AccessDenied", adminPage.Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, phoneAdmin.Status);
        Assert.Equal(HttpStatusCode.OK, phoneSessions.Status);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith(Provider.BaseAddress.AbsoluteUri, replayed.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        await using var scope = host.Services.CreateAsyncScope();
        var audited = await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<AuditEvent>()
            .SingleAsync(e => e.EventType == AuditEventTypes.ExternalUserAdminChanged, Ct);
        Assert.Contains("\"admin\":false", audited.Details, StringComparison.Ordinal);
        Assert.Contains("\"sessions\":1", audited.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithUnchangedRoles_KeepsTheUsersOtherSessions()
    {
        await using var host = CreateHost();
        Provider.NextUser = new TestUser(TenantA, "aaaaaaaa-0000-0000-0000-000000000007", "Ada Lovelace", "ada@contoso.test", "ada@contoso.test", ["AppPasswords.Admin"]);
        using var laptop = new Browser(host, Provider);
        await laptop.GetFollowingAsync("/Account/Sessions");
        var laptopCookie = laptop.AppCookieHeader();

        using var phone = new Browser(host, Provider);
        await phone.GetFollowingAsync("/Account/Sessions");
        using var replayed = await GetWithCookieAsync(host, laptopCookie, "/Account/Sessions");

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
    }

    [Fact]
    public async Task SignIn_TokenWhoseTidDoesNotMatchIssuer_IsRejected()
    {
        Provider.NextUser = new TestUser("99999999-9999-9999-9999-999999999999", "aaaaaaaa-0000-0000-0000-000000000004", "Mallory", "mallory@evil.test", "mallory@evil.test", ["AppPasswords.Admin"], IssuerTenantId: TenantA);
        await using var host = CreateHost();
        using var browser = new Browser(host, Provider);

        var page = await browser.GetFollowingAsync("/Account/Sessions");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Sign-in failed", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Mallory", page.Body, StringComparison.Ordinal);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
        Assert.Equal(0, await db.Set<User>().CountAsync(Ct));
        Assert.True(await db.Set<AuditEvent>().AnyAsync(e => e.EventType == AuditEventTypes.SignIn && e.Outcome == AuditOutcomes.Failure, Ct));
    }

    [Fact]
    public async Task SignOut_EndsSessionHereAndAtTheProvider()
    {
        Provider.NextUser = new TestUser(TenantA, "aaaaaaaa-0000-0000-0000-000000000005", "Ada Lovelace", "ada@contoso.test", "ada@contoso.test", []);
        await using var host = CreateHost();
        using var browser = new Browser(host, Provider);
        await browser.GetFollowingAsync("/Account/Sessions");
        var endSessionsBefore = Provider.EndSessionRequests;
        var stolenCookie = browser.AppCookieHeader();

        var afterSignOut = await browser.PostFormFollowingAsync("/Account/Sessions", "/Account/SignOut");
        using var replay = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Start() };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/Account/Sessions", UriKind.Relative));
        request.Headers.Add("Cookie", stolenCookie);
        using var replayed = await replay.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, afterSignOut.Status);
        Assert.Equal(endSessionsBefore + 1, Provider.EndSessionRequests);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith(Provider.BaseAddress.AbsoluteUri, replayed.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(PortalHost host, string cookieHeader, string path)
    {
        using var replay = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Start() };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", cookieHeader);
        return await replay.SendAsync(request, Ct);
    }

    private PortalHost CreateHost()
    {
        var handler = Provider.CreateTrustingHandler;
        return new PortalHost()
            .With("AzureAd:Instance", Provider.Instance)
            .With("AzureAd:TenantId", TenantA)
            .With("AzureAd:ClientId", ClientId)
            .With("AzureAd:ClientSecret", "test-secret")
            .WithServices(services =>
            {
                services.AddHttpClient("test-oidc").ConfigurePrimaryHttpMessageHandler(handler);
                services.Configure<AadIssuerValidatorOptions>(o => o.HttpClientName = "test-oidc");
                services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
                {
                    o.BackchannelHttpHandler = handler();
                    // The portal itself runs on plain HTTP in tests; production is HTTPS, where these stay Secure.
                    o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                });
            });
    }

    /// <summary>A cookie-keeping client that follows redirects and submits form_post pages like a browser would.</summary>
    private sealed partial class Browser : IDisposable
    {
        private readonly CookieContainer cookies = new();
        private readonly HttpClient client;
        private readonly Uri appBase;

        public Browser(PortalHost host, TestOidcProvider provider)
        {
            appBase = host.Start();
            var handler = provider.CreateTrustingHandler();
            handler.AllowAutoRedirect = false;
            handler.CookieContainer = cookies;
            handler.UseCookies = true;
            client = new HttpClient(handler);
        }

        public string AppCookieHeader() => cookies.GetCookieHeader(appBase);

        public Task<Page> GetFollowingAsync(string path) => SendFollowingAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(appBase, path)));

        public async Task<Page> PostFormFollowingAsync(string pagePath, string postPath)
        {
            var page = await GetFollowingAsync(pagePath);
            var token = PortalHostAccounts.ExtractAntiforgeryToken(page.Body) ?? throw new InvalidOperationException("No antiforgery token.");
            return await SendFollowingAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(appBase, postPath))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
            });
        }

        public void Dispose() => client.Dispose();

        private async Task<Page> SendFollowingAsync(HttpRequestMessage request)
        {
            for (var hops = 0; hops < 20; hops++)
            {
                using var response = await client.SendAsync(request, Ct);
                var uri = request.RequestUri!;
                request.Dispose();
                var body = await response.Content.ReadAsStringAsync(Ct);
                if (response.Headers.Location is { } location)
                {
                    request = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, location));
                    continue;
                }

                var form = FormPost().Match(body);
                if (response.StatusCode == HttpStatusCode.OK && form.Success && body.Contains("name=\"code\"", StringComparison.Ordinal))
                {
                    var fields = HiddenInput().Matches(body).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
                    request = new HttpRequestMessage(HttpMethod.Post, new Uri(WebUtility.HtmlDecode(form.Groups[1].Value))) { Content = new FormUrlEncodedContent(fields) };
                    continue;
                }

                return new Page(response.StatusCode, uri, body);
            }

            throw new InvalidOperationException("Too many redirects.");
        }

        [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\">")]
        private static partial Regex FormPost();

        [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\" />")]
        private static partial Regex HiddenInput();
    }

    private sealed record Page(HttpStatusCode Status, Uri Uri, string Body);
}
