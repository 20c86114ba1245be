using System.Text.RegularExpressions;
using AppPasswords.Browser.Tests.Support;
using AppPasswords.Testing;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace AppPasswords.Browser.Tests.Journeys;

/// <summary>
/// MFA registration in Chromium, in both languages, on a desktop and on a phone-size screen: sign in, the
/// "More information required" interrupt, Set it up now, a sign-in method (authenticator app with the code computed
/// from the key shown under "Can't scan the image?", or a phone with the code from the development outbox), an
/// alternate contact verified by code (over real SMTP, or from the outbox), Next, done. Reload and the back button
/// are used mid-wizard; axe runs on every step. Each journey starts its own portal for its SMTP or environment.
/// </summary>
public partial class MfaSetupJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Password = "Blue-Kettle-Orbit-42";

    /// <summary>Every string the journeys read, in one language.</summary>
    public sealed record Texts(
        string Locale,
        string UserName,
        string Password,
        string SignIn,
        string InterruptHeading,
        string SetItUpNow,
        string MethodHeading,
        string AuthenticatorApp,
        string Phone,
        string AuthenticatorHeading,
        string CantScan,
        string Code,
        string Verify,
        string TotpInvalid,
        string CodeFormat,
        string CodeInvalidPrefix,
        string CurrentStep1,
        string CurrentStep2,
        string CurrentStep3,
        string ContactHeading,
        string EmailAddress,
        string EmailMeACode,
        string CodeSubject,
        string ChangeSubject,
        string PhoneHeading,
        string Country,
        string PhoneNumber,
        string SendCode,
        string TextMeACode,
        string SameAsSignInPhone,
        string Next,
        string DoneHeading,
        string GoToAppPasswords,
        string AppPasswordsHeading);

    private static readonly Texts English = new(
        "en-US", "User name", "Password", "Sign in",
        "More information required", "Set it up now",
        "Choose a sign-in method", "Authenticator app", "Phone (text message)",
        "Set up your authenticator app", "Can't scan the image?", "Code", "Verify",
        "That code is not correct. Check that the time on your phone is right and enter the current code.",
        "Enter the 6-digit code.", "That code is not correct.",
        "Method", "Verify", "Alternate contact",
        "Verify an alternate contact", "Email address", "Email me a code", "Your verification code", "Your security info changed",
        "Set up your phone", "Country or region", "Phone number", "Send code", "Text me a code",
        "Choose a contact other than the phone you sign in with.",
        "Next", "You're all set", "Go to app passwords", "My app passwords");

    private static readonly Texts Chinese = new(
        "zh-CN", "用户名", "密码", "登录",
        "需要更多信息", "立即设置",
        "选择登录方式", "身份验证器应用", "电话（短信）",
        "设置身份验证器应用", "无法扫描图像？", "验证码", "验证",
        "验证码不正确。请确认手机时间准确，并输入当前显示的验证码。",
        "请输入 6 位数字验证码。", "验证码不正确。",
        "方式", "验证", "备用联系方式",
        "验证备用联系方式", "电子邮件地址", "通过电子邮件发送验证码", "您的验证码", "您的安全信息已更改",
        "设置电话", "国家或地区", "电话号码", "发送验证码", "通过短信发送验证码",
        "请选择与登录电话不同的联系方式。",
        "下一步", "设置完成", "前往应用密码", "我的应用密码");

    private static Texts For(string locale) => locale == Chinese.Locale ? Chinese : English;

    [Theory]
    [InlineData("en-US", 1280, 800)]
    [InlineData("zh-CN", 390, 844)]
    public async Task Registration_AuthenticatorAppAndEmailOverSmtp_CompletesAndReachesAppPasswords(string locale, int width, int height)
    {
        var t = For(locale);
        await using var smtp = new InProcessSmtpServer();
        await using var host = new PortalHost()
            .With("Smtp:Host", "127.0.0.1")
            .With("Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Smtp:TlsMode", "None");
        var userName = "mfa-app-" + locale.ToLowerInvariant();
        await host.CreateUserAsync(userName, Password, displayName: "MFA Journey");
        var page = await OpenPageAsync(locale, width, height, host.Start());

        // Sign in: the interrupt, in the browser's language.
        await SignInAsync(page, t, userName);
        await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Setup\\?returnUrl=%2F$"));
        await ExpectHeadingAsync(page, t.InterruptHeading);
        await AssertStepAsync(page, width);

        // Set it up now: step 1 of the wizard, method choice.
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = t.SetItUpNow }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Setup/Method$"));
        await ExpectHeadingAsync(page, t.MethodHeading);
        await ExpectCurrentStepAsync(page, t.CurrentStep1);
        await AssertStepAsync(page, width);

        // Authenticator app (step 2): QR code, and the key under "Can't scan the image?".
        await page.GetByRole(AriaRole.Link, new() { Name = t.AuthenticatorApp }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Setup/Authenticator$"));
        await ExpectHeadingAsync(page, t.AuthenticatorHeading);
        await ExpectCurrentStepAsync(page, t.CurrentStep2);
        await Expect(page.Locator("figure.qr-code svg")).ToBeVisibleAsync();
        var key = page.GetByTestId("totp-key");
        await Expect(key).Not.ToBeVisibleAsync();
        await page.GetByText(t.CantScan).ClickAsync();
        await Expect(key).ToBeVisibleAsync();
        var shownKey = (await key.InnerTextAsync()).Trim();
        Assert.Matches("^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$", shownKey);
        await AssertStepAsync(page, width);

        // Reload and back/forward keep the same key: the pending set-up lives on the server.
        await page.ReloadAsync();
        await page.GetByText(t.CantScan).ClickAsync();
        await Expect(key).ToHaveTextAsync(shownKey);
        await page.GoBackAsync();
        await ExpectHeadingAsync(page, t.MethodHeading);
        await page.GoForwardAsync();
        await ExpectHeadingAsync(page, t.AuthenticatorHeading);
        await page.GetByText(t.CantScan).ClickAsync();
        await Expect(key).ToHaveTextAsync(shownKey);

        // A wrong code is refused with a message tied to the field; the key stays on screen.
        var seed = Base32Encoding.ToBytes(shownKey.Replace(" ", "", StringComparison.Ordinal));
        var code = page.GetByLabel(t.Code, new() { Exact = true });
        await code.FillAsync(WrongCode(new Totp(seed).ComputeTotp()));
        await page.GetByRole(AriaRole.Button, new() { Name = t.Verify, Exact = true }).ClickAsync();
        await Expect(code).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(code).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape(t.TotpInvalid)));
        await Expect(page.Locator(".field-error")).ToHaveTextAsync(t.TotpInvalid);
        await page.GetByText(t.CantScan).ClickAsync();
        await Expect(key).ToHaveTextAsync(shownKey);
        await AssertStepAsync(page, width);

        // The correct code (computed from the shown key, as the app would) activates it: step 3.
        await code.FillAsync(new Totp(seed).ComputeTotp());
        await page.GetByRole(AriaRole.Button, new() { Name = t.Verify, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Setup/Contact$"));
        await ExpectHeadingAsync(page, t.ContactHeading);
        await ExpectCurrentStepAsync(page, t.CurrentStep3);
        await AssertStepAsync(page, width);

        // Back to the method step after activation goes forward to the contact step again.
        await page.GoBackAsync();
        await ExpectHeadingAsync(page, t.ContactHeading);

        // Alternate email: the code arrives over SMTP, in the user's language.
        var email = userName + "@home.example.org";
        await page.GetByLabel(t.EmailAddress).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = t.EmailMeACode }).ClickAsync();
        var codeMail = await smtp.WaitForMessageAsync(email);
        Assert.Equal(t.CodeSubject, codeMail.Subject);
        var emailCode = SixDigits().Match(codeMail.TextBody ?? "").Value;
        Assert.Equal(6, emailCode.Length);
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(userName[0] + "•••@home.example.org");
        await AssertStepAsync(page, width);

        // Reload keeps the waiting code; a wrong code says how many tries are left.
        await page.ReloadAsync();
        var contactCode = page.GetByLabel(t.Code, new() { Exact = true });
        await contactCode.FillAsync(WrongCode(emailCode));
        await page.GetByRole(AriaRole.Button, new() { Name = t.Verify, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(t.CodeInvalidPrefix);
        await AssertStepAsync(page, width);

        await contactCode.FillAsync(emailCode);
        await page.GetByRole(AriaRole.Button, new() { Name = t.Verify, Exact = true }).ClickAsync();
        var next = page.GetByRole(AriaRole.Link, new() { Name = t.Next, Exact = true });
        await Expect(next).ToBeVisibleAsync();
        await AssertStepAsync(page, width);
        var notice = await smtp.WaitForMessageAsync(email);
        Assert.Equal(t.ChangeSubject, notice.Subject);
        Assert.DoesNotContain(email, notice.TextBody ?? "", StringComparison.OrdinalIgnoreCase);

        // Next: done, then the app passwords page is reachable.
        await next.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Setup/Done$"));
        await ExpectHeadingAsync(page, t.DoneHeading);
        await AssertStepAsync(page, width);
        await page.GetByRole(AriaRole.Link, new() { Name = t.GoToAppPasswords }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/AppPasswords$"));
        await ExpectHeadingAsync(page, t.AppPasswordsHeading);
        await AssertStepAsync(page, width);

        // Back from there lands on the done page, and the interrupt no longer interrupts.
        await page.GoBackAsync();
        await ExpectHeadingAsync(page, t.DoneHeading);
        await page.GotoAsync("/");
        await Expect(page).Not.ToHaveURLAsync(new Regex("/Mfa/"));
        Assert.True(ConsoleErrors.Count == 0, "Browser console errors:\n" + string.Join('\n', ConsoleErrors));
    }

    [Theory]
    [InlineData("en-US", 390, 844, "US", "(201) 555-0123", "+12015550123")]
    [InlineData("zh-CN", 1280, 800, "CN", "138 0013 8000", "+8613800138000")]
    public async Task Registration_PhoneBySmsFromDevelopmentOutbox_CompletesAndReachesAppPasswords(
        string locale, int width, int height, string region, string number, string e164)
    {
        var t = For(locale);
        await using var host = new PortalHost("Development");
        var userName = "mfa-sms-" + locale.ToLowerInvariant();
        await host.CreateUserAsync(userName, Password, displayName: "SMS Journey");
        var baseUrl = host.Start();
        var page = await OpenPageAsync(locale, width, height, baseUrl);
        var outbox = await page.Context.NewPageAsync();

        await SignInAsync(page, t, userName);
        await ExpectHeadingAsync(page, t.InterruptHeading);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = t.SetItUpNow }).ClickAsync();
        await ExpectHeadingAsync(page, t.MethodHeading);
        await page.GetByRole(AriaRole.Link, new() { Name = t.Phone }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Setup/Phone$"));
        await ExpectHeadingAsync(page, t.PhoneHeading);
        await ExpectCurrentStepAsync(page, t.CurrentStep2);
        await AssertStepAsync(page, width);

        // A number that is not valid for the chosen country is refused before anything is sent.
        await page.GetByLabel(t.Country).SelectOptionAsync(region);
        await page.GetByLabel(t.PhoneNumber).FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = t.SendCode }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(page.GetByLabel(t.PhoneNumber)).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertStepAsync(page, width);

        // Country picker and national number: the code goes to the E.164 number, shown masked.
        await page.GetByLabel(t.Country).SelectOptionAsync(region);
        await page.GetByLabel(t.PhoneNumber).FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = t.SendCode }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("••• ••• " + e164[^4..]);
        await AssertStepAsync(page, width);
        var smsCode = await CodeFromOutboxAsync(outbox, e164);

        // Reload keeps the waiting code; letters are refused with the format message.
        await page.ReloadAsync();
        var code = page.GetByLabel(t.Code, new() { Exact = true });
        await code.FillAsync("12a4b6");
        await page.GetByRole(AriaRole.Button, new() { Name = t.Verify, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(t.CodeFormat);
        await AssertStepAsync(page, width);

        // Spaces in the right code are fine (people copy "123 456"); the phone becomes the sign-in method.
        await code.FillAsync(smsCode[..3] + " " + smsCode[3..]);
        await page.GetByRole(AriaRole.Button, new() { Name = t.Verify, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Setup/Contact$"));
        await ExpectCurrentStepAsync(page, t.CurrentStep3);
        await AssertStepAsync(page, width);

        // The sign-in phone cannot double as the alternate contact.
        await page.GetByLabel(t.Country).SelectOptionAsync(region);
        await page.GetByLabel(t.PhoneNumber).FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = t.TextMeACode }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(t.SameAsSignInPhone);
        await AssertStepAsync(page, width);

        // An alternate email, with its code from the outbox (no SMTP in this host).
        var email = userName + "@home.example.org";
        await page.GetByLabel(t.EmailAddress).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = t.EmailMeACode }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(userName[0] + "•••@home.example.org");
        var emailCode = await CodeFromOutboxAsync(outbox, email);
        await page.GetByLabel(t.Code, new() { Exact = true }).FillAsync(emailCode);
        await page.GetByRole(AriaRole.Button, new() { Name = t.Verify, Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = t.Next, Exact = true }).ClickAsync();
        await ExpectHeadingAsync(page, t.DoneHeading);
        await AssertStepAsync(page, width);
        await page.GetByRole(AriaRole.Link, new() { Name = t.GoToAppPasswords }).ClickAsync();
        await ExpectHeadingAsync(page, t.AppPasswordsHeading);
        await AssertStepAsync(page, width);
        Assert.True(ConsoleErrors.Count == 0, "Browser console errors:\n" + string.Join('\n', ConsoleErrors));
    }

    private static async Task SignInAsync(IPage page, Texts t, string userName)
    {
        await page.GotoAsync("/Account/SignIn");
        var main = page.GetByRole(AriaRole.Main);
        await main.GetByLabel(t.UserName).FillAsync(userName);
        await main.GetByLabel(t.Password).FillAsync(Password);
        await main.GetByRole(AriaRole.Button, new() { Name = t.SignIn }).ClickAsync();
    }

    /// <summary>Opens the development outbox in <paramref name="outbox"/> and reads the newest code sent to <paramref name="recipient"/>.</summary>
    private static async Task<string> CodeFromOutboxAsync(IPage outbox, string recipient)
    {
        await outbox.GotoAsync("/Development/Outbox");
        var body = outbox.Locator($"li[data-recipient=\"{recipient}\"] .outbox-body").First;
        await Expect(body).ToBeVisibleAsync();
        await AssertAccessibleAsync(outbox);
        var code = SixDigits().Match(await body.InnerTextAsync()).Value;
        Assert.Equal(6, code.Length);
        return code;
    }

    private static Task ExpectHeadingAsync(IPage page, string heading) =>
        Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);

    private static Task ExpectCurrentStepAsync(IPage page, string step) =>
        Expect(page.Locator("ol.wizard-steps [aria-current=step]")).ToHaveTextAsync(step);

    /// <summary>Axe on the page, and on a phone no sideways scrolling and the main content inside the screen.</summary>
    private static async Task AssertStepAsync(IPage page, int width)
    {
        await AssertAccessibleAsync(page);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{page.Url} scrolls sideways by {overflow}px at {width}px wide.");
        var box = await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"The heading of {page.Url} is outside the {width}px screen.");
    }

    private static string WrongCode(string right) => right == "000000" ? "111111" : "000000";

    [GeneratedRegex("(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex SixDigits();
}
