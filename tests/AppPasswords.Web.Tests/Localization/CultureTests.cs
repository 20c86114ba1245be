using System.Net;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.Support;

namespace AppPasswords.Web.Tests.Localization;

public class CultureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, "en", "App passwords")]
    [InlineData("en-US,en;q=0.9", "en", "App passwords")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN", "如何获取应用密码")]
    [InlineData("zh", "zh-CN", "如何获取应用密码")]
    [InlineData("zh-Hans-CN", "zh-CN", "如何获取应用密码")]
    [InlineData("fr-FR,de;q=0.8", "en", "How to get an app password")]
    [InlineData("%%%garbage;;q=x", "en", "How to get an app password")]
    public async Task HomePage_AcceptLanguage_PicksSupportedCulture(string? acceptLanguage, string expectedLang, string expectedText)
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        using var response = await client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{expectedLang}\">", html, StringComparison.Ordinal);
        Assert.Contains(expectedText, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomePage_CultureCookie_WinsOverAcceptLanguage()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.Add("Accept-Language", "en-US");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");

        using var response = await client.SendAsync(request, Ct);

        Assert.Contains("<html lang=\"zh-CN\">", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SupportedCulture_SetsYearLongCookieAndRedirectsBack()
    {
        await using var host = new PortalHost();
        var clock = host.UseFakeClock();
        using var client = host.CreateRawClient();
        var form = await AntiforgeryForm.LoadAsync(client, "/Culture", cancellationToken: Ct);

        using var request = form.Post("/Culture", [new("Input.Culture", "zh-CN"), new("Input.ReturnUrl", "/Culture?x=1")]);
        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Culture?x=1", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.StartsWith(".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN;", cookie, StringComparison.Ordinal);
        Assert.Contains("expires=" + clock.GetUtcNow().AddYears(1).ToString("R", System.Globalization.CultureInfo.InvariantCulture), cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.Ordinal);

        var next = cookie.Split(';', 2)[0];
        using var followUp = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        followUp.Headers.Add("Cookie", next);
        followUp.Headers.Add("Accept-Language", "en");
        using var page = await client.SendAsync(followUp, Ct);
        Assert.Contains("<html lang=\"zh-CN\">", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("\\\\evil.example/")]
    [InlineData("http:evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("")]
    public async Task Post_NonLocalReturnUrl_RedirectsHomeInstead(string returnUrl)
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var form = await AntiforgeryForm.LoadAsync(client, "/Culture", cancellationToken: Ct);

        using var request = form.Post("/Culture", [new("Input.Culture", "en"), new("Input.ReturnUrl", returnUrl)]);
        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Post_OversizedReturnUrl_RedirectsHomeInstead()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var form = await AntiforgeryForm.LoadAsync(client, "/Culture", cancellationToken: Ct);

        using var request = form.Post("/Culture", [new("Input.Culture", "en"), new("Input.ReturnUrl", "/" + new string('a', 5000))]);
        using var response = await client.SendAsync(request, Ct);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fr")]
    [InlineData("zh-TW")]
    [InlineData("en<script>")]
    [InlineData("c=zh-CN|uic=zh-CN")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task Post_UnsupportedCulture_Returns400WithoutCookie(string culture)
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var form = await AntiforgeryForm.LoadAsync(client, "/Culture", cancellationToken: Ct);

        using var request = form.Post("/Culture", [new("Input.Culture", culture), new("Input.ReturnUrl", "/")]);
        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(
            response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Layout_SwitcherForm_PostsToCultureWithTokenAndCurrentPath()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();

        var html = await client.GetStringAsync(new Uri("/Culture?from=test", UriKind.Relative), Ct);

        Assert.Contains("action=\"/Culture\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.ReturnUrl\" value=\"/Culture?from=test\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"zh-CN\" lang=\"zh-CN\"", html, StringComparison.Ordinal);
        Assert.Contains(AntiforgeryForm.TokenField, html, StringComparison.Ordinal);
    }

    /// <summary>A page with the layout that the MFA interrupt leaves alone (the test users have no MFA registration).</summary>
    private const string SignedInLayoutPage = "/Culture";

    [Fact]
    public async Task Layout_SignedInUser_ShowsNameSignOutAndFeatureLinksButNoAdminLink()
    {
        await using var host = new PortalHost().WithTestSignIn().WithAdminPolicy();
        using var client = host.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(SignedInLayoutPage, UriKind.Relative));
        request.Headers.Add(TestSignIn.UserHeader, "0d2c1c8e-0000-4000-8000-000000000001");

        using var response = await client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Contains("Test User 0d2c1c8e", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/Account/SignOut\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/AppPasswords\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/SecurityInfo\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Admin\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Account/SignIn\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Layout_Admin_ShowsAdminLink()
    {
        await using var host = new PortalHost().WithTestSignIn().WithAdminPolicy();
        using var client = host.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(SignedInLayoutPage, UriKind.Relative));
        request.Headers.Add(TestSignIn.UserHeader, Guid.NewGuid().ToString());
        request.Headers.Add(TestSignIn.AdminHeader, "true");

        using var response = await client.SendAsync(request, Ct);

        Assert.Contains("href=\"/Admin\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Layout_Anonymous_ShowsSignInAndNoFeatureLinks()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative), Ct);

        Assert.Contains("href=\"/Account/SignIn\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/AppPasswords\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/Account/SignOut", html, StringComparison.Ordinal);
    }
}
