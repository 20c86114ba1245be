using AppPasswords.Browser.Tests.Support;
using AppPasswords.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppPasswords.Browser.Tests.Journeys;

/// <summary>
/// The built-in directory sign-in journey in Chromium, in both languages: protected page, sign-in form, wrong
/// password, sign-in, sessions, sign-out from the header and the access denied page. Each test signs in its own
/// user so the failure throttling of one test never slows another.
/// </summary>
public class SignInJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Password = "Blue-Kettle-Orbit-42";
    private const string ProtectedPath = "/Account/Sessions";

    /// <summary>Every string the journey reads, in one language.</summary>
    public sealed record Texts(
        string Locale,
        string SignInHeading,
        string UserName,
        string Password,
        string Submit,
        string InvalidCredentials,
        string SessionsHeading,
        string ThisSession,
        string SignOut,
        string HeaderSignIn,
        string AccessDenied,
        string UserNameRequired,
        string PasswordRequired);

    private static readonly Texts English = new(
        "en-US", "Sign in", "User name", "Password", "Sign in", "Your user name or password is incorrect.",
        "Where you're signed in", "this session", "Sign out", "Sign in", "Access denied",
        "Enter your user name.", "Enter your password.");

    private static readonly Texts Chinese = new(
        "zh-CN", "登录", "用户名", "密码", "登录", "用户名或密码不正确。",
        "你的登录位置", "当前会话", "注销", "登录", "拒绝访问",
        "请输入用户名。", "请输入密码。");

    private static Texts For(string locale) => locale == Chinese.Locale ? Chinese : English;

    [Theory]
    [InlineData("en-US", "journey-en", "Alice Journey")]
    [InlineData("zh-CN", "journey-zh", "王小明")]
    public async Task ProtectedPage_WrongThenRightPassword_SignsInShowsSessionAndSignsOut(string locale, string userName, string displayName)
    {
        var t = For(locale);
        await Fixture.Host.CreateUserAsync(userName, Password, displayName: displayName);
        var page = await OpenPageAsync(locale);

        // Anonymous visit to a protected page: the sign-in form, carrying the local return URL.
        await page.GotoAsync(ProtectedPath);
        await Expect(page).ToHaveURLAsync(SignInUrl(ProtectedPath));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(t.SignInHeading);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale == "zh-CN" ? "zh-CN" : "en");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);

        // Wrong password: the generic localized error; the user name stays, the password is cleared.
        var main = page.GetByRole(AriaRole.Main);
        await main.GetByLabel(t.UserName).FillAsync(userName);
        await main.GetByLabel(t.Password).FillAsync("Wrong-Kettle-Orbit-42");
        await main.GetByRole(AriaRole.Button, new() { Name = t.Submit }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(t.InvalidCredentials);
        await Expect(page).ToHaveURLAsync(SignInUrl(ProtectedPath));
        await Expect(main.GetByLabel(t.UserName)).ToHaveValueAsync(userName);
        await Expect(main.GetByLabel(t.Password)).ToHaveValueAsync("");
        await AssertAccessibleAsync(page);

        // Right password (submitted with Enter): back on the page first asked for, named in the header.
        await main.GetByLabel(t.Password).FillAsync(Password);
        await main.GetByLabel(t.Password).PressAsync("Enter");

        await page.WaitForURLAsync(Url(ProtectedPath), UntilDomReady);
        var banner = page.GetByRole(AriaRole.Banner);
        await Expect(banner).ToContainTextAsync(displayName);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(t.SessionsHeading);

        // The session table lists this browser's session, marked as the current one.
        var rows = page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row).Filter(new() { HasText = t.ThisSession });
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("HeadlessChrome");
        await Expect(rows).ToContainTextAsync("127.0.0.1");
        await AssertAccessibleAsync(page);

        // Sign out from the header: anonymous again, and the protected page asks for sign-in once more.
        await banner.GetByRole(AriaRole.Button, new() { Name = t.SignOut }).ClickAsync();

        await page.WaitForURLAsync(Url("/"), UntilDomReady);
        await Expect(banner.GetByRole(AriaRole.Link, new() { Name = t.HeaderSignIn })).ToBeVisibleAsync();
        await Expect(banner).Not.ToContainTextAsync(displayName);
        await page.GotoAsync(ProtectedPath);
        await Expect(page).ToHaveURLAsync(SignInUrl(ProtectedPath));
        Assert.Empty(ConsoleErrors);
    }

    [Theory]
    [InlineData("en-US", "journey-unknown-en")]
    [InlineData("zh-CN", "journey-unknown-zh")]
    public async Task SignIn_UnknownUser_SameGenericErrorAsWrongPassword(string locale, string userName)
    {
        var t = For(locale);
        var page = await OpenPageAsync(locale);
        await page.GotoAsync("/Account/SignIn");
        var main = page.GetByRole(AriaRole.Main);

        await main.GetByLabel(t.UserName).FillAsync(userName);
        await main.GetByLabel(t.Password).FillAsync(Password);
        await main.GetByRole(AriaRole.Button, new() { Name = t.Submit }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(t.InvalidCredentials);
        await Expect(main.GetByLabel(t.UserName)).ToHaveValueAsync(userName);
        await Expect(main.GetByLabel(t.Password)).ToHaveValueAsync("");
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public async Task SignIn_EmptyForm_LocalizedFieldErrorsTiedToTheirInputs(string locale)
    {
        var t = For(locale);
        var page = await OpenPageAsync(locale);
        await page.GotoAsync("/Account/SignIn");
        var main = page.GetByRole(AriaRole.Main);

        await main.GetByRole(AriaRole.Button, new() { Name = t.Submit }).ClickAsync();

        var userName = main.GetByLabel(t.UserName);
        var password = main.GetByLabel(t.Password);
        await Expect(userName).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(userName).ToHaveAccessibleDescriptionAsync(t.UserNameRequired);
        await Expect(password).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(password).ToHaveAccessibleDescriptionAsync(t.PasswordRequired);
        await AssertAccessibleAsync(page);
        Assert.Empty(ConsoleErrors);
    }

    [Theory]
    [InlineData("en-US", "journey-admin-en")]
    [InlineData("zh-CN", "journey-admin-zh")]
    public async Task AdminPage_NonAdmin_SeesOurAccessDeniedPage(string locale, string userName)
    {
        var t = For(locale);
        await Fixture.Host.CreateUserAsync(userName, Password, admin: false, displayName: "Non Admin");
        var page = await OpenPageAsync(locale);
        await SignInAsync(page, t, userName);

        var response = await page.GotoAsync("/Admin");

        Assert.Equal(403, response?.Status);
        await Expect(page).ToHaveURLAsync(Url("/Account/AccessDenied?returnUrl=" + Uri.EscapeDataString("/Admin")));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(t.AccessDenied);
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("Non Admin");
        await AssertAccessibleAsync(page);
        // Chromium reports the 403 document itself as a console error; nothing else (CSP, scripts) may fail.
        Assert.All(ConsoleErrors, e => Assert.Contains("403", e, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://attacker.example/steal", "journey-open-redirect-1")]
    [InlineData("//attacker.example/steal", "journey-open-redirect-2")]
    public async Task SignIn_ForeignReturnUrl_LandsOnTheHomePageInterrupt(string returnUrl, string userName)
    {
        await Fixture.Host.CreateUserAsync(userName, Password);
        var page = await OpenPageAsync();
        await page.GotoAsync("/Account/SignIn?returnUrl=" + Uri.EscapeDataString(returnUrl));

        await SignInOnCurrentPageAsync(page, English, userName);

        await page.WaitForURLAsync(Url(FreshUserLanding), UntilDomReady);
    }

    [Theory]
    [InlineData("en-US", "Too many failed sign-in attempts. Try again in 10 minute(s).")]
    [InlineData("zh-CN", "登录失败次数过多。请在 10 分钟后重试。")]
    public async Task StrangerFailuresFromAnotherBrowser_DoNotStopTheUserInHerOwnBrowser(string locale, string throttled)
    {
        // Its own portal: the stranger's failures come from 127.0.0.1 like every other journey's.
        // A first delay of 10 minutes, so a slow machine cannot outwait it between two posts.
        await using var host = new PortalHost().With("Authentication:Throttle:BaseDelay", "00:10:00");
        var baseUrl = host.Start();
        var t = For(locale);
        await host.CreateUserAsync("journey-trusted", Password, displayName: "Trusted Browser");

        // The real user signs in once in her browser, then signs out: the browser keeps its device cookie.
        var own = await OpenPageAsync(locale, baseUrl: baseUrl);
        await own.GotoAsync("/Account/SignIn");
        await SignInOnCurrentPageAsync(own, t, "journey-trusted");
        await own.WaitForURLAsync(new Uri(baseUrl, FreshUserLanding).ToString(), UntilDomReady);
        await own.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = t.SignOut }).ClickAsync();
        await own.WaitForURLAsync(new Uri(baseUrl, "/").ToString(), UntilDomReady);

        // A stranger guesses from another browser until the account is throttled there, right password or not.
        var stranger = await OpenPageAsync(locale, baseUrl: baseUrl);
        await stranger.GotoAsync("/Account/SignIn");
        var main = stranger.GetByRole(AriaRole.Main);
        for (var i = 0; i < 5; i++)
        {
            await main.GetByLabel(t.UserName).FillAsync("journey-trusted");
            await main.GetByLabel(t.Password).FillAsync("Wrong-Kettle-Orbit-" + i);
            await main.GetByRole(AriaRole.Button, new() { Name = t.Submit }).ClickAsync();
            await Expect(stranger.GetByRole(AriaRole.Alert)).ToHaveTextAsync(t.InvalidCredentials);
        }

        await main.GetByLabel(t.Password).FillAsync(Password);
        await main.GetByRole(AriaRole.Button, new() { Name = t.Submit }).ClickAsync();
        await Expect(stranger.GetByRole(AriaRole.Alert)).ToHaveTextAsync(throttled);
        await Expect(main.GetByLabel(t.UserName)).ToHaveValueAsync("journey-trusted");
        await Expect(main.GetByLabel(t.Password)).ToHaveValueAsync("");
        await AssertAccessibleAsync(stranger);

        // Her own browser still signs straight in.
        await own.GotoAsync("/Account/SignIn");
        await SignInOnCurrentPageAsync(own, t, "journey-trusted");
        await own.WaitForURLAsync(new Uri(baseUrl, FreshUserLanding).ToString(), UntilDomReady);
        await Expect(own.GetByRole(AriaRole.Banner)).ToContainTextAsync("Trusted Browser");
        Assert.Empty(ConsoleErrors);
    }

    private async Task SignInAsync(IPage page, Texts t, string userName)
    {
        await page.GotoAsync("/Account/SignIn");
        await SignInOnCurrentPageAsync(page, t, userName);
        await page.WaitForURLAsync(Url(FreshUserLanding), UntilDomReady);
    }

    /// <summary>A user without MFA registration who lands on the home page is interrupted by "Set it up now".</summary>
    private static readonly string FreshUserLanding = "/Mfa/Setup?returnUrl=" + Uri.EscapeDataString("/");

    private static async Task SignInOnCurrentPageAsync(IPage page, Texts t, string userName)
    {
        var main = page.GetByRole(AriaRole.Main);
        await main.GetByLabel(t.UserName).FillAsync(userName);
        await main.GetByLabel(t.Password).FillAsync(Password);
        await main.GetByRole(AriaRole.Button, new() { Name = t.Submit }).ClickAsync();
    }

    private string Url(string path) => new Uri(Fixture.BaseUrl, path).ToString();

    private string SignInUrl(string returnPath) => Url("/Account/SignIn?returnUrl=" + Uri.EscapeDataString(returnPath));
}
