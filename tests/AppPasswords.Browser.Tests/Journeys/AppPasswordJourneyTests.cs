using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AppPasswords.Browser.Tests.Support;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppPasswords.Browser.Tests.Journeys;

/// <summary>
/// The app password journey in Chromium, in both languages, against a portal of its own (with mail servers
/// configured): sign in with MFA, create an app password, Copy it (read back from the real clipboard), verify the
/// copied text through the real verify API, copy a server setting, download the Apple profile once, reload the
/// show-once page (nothing secret), revoke with confirmation, and see the verify API refuse the password.
/// </summary>
public partial class AppPasswordJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Password = "Blue-Kettle-Orbit-42";

    /// <summary>Every string the journey reads, in one language.</summary>
    public sealed record Texts(
        string Locale,
        string UserName,
        string Password,
        string SignIn,
        string Code,
        string Verify,
        string CreateHeading,
        string Name,
        string Next,
        string CreatedHeading,
        string Copy,
        string Copied,
        string CopyFailed,
        string CopyFailedSetting,
        string CopyImapServer,
        string DownloadProfile,
        string ProfileDownloaded,
        string ListHeading,
        string RevokeNamed,
        string Revoke,
        string RevokedMessage,
        string StatusRevoked);

    private static readonly Texts English = new(
        "en-US", "User name", "Password", "Sign in", "Code", "Verify", "Create app password", "Name", "Next",
        "Your new app password", "Copy", "Copied",
        "Copying is not available here. The password is selected: copy it with your keyboard.",
        "Copying is not available here. The value is selected: copy it with your keyboard.", "Copy IMAP server", "Download profile for Apple Mail",
        "Profile downloaded. It can be downloaded only once.", "My app passwords", "Revoke {0}", "Revoke",
        "The app password was revoked.", "Revoked");

    private static readonly Texts Chinese = new(
        "zh-CN", "用户名", "密码", "登录", "验证码", "验证", "创建应用密码", "名称", "下一步",
        "你的新应用密码", "复制", "已复制",
        "此处无法自动复制。密码已选中，请使用键盘复制。", "此处无法自动复制。该值已选中，请使用键盘复制。", "复制 IMAP 服务器", "下载 Apple 邮件描述文件",
        "描述文件已下载。它只能下载一次。", "我的应用密码", "撤销 {0}", "撤销",
        "应用密码已撤销。", "已撤销");

    [Theory]
    [InlineData("en-US", "ap-journey-en", "Alice Journey", "Work laptop")]
    [InlineData("zh-CN", "ap-journey-zh", "王小明", "工作笔记本")]
    public async Task CreateCopyVerifyDownloadRevoke_CopiedPasswordWorksUntilRevoked(string locale, string userName, string displayName, string label)
    {
        var t = locale == Chinese.Locale ? Chinese : English;
        await using var host = NewHostWithMailServers();
        var baseUrl = host.Start();
        var user = await host.CreateRegisteredUserAsync(userName, Password, displayName: displayName);
        var serviceKey = await CreateServiceKeyAsync(host);
        using var api = host.CreateRawClient();
        var page = await OpenPageAsync(locale, baseUrl: baseUrl);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = baseUrl.GetLeftPart(UriPartial.Authority) });
        var main = page.GetByRole(AriaRole.Main);
        var errorPlaces = TrackConsoleErrors(page);
        await SignInAndCreateAsync(host, page, t, userName, label);
        var shown = await page.Locator("#app-password").InputValueAsync();
        Assert.Matches("^[a-z]{4}( [a-z]{4})+$", shown);
        await AssertAccessibleAsync(page);

        // Copy: the real clipboard holds the password, and "Copied" is shown in the live region.
        await main.GetByRole(AriaRole.Button, new() { Name = t.Copy, Exact = true }).ClickAsync();
        await Expect(page.Locator("#copy-status")).ToHaveTextAsync(t.Copied);
        await Expect(page.Locator("#copy-status")).ToHaveAttributeAsync("role", "status");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(shown, copied);
        await AssertAccessibleAsync(page);

        // The copied text, as pasted, works with the verify API.
        using (var ok = await VerifyAsync(api, serviceKey, user.UserPrincipalName, copied))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // Copy a mail server setting: the clipboard now holds the host; its own status says "Copied", the password's is cleared.
        await main.GetByRole(AriaRole.Button, new() { Name = t.CopyImapServer }).ClickAsync();
        await Expect(page.Locator("#setting-imap-host-status")).ToHaveTextAsync(t.Copied);
        await Expect(page.Locator("#copy-status")).ToHaveTextAsync("");
        Assert.Equal("imap.contoso.com", await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // The Apple profile: one download holding the mail payload and the password; a second one is refused.
        var profileForm = page.Locator("form.profile-download");
        var ticket = await profileForm.Locator("input[name=ticket]").InputValueAsync();
        var token = await profileForm.Locator("input[name=__RequestVerificationToken]").InputValueAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => main.GetByRole(AriaRole.Button, new() { Name = t.DownloadProfile }).ClickAsync());
        Assert.Equal("contoso.com-mail.mobileconfig", download.SuggestedFilename);
        var profile = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Contains("<string>com.apple.mail.managed</string>", profile, StringComparison.Ordinal);
        Assert.Contains("<string>Configuration</string>", profile, StringComparison.Ordinal);
        Assert.Contains($"<string>{copied.Replace(" ", "", StringComparison.Ordinal)}</string>", profile, StringComparison.Ordinal);
        await Expect(main.GetByRole(AriaRole.Button, new() { Name = t.DownloadProfile })).ToBeDisabledAsync();
        await Expect(page.Locator("#profile-status")).ToHaveTextAsync(t.ProfileDownloaded);
        var form = page.APIRequest.CreateFormData();
        form.Set("ticket", ticket);
        form.Set("__RequestVerificationToken", token);
        var second = await page.APIRequest.PostAsync("/AppPasswords/Created?handler=Profile", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(404, second.Status);
        Assert.DoesNotContain(copied.Replace(" ", "", StringComparison.Ordinal), await second.TextAsync(), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);

        // Reload after display: sent to the list, nothing secret on the page.
        await page.ReloadAsync();
        await page.WaitForURLAsync(new Uri(baseUrl, "/AppPasswords").ToString(), UntilDomReady);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(t.ListHeading);
        var listHtml = await page.ContentAsync();
        Assert.DoesNotContain(copied, listHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(copied.Replace(" ", "", StringComparison.Ordinal), listHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(ticket, listHtml, StringComparison.Ordinal);
        await AssertAccessibleAsync(page);

        // Revoke it on My app passwords, through the confirmation page.
        await main.GetByRole(AriaRole.Link, new() { Name = string.Format(System.Globalization.CultureInfo.InvariantCulture, t.RevokeNamed, label) }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/AppPasswords/Revoke/"));
        await Expect(main).ToContainTextAsync(label);
        await AssertAccessibleAsync(page);
        await main.GetByRole(AriaRole.Button, new() { Name = t.Revoke, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Uri(baseUrl, "/AppPasswords").ToString(), UntilDomReady);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = t.RevokedMessage })).ToBeVisibleAsync();
        await Expect(main.GetByRole(AriaRole.Row).Filter(new() { HasText = label })).ToContainTextAsync(t.StatusRevoked);
        await AssertAccessibleAsync(page);

        // The same copied text is now refused.
        using (var refused = await VerifyAsync(api, serviceKey, user.UserPrincipalName, copied))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.True(ConsoleErrors.Count == 0, "Console errors:\n" + string.Join('\n', ConsoleErrors) + "\nat:\n" + string.Join('\n', errorPlaces));
    }

    [Theory]
    [InlineData("en-US", "ap-fallback-en")]
    [InlineData("zh-CN", "ap-fallback-zh")]
    public async Task Copy_ClipboardUnavailable_SelectsTheTextAndSaysSo(string locale, string userName)
    {
        var t = locale == Chinese.Locale ? Chinese : English;
        await using var host = NewHostWithMailServers();
        var baseUrl = host.Start();
        await host.CreateRegisteredUserAsync(userName, Password);
        var page = await OpenPageAsync(locale, baseUrl: baseUrl);
        // As in a browser or context without the Clipboard API.
        await page.Context.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });");
        var main = page.GetByRole(AriaRole.Main);
        await SignInAndCreateAsync(host, page, t, userName, "Fallback");
        var shown = await page.Locator("#app-password").InputValueAsync();

        await main.GetByRole(AriaRole.Button, new() { Name = t.Copy, Exact = true }).ClickAsync();

        await Expect(page.Locator("#copy-status")).ToHaveTextAsync(t.CopyFailed);
        await Expect(page.Locator("#app-password")).ToBeFocusedAsync();
        Assert.Equal(shown, await page.EvaluateAsync<string>("() => { const i = document.getElementById('app-password'); return i.value.substring(i.selectionStart, i.selectionEnd); }"));
        await AssertAccessibleAsync(page);

        await main.GetByRole(AriaRole.Button, new() { Name = t.CopyImapServer }).ClickAsync();

        await Expect(page.Locator("#setting-imap-host-status")).ToHaveTextAsync(t.CopyFailedSetting);
        await Expect(page.Locator("#copy-status")).ToHaveTextAsync("");
        Assert.Equal("imap.contoso.com", await page.EvaluateAsync<string>("() => window.getSelection().toString()"));
    }

    private static PortalHost NewHostWithMailServers() => new PortalHost()
        .With("MailServers:DisplayName", "Contoso Mail")
        .With("MailServers:Domain", "contoso.com")
        .With("MailServers:Imap:Host", "imap.contoso.com")
        .With("MailServers:Imap:Port", "993")
        .With("MailServers:Imap:Security", "SSL/TLS")
        .With("MailServers:Smtp:Host", "smtp.contoso.com")
        .With("MailServers:Smtp:Port", "587")
        .With("MailServers:Smtp:Security", "STARTTLS");

    /// <summary>Where each console error happened (the base class keeps only the text).</summary>
    private static List<string> TrackConsoleErrors(IPage page)
    {
        var places = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (places)
                {
                    places.Add($"{page.Url} ({message.Location})");
                }
            }
        };
        return places;
    }

    /// <summary>From a protected page through sign-in and /Mfa/Verify (code from the registered key) to the show-once page.</summary>
    private static async Task SignInAndCreateAsync(PortalHost host, IPage page, Texts t, string userName, string label)
    {
        var main = page.GetByRole(AriaRole.Main);
        var baseUrl = host.Start();

        // Sign in, then the second-factor check with the authenticator code, landing on the create form.
        await page.GotoAsync("/AppPasswords/Create");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/SignIn"));
        await AssertAccessibleAsync(page);
        await main.GetByLabel(t.UserName).FillAsync(userName);
        await main.GetByLabel(t.Password).FillAsync(Password);
        await main.GetByRole(AriaRole.Button, new() { Name = t.SignIn }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Verify"));
        await AssertAccessibleAsync(page);
        var key = host.KeyFor(userName) ?? throw new InvalidOperationException("no TOTP key registered");
        await main.GetByLabel(t.Code, new() { Exact = true }).FillAsync(MfaTestAccounts.CurrentCode(host, key, stepsAhead: 1));
        await main.GetByRole(AriaRole.Button, new() { Name = t.Verify }).ClickAsync();
        await page.WaitForURLAsync(new Uri(baseUrl, "/AppPasswords/Create").ToString(), UntilDomReady);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(t.CreateHeading);
        await AssertAccessibleAsync(page);

        // Create: post/redirect/get to the show-once page.
        await main.GetByLabel(t.Name, new() { Exact = true }).FillAsync(label);
        await main.GetByRole(AriaRole.Button, new() { Name = t.Next }).ClickAsync();
        await page.WaitForURLAsync(new Uri(baseUrl, "/AppPasswords/Created").ToString(), UntilDomReady);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(t.CreatedHeading);
    }

    private static async Task<string> CreateServiceKeyAsync(PortalHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<ICreateServiceKeyCommand>()
            .CreateAsync("browser journey", null, TestContext.Current.CancellationToken);
        return created.Key;
    }

    private static async Task<HttpResponseMessage> VerifyAsync(HttpClient api, string serviceKey, string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/app-passwords/verify")
        {
            Content = JsonContent.Create(new { user, password, protocol = "imap", remoteIp = "192.0.2.10" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        return await api.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
