using System.Globalization;
using System.Text.RegularExpressions;
using AppPasswords.Browser.Tests.Support;
using AppPasswords.Core.Contacts;
using AppPasswords.Infrastructure.Messaging;
using AppPasswords.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppPasswords.Browser.Tests.Journeys;

/// <summary>
/// Security info in Chromium, in both languages, against a Development portal of its own: sign in with MFA, open
/// Security info from the navigation, see the authenticator app and the masked alternate email, change the email
/// (a wrong code is refused, the code from the outbox is accepted), see only the new masked address, and be refused
/// when removing the only sign-in method.
/// </summary>
public partial class SecurityInfoJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Password = "Blue-Kettle-Orbit-42";

    /// <summary>Every string the journey reads, in one language (from the pages' resx files).</summary>
    public sealed record Texts(
        string UserName,
        string Password,
        string SignIn,
        string Code,
        string Verify,
        string NavSecurityInfo,
        string SecurityInfoHeading,
        string AuthenticatorApp,
        string Default,
        string Change,
        string Remove,
        string ChangeHeading,
        string CurrentContact,
        string NewEmail,
        string SendCode,
        string CodeSentTo,
        string CodeInvalidPrefix,
        string ContactChanged,
        string LastMethod);

    private static readonly Texts English = new(
        "User name", "Password", "Sign in", "Code", "Verify", "Security info", "Security info", "Authenticator app",
        "default", "Change", "Remove", "Change a contact", "Current contact: {0}", "New email address", "Send code",
        "We sent a code to {0}.", "That code is not correct.", "Your contact was changed.",
        "You can't remove your only sign-in method. Add another method first, then remove this one.");

    private static readonly Texts Chinese = new(
        "用户名", "密码", "登录", "验证码", "验证", "安全信息", "安全信息", "身份验证器应用",
        "默认", "更改", "删除", "更改联系方式", "当前联系方式：{0}", "新的电子邮件地址", "发送验证码",
        "验证码已发送至 {0}。", "验证码不正确。", "联系方式已更改。",
        "不能删除唯一的登录方式。请先添加另一种方式，然后再删除此方式。");

    [Theory]
    [InlineData("en-US", "secinfo-en")]
    [InlineData("zh-CN", "secinfo-zh")]
    public async Task ChangeEmailContact_WrongThenRightCode_ShowsOnlyTheNewMaskedAddress(string locale, string userName)
    {
        var t = locale == "zh-CN" ? Chinese : English;
        await using var host = new PortalHost("Development");
        var baseUrl = host.Start();
        var user = await host.CreateRegisteredUserAsync(userName, Password);
        var oldMasked = EmailAddresses.Mask($"{user.Id:N}@example.test");
        var newEmail = userName + "-new@home.example.org";
        var newMasked = EmailAddresses.Mask(newEmail);
        var page = await OpenPageAsync(locale, baseUrl: baseUrl);
        var main = page.GetByRole(AriaRole.Main);

        // Sign in, then the second-factor check with the authenticator code.
        await page.GotoAsync("/Account/SignIn");
        await AssertAccessibleAsync(page);
        await main.GetByLabel(t.UserName).FillAsync(userName);
        await main.GetByLabel(t.Password).FillAsync(Password);
        await main.GetByRole(AriaRole.Button, new() { Name = t.SignIn }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/Mfa/Verify"), UntilDomReady);
        await AssertAccessibleAsync(page);
        await main.GetByLabel(t.Code, new() { Exact = true }).FillAsync(MfaTestAccounts.CurrentCode(host, host.KeyFor(userName)!, stepsAhead: 1));
        await main.GetByRole(AriaRole.Button, new() { Name = t.Verify }).ClickAsync();
        // The navigation is already shown on /Mfa/Verify: wait for the check to land before using it.
        await page.WaitForURLAsync(url => !url.Contains("/Mfa/", StringComparison.Ordinal), UntilDomReady);
        await AssertAccessibleAsync(page);

        // Security info from the navigation: the authenticator app (default) and the masked alternate email.
        var nav = page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = t.NavSecurityInfo, Exact = true });
        await nav.ClickAsync();
        await page.WaitForURLAsync(new Uri(baseUrl, "/SecurityInfo").ToString(), UntilDomReady);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(t.SecurityInfoHeading);
        await Expect(nav).ToHaveAttributeAsync("aria-current", "page");
        var tables = main.GetByRole(AriaRole.Table);
        var methodRows = tables.Nth(0).Locator("tbody tr");
        var contactRows = tables.Nth(1).Locator("tbody tr");
        await Expect(methodRows).ToHaveCountAsync(1);
        await Expect(methodRows).ToContainTextAsync(t.AuthenticatorApp);
        await Expect(methodRows).ToContainTextAsync(t.Default);
        await Expect(contactRows).ToHaveCountAsync(1);
        await Expect(contactRows).ToContainTextAsync(oldMasked);
        await Expect(main).Not.ToContainTextAsync($"{user.Id:N}@example.test");
        await AssertAccessibleAsync(page);

        // Change the email contact: the new address gets a code, the page shows it masked.
        await contactRows.GetByRole(AriaRole.Link, new() { Name = t.Change, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/SecurityInfo/ChangeContact/[0-9a-f-]{36}$"), UntilDomReady);
        var changeUrl = page.Url;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(t.ChangeHeading);
        await Expect(main).ToContainTextAsync(Format(t.CurrentContact, oldMasked));
        await AssertAccessibleAsync(page);
        await main.GetByLabel(t.NewEmail).FillAsync(newEmail);
        await main.GetByRole(AriaRole.Button, new() { Name = t.SendCode }).ClickAsync();
        await Expect(main).ToContainTextAsync(Format(t.CodeSentTo, newMasked));
        await AssertAccessibleAsync(page);
        var code = await CodeFromOutboxAsync(host, newEmail);

        // A wrong code is refused with a visible message; the old contact still stands.
        var codeBox = main.GetByLabel(t.Code, new() { Exact = true });
        await codeBox.FillAsync(code == "000000" ? "111111" : "000000");
        await main.GetByRole(AriaRole.Button, new() { Name = t.Verify, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(changeUrl, UntilDomReady);
        await Expect(main.GetByRole(AriaRole.Alert)).ToContainTextAsync(t.CodeInvalidPrefix);
        await Expect(main.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(main).ToContainTextAsync(Format(t.CurrentContact, oldMasked));
        await AssertAccessibleAsync(page);

        // The right code is accepted: back on Security info with the new masked address only.
        await codeBox.FillAsync(code);
        await main.GetByRole(AriaRole.Button, new() { Name = t.Verify, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Uri(baseUrl, "/SecurityInfo").ToString(), UntilDomReady);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = t.ContactChanged })).ToBeVisibleAsync();
        await Expect(contactRows).ToHaveCountAsync(1);
        await Expect(contactRows).ToContainTextAsync(newMasked);
        await Expect(main).Not.ToContainTextAsync(oldMasked);
        await Expect(main).Not.ToContainTextAsync(newEmail);
        await AssertAccessibleAsync(page);

        // Removing the only sign-in method is refused with the explanation (post/redirect/get); the method stays.
        await methodRows.GetByRole(AriaRole.Button, new() { Name = t.Remove, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/SecurityInfo$"), UntilDomReady);
        await Expect(main.GetByRole(AriaRole.Alert)).ToContainTextAsync(t.LastMethod);
        await Expect(methodRows).ToHaveCountAsync(1);
        await Expect(methodRows).ToContainTextAsync(t.AuthenticatorApp);
        await AssertAccessibleAsync(page);

        // Reload is a plain GET: no re-post prompt, and the one-time explanation is gone.
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Expect(main.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(methodRows).ToHaveCountAsync(1);

        Assert.True(ConsoleErrors.Count == 0, "Browser console errors:\n" + string.Join('\n', ConsoleErrors));
    }

    private static string Format(string format, string value) => string.Format(CultureInfo.InvariantCulture, format, value);

    /// <summary>The newest code the portal sent to <paramref name="recipient"/>, from the development outbox.</summary>
    private static async Task<string> CodeFromOutboxAsync(PortalHost host, string recipient)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var messages = await scope.ServiceProvider.GetRequiredService<DevelopmentOutbox>().ListAsync(50, TestContext.Current.CancellationToken);
        var message = messages.FirstOrDefault(m => m.Recipient == recipient) ?? throw new InvalidOperationException($"No message was sent to {recipient}.");
        var code = SixDigits().Match(message.Body).Value;
        Assert.Equal(6, code.Length);
        return code;
    }

    [GeneratedRegex("(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex SixDigits();
}
