using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AppPasswords.Browser.Tests.Support;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppPasswords.Browser.Tests.Journeys;

/// <summary>
/// The admin console in Chromium, in both languages: an administrator with registered MFA signs in, walks every page
/// of the admin navigation (current page marked, axe clean), finds a user's app password by search, revokes it with a
/// reason, sees it revoked, and the verify API refuses it from then on.
/// </summary>
public class AdminRevokeJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Password = "Blue-Kettle-Orbit-42";

    /// <summary>Every string the journey reads, in one language.</summary>
    public sealed record Texts(string Locale, string RevokeSelected, string ConfirmRevoke, string Revoked, string StatusRevoked);

    private static readonly Texts English = new("en-US", "Revoke selected", "Revoke", "The app passwords were revoked and the users notified.", "Revoked");

    private static readonly Texts Chinese = new("zh-CN", "吊销所选", "吊销", "应用密码已吊销，并已通知用户。", "已吊销");

    private static readonly string[] AdminPages = ["/Admin", "/Admin/AppPasswords", "/Admin/Users", "/Admin/ServiceKeys", "/Admin/Policy", "/Admin/Audit"];

    [Theory]
    [InlineData("en-US", "en")]
    [InlineData("zh-CN", "zh")]
    public async Task Admin_SearchesRevokesWithReason_SeesRevokedAndVerifyRejects(string locale, string suffix)
    {
        var t = locale == Chinese.Locale ? Chinese : English;
        var host = Fixture.Host;
        var adminName = "revoke-journey-admin-" + suffix; // SignInJourneyTests use journey-admin-* on the same host
        await host.CreateRegisteredUserAsync(adminName, Password, admin: true, displayName: "Admin " + suffix);
        var owner = await host.CreateUserAsync("revoke-journey-owner-" + suffix, Password, displayName: suffix == "zh" ? "李华" : "Olive Owner");
        var label = "Journey printer " + suffix;
        string secret, serviceKey;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var issued = await scope.ServiceProvider.GetRequiredService<IIssueAppPasswordCommand>().IssueAsync(
                new IssueAppPasswordRequest(owner.Id, label, null, AppPasswordProtocols.Imap), TestContext.Current.CancellationToken);
            secret = issued.Password ?? throw new InvalidOperationException("Issue failed: " + issued.Error);
            serviceKey = (await scope.ServiceProvider.GetRequiredService<ICreateServiceKeyCommand>().CreateAsync("journey " + suffix, null, TestContext.Current.CancellationToken)).Key;
        }

        Assert.Equal(HttpStatusCode.OK, await VerifyAsync(serviceKey, owner.UserPrincipalName, secret));
        var page = await OpenPageAsync(locale);
        // Console errors on the admin pages this journey is about. (Chromium reports a blocked inline style on
        // /Mfa/Verify at sign-in; that page belongs to the MFA journey, so it is not asserted here.)
        var adminErrors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && new Uri(page.Url).AbsolutePath.StartsWith("/Admin", StringComparison.Ordinal))
            {
                adminErrors.Add($"{page.Url}: {m.Text}");
            }
        };

        // Sign in with password and authenticator code; back on the dashboard first asked for.
        await page.GotoAsync("/Admin");
        await page.Locator("input[name='Input.UserName']").FillAsync(adminName);
        await page.Locator("input[name='Input.Password']").FillAsync(Password);
        await page.Locator("input[name='Input.Password']").PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/Mfa/Verify"), UntilDomReady);
        await page.Locator("input[name='Code']").FillAsync(MfaTestAccounts.CurrentCode(host, host.KeyFor(adminName)!, stepsAhead: 1));
        await page.Locator("input[name='Code']").PressAsync("Enter");
        await page.WaitForURLAsync(Url("/Admin"), UntilDomReady);

        // Every admin page is one click away in the admin navigation, which marks the current page.
        var nav = page.Locator("nav.admin-nav");
        foreach (var path in AdminPages)
        {
            await nav.Locator($"a[href='{path}']").ClickAsync();
            await page.WaitForURLAsync(Url(path), UntilDomReady);
            await Expect(nav.Locator("a[aria-current='page']")).ToHaveCountAsync(1);
            await Expect(nav.Locator($"a[href='{path}']")).ToHaveAttributeAsync("aria-current", "page");
            await AssertAccessibleAsync(page);
        }

        // Find the password by the owner's user principal name.
        await nav.Locator("a[href='/Admin/AppPasswords']").ClickAsync();
        await page.Locator("#f-search").FillAsync(owner.UserPrincipalName);
        await page.Locator("#f-search").PressAsync("Enter");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = label });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(page.Locator("main")).Not.ToContainTextAsync(secret);
        await AssertAccessibleAsync(page);

        // Select it, confirm with a reason.
        await row.Locator("input[name='Revoke.Selected']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = t.RevokeSelected, Exact = true }).ClickAsync();
        await Expect(page.Locator("#revoke-reason")).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync(label);
        await AssertAccessibleAsync(page);
        await page.Locator("#revoke-reason").FillAsync("Printer replaced (" + suffix + ")");
        await page.GetByRole(AriaRole.Button, new() { Name = t.ConfirmRevoke, Exact = true }).ClickAsync();

        // Told it is done, and the row now says revoked.
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(t.Revoked);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = label })).ToContainTextAsync(t.StatusRevoked);
        await AssertAccessibleAsync(page);
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyAsync(serviceKey, owner.UserPrincipalName, secret));

        // The owner's detail page, reached from the row, shows the revocation too.
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = label }).Locator($"a[href='/Admin/Users/Details/{owner.Id}']").ClickAsync();
        await page.WaitForURLAsync(Url($"/Admin/Users/Details/{owner.Id}"), UntilDomReady);
        await Expect(page.Locator("[data-field='app-passwords']")).ToContainTextAsync(t.StatusRevoked);
        await Expect(nav.Locator("a[href='/Admin/Users']")).ToHaveAttributeAsync("aria-current", "page");
        await AssertAccessibleAsync(page);
        Assert.True(adminErrors.Count == 0, string.Join('\n', adminErrors));
    }

    private async Task<HttpStatusCode> VerifyAsync(string serviceKey, string user, string password)
    {
        using var api = Fixture.Host.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/app-passwords/verify", UriKind.Relative))
        {
            Content = JsonContent.Create(new { user, password, protocol = "imap" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        using var response = await api.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private string Url(string path) => new Uri(Fixture.BaseUrl, path).ToString();
}
