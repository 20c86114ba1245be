using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Core.Mfa;
using AppPasswords.Testing;

namespace AppPasswords.Web.Tests.Pages.Mfa;

/// <summary>The second factor at sign-in, step-up for sensitive changes and the rate limit, over the real sign-in.</summary>
public class SecondFactorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_UserWithAuthenticator_MustEnterCodeThenLandsOnReturnUrl()
    {
        await using var host = await MfaPagesHost.StartAsync();
        var seed = await RegisterAuthenticatorAndEmailAsync(host, "ann");
        host.Host.Clock!.Advance(TimeSpan.FromMinutes(2));

        using var client = host.Host.CreateCookieClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var signIn = await host.Host.PostSignInAsync(client, "ann", MfaPagesHost.Password, "/SecurityInfo");
        var location = await FollowToAsync(client, signIn);
        Assert.StartsWith("/Mfa/Verify?returnUrl=", location, StringComparison.Ordinal);
        Assert.Equal("/SecurityInfo", Uri.UnescapeDataString(location[(location.IndexOf('=', StringComparison.Ordinal) + 1)..]));

        using var blocked = await client.GetAsync(new Uri("/SecurityInfo", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.StartsWith("/Mfa/Verify", blocked.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var code = TotpAuthenticator.ComputeCode(seed, host.Host.Clock.GetUtcNow());
        var wrong = code == "000000" ? "000001" : "000000";
        using var refused = await client.PostFormAsync(location, location + "&handler=Totp", new Dictionary<string, string> { ["code"] = wrong });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(location, refused.Headers.Location?.OriginalString);
        using var shown = await client.GetAsync(new Uri(location, UriKind.Relative), Ct);
        Assert.Contains("That code is not correct", await shown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var letters = await client.PostFormAsync(location, location + "&handler=Totp", new Dictionary<string, string> { ["code"] = "12ab56" });
        Assert.Equal(HttpStatusCode.Redirect, letters.StatusCode);

        using var accepted = await client.PostFormAsync(location, location + "&handler=Totp", new Dictionary<string, string> { ["code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/SecurityInfo", accepted.Headers.Location?.OriginalString);
        using var page = await client.GetAsync(new Uri("/SecurityInfo", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        using var replay = await client.PostFormAsync(location, location + "&handler=Totp", new Dictionary<string, string> { ["code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Equal(location, replay.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SecurityInfoChange_AfterStepUpWindow_SentToVerify()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:StepUpMinutes", "5"));
        var seed = await RegisterAuthenticatorAndEmailAsync(host, "ann");
        using var ann = await host.SignInExistingAsync(Guid.Empty, "ann");
        var location = (await ann.GetAsync("/SecurityInfo")).Response.Headers.Location!.OriginalString;
        host.Host.Clock!.Advance(TimeSpan.FromMinutes(1));
        var (verified, _) = await ann.PostAsync(location, "Totp", ("code", TotpAuthenticator.ComputeCode(seed, host.Host.Clock.GetUtcNow())));
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);

        var methodId = Regex.Match((await ann.GetAsync("/SecurityInfo")).Body, "name=\"id\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        Assert.NotEmpty(methodId);
        var (fresh, _) = await ann.PostAsync("/SecurityInfo", "SetDefault", ("id", methodId));
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        Assert.DoesNotContain("/Mfa/Verify", fresh.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        host.Host.Clock.Advance(TimeSpan.FromMinutes(6));
        // The page itself now redirects a stale session on GET too; the form token comes from the verification page.
        var (stale, _) = await ann.PostWithTokenFromAsync("/Mfa/Verify", "/SecurityInfo", "SetDefault", ("id", methodId));

        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal("/Mfa/Verify?returnUrl=%2FSecurityInfo", stale.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Verify_TooManyAttempts_ShowsTryAgainInSeconds()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:RateLimit:PermitsPerUser", "2"), ("Mfa:RateLimit:Window", "00:05:00"));
        using var ann = await host.SignInAsync("ann");

        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            (last, _) = await ann.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", "000000"));
        }

        Assert.Equal(HttpStatusCode.SeeOther, last!.StatusCode);
        var location = last.Headers.Location!.OriginalString;
        var seconds = int.Parse(Regex.Match(location, "retryAfter=([0-9]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 300);
        var (_, body) = await ann.GetAsync(location);
        Assert.Contains($"Try again in {seconds} seconds", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RateLimited_KeepsReturnUrl()
    {
        // Registration spends 3 of the user's 4 permits (authenticator, send email, verify email); one wrong code spends the last.
        await using var host = await MfaPagesHost.StartAsync(("Mfa:RateLimit:PermitsPerUser", "4"), ("Mfa:RateLimit:Window", "00:05:00"));
        await RegisterAuthenticatorAndEmailAsync(host, "ann");
        using var ann = await host.SignInExistingAsync(Guid.Empty, "ann");
        const string verify = "/Mfa/Verify?returnUrl=%2FSecurityInfo";

        await ann.PostAsync(verify, "Totp", ("code", "000000"));
        var (limited, _) = await ann.PostAsync(verify, "Totp", ("code", "000000"));

        Assert.Equal(HttpStatusCode.SeeOther, limited.StatusCode);
        Assert.Matches("^/Mfa/Verify\\?returnUrl=%2FSecurityInfo&retryAfter=[0-9]+$", limited.Headers.Location?.OriginalString);
    }

    private static async Task<byte[]> RegisterAuthenticatorAndEmailAsync(MfaPagesHost host, string name)
    {
        using var user = await host.SignInAsync(name);
        var (_, page) = await user.GetAsync("/Mfa/Setup/Authenticator");
        var seed = OtpNet.Base32Encoding.ToBytes(Regex.Match(page, "data-testid=\"totp-key\">([A-Z2-7 ]+)<").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));
        var (activated, _) = await user.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", TotpAuthenticator.ComputeCode(seed, host.Host.Clock!.GetUtcNow())));
        Assert.Equal(HttpStatusCode.Redirect, activated.StatusCode);
        await user.PostAsync("/Mfa/Setup/Contact", "SendEmail", ("Email", name + ".home@example.org"));
        var (verified, _) = await user.PostAsync("/Mfa/Setup/Contact", "Verify", ("Code", await host.LastCodeSentToAsync(name + ".home@example.org")));
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        return seed;
    }

    /// <summary>Follows same-site redirects (GET) until one points at the verification page, and returns that location.</summary>
    private static async Task<string> FollowToAsync(HttpClient client, HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? throw new InvalidOperationException("No redirect.");
        for (var i = 0; i < 5 && !location.StartsWith("/Mfa/Verify", StringComparison.Ordinal); i++)
        {
            using var next = await client.GetAsync(new Uri(location, UriKind.Relative), Ct);
            location = next.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"{location} answered {(int)next.StatusCode} without a redirect.");
        }

        return location;
    }
}
