using System.Net;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Web.Tests.Pages.Mfa;

/// <summary>
/// /Mfa/Verify and Security info answer every POST with a redirect (refusals too), so reload and back never re-post;
/// the refusal text travels in TempData, never the code; attempts and rate-limit permits are counted per POST only.
/// </summary>
public class VerifyPostRedirectGetTests
{
    private const string Phone = "+12015550123";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VerifySms_WrongCode_RedirectsBackToTheSmsCheckShowsErrorOnceAndCountsOneAttempt()
    {
        await using var host = await MfaPagesHost.StartAsync();
        var (userId, smsId) = await RegisterWithSmsAsync(host, "ann");
        using var ann = await host.SignInExistingAsync(userId, "ann");
        var verify = $"/Mfa/Verify?returnUrl=%2FSecurityInfo&method={smsId}";

        var (sent, _) = await ann.PostAsync(verify, "SendSms", ("methodId", smsId.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(verify, sent.Headers.Location?.OriginalString);
        var (_, sentPage) = await ann.GetAsync(verify);
        Assert.Contains("We sent you a code.", sentPage, StringComparison.Ordinal);

        var code = await host.LastCodeSentToAsync(Phone);
        var wrong = code == "987654" ? "987653" : "987654";
        var (refused, _) = await ann.PostAsync(verify, "Sms", ("code", wrong), ("method", smsId.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(verify, refused.Headers.Location?.OriginalString);
        var (_, shown) = await ann.GetAsync(verify);
        var (_, reloaded) = await ann.GetAsync(verify);

        Assert.Contains("That code is not correct. 4 attempts left.", shown, StringComparison.Ordinal);
        Assert.Contains("handler=Sms", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, shown, StringComparison.Ordinal);
        Assert.DoesNotContain("That code is not correct", reloaded, StringComparison.Ordinal);
        Assert.Equal(1, await FailedAttemptsAsync(host, userId));

        var (accepted, _) = await ann.PostAsync(verify, "Sms", ("code", code), ("method", smsId.ToString()));
        Assert.Equal("/SecurityInfo", accepted.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12ab56")]
    [InlineData("1234567")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("123456\r\nSet-Cookie: x=1")]
    public async Task VerifySms_MalformedOrHostileCode_RedirectsWithFormatErrorAndCountsNothing(string code)
    {
        await using var host = await MfaPagesHost.StartAsync();
        var (userId, smsId) = await RegisterWithSmsAsync(host, "ann");
        using var ann = await host.SignInExistingAsync(userId, "ann");
        var verify = $"/Mfa/Verify?method={smsId}";
        await ann.PostAsync(verify, "SendSms", ("methodId", smsId.ToString()));

        var (response, body) = await ann.FollowRefusalAsync(ann.PostAsync(verify, "Sms", ("code", code), ("method", smsId.ToString())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter the 6-digit code.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", body, StringComparison.Ordinal);
        Assert.Equal(0, await FailedAttemptsAsync(host, userId));
    }

    [Fact]
    public async Task VerifyTotp_OversizedCode_RedirectsWithFormatError()
    {
        await using var host = await MfaPagesHost.StartAsync();
        var (userId, _) = await RegisterWithSmsAsync(host, "ann");
        using var ann = await host.SignInExistingAsync(userId, "ann");

        var (_, body) = await ann.FollowRefusalAsync(ann.PostAsync("/Mfa/Verify", "Totp", ("code", new string('7', 100_000))));

        Assert.Contains("Enter the 6-digit code.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("7777777", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_FollowingTheRedirects_SpendsNoRateLimitPermits()
    {
        // Registration spends 5 of the user's 7 permits (authenticator, email send + verify, phone send + verify).
        await using var host = await MfaPagesHost.StartAsync(("Mfa:RateLimit:PermitsPerUser", "7"), ("Mfa:RateLimit:Window", "00:05:00"));
        var (userId, _) = await RegisterWithSmsAsync(host, "ann");
        using var ann = await host.SignInExistingAsync(userId, "ann");
        const string verify = "/Mfa/Verify?returnUrl=%2FSecurityInfo";

        var (first, _) = await ann.FollowRefusalAsync(ann.PostAsync(verify, "Totp", ("code", "000000")));
        await ann.GetAsync(verify);
        var (second, _) = await ann.PostAsync(verify, "Totp", ("code", "000000"));
        var (third, _) = await ann.PostAsync(verify, "Totp", ("code", "000000"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, third.StatusCode);
        Assert.Matches("^/Mfa/Verify\\?returnUrl=%2FSecurityInfo&retryAfter=[0-9]+$", third.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task VerifySendSms_AnotherUsersMethod_NotFoundAndNothingSent()
    {
        await using var host = await MfaPagesHost.StartAsync();
        var (annId, _) = await RegisterWithSmsAsync(host, "ann");
        var (_, eveSms) = await RegisterWithSmsAsync(host, "eve", "(201) 555-0166");
        using var ann = await host.SignInExistingAsync(annId, "ann");
        var before = (await host.OutboxAsync()).Count;

        var (response, _) = await ann.PostAsync("/Mfa/Verify", "SendSms", ("methodId", eveSms.ToString()));
        var (malformed, _) = await ann.PostAsync("/Mfa/Verify", "SendSms", ("methodId", "not-a-guid"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(before, (await host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task Verify_WithoutAntiforgeryToken_Refused()
    {
        await using var host = await MfaPagesHost.StartAsync();
        var (userId, smsId) = await RegisterWithSmsAsync(host, "ann");
        using var ann = await host.SignInExistingAsync(userId, "ann");
        var before = (await host.OutboxAsync()).Count;

        using var totp = new FormUrlEncodedContent([new("code", "000000")]);
        using var totpResponse = await ann.Http.PostAsync(new Uri("/Mfa/Verify?handler=Totp", UriKind.Relative), totp, Ct);
        using var send = new FormUrlEncodedContent([new("methodId", smsId.ToString())]);
        using var sendResponse = await ann.Http.PostAsync(new Uri("/Mfa/Verify?handler=SendSms", UriKind.Relative), send, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, totpResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, sendResponse.StatusCode);
        Assert.Equal(before, (await host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task SecurityInfo_AnotherUsersOrUnknownId_NotFoundAndNothingChanges()
    {
        await using var host = await MfaPagesHost.StartAsync();
        var (annId, annSms) = await RegisterWithSmsAsync(host, "ann");
        using var eve = await RegisteringClientAsync(host, "eve", "(201) 555-0166");
        var annContact = await host.QueryAsync(db => db.Set<ContactMethod>().Where(c => c.UserId == annId).Select(c => c.Id).SingleAsync(Ct));

        foreach (var (handler, id) in new[] { ("RemoveMethod", annSms.ToString()), ("SetDefault", annSms.ToString()), ("RemoveContact", annContact.ToString()), ("RemoveMethod", Guid.NewGuid().ToString()), ("RemoveMethod", "not-a-guid") })
        {
            var (response, _) = await eve.PostAsync("/SecurityInfo", handler, ("id", id));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal(2, await host.QueryAsync(db => db.Set<MfaMethod>().CountAsync(m => m.UserId == annId && m.ActivatedAt != null, Ct)));
        Assert.True(await host.QueryAsync(db => db.Set<ContactMethod>().AnyAsync(c => c.Id == annContact, Ct)));
    }

    /// <summary>Registers an authenticator (default), the email <c>name.home@example.org</c> and an SMS method; returns the user and SMS method ids.</summary>
    private static async Task<(Guid UserId, Guid SmsId)> RegisterWithSmsAsync(MfaPagesHost host, string name, string number = "(201) 555-0123")
    {
        using var user = await RegisteringClientAsync(host, name, number);
        var e164 = "+1" + new string([.. number.Where(char.IsAsciiDigit)]);
        var smsId = await host.QueryAsync(db => db.Set<MfaMethod>().Where(m => m.UserId == user.UserId && m.PhoneNumber == e164).Select(m => m.Id).SingleAsync(Ct));
        return (user.UserId, smsId);
    }

    /// <summary>Like <see cref="RegisterWithSmsAsync"/>, returning the client that registered (its second factor is recent).</summary>
    private static async Task<UserClient> RegisteringClientAsync(MfaPagesHost host, string name, string number)
    {
        var user = await host.SignInAsync(name);
        await host.ActivateAuthenticatorAsync(user);
        var email = name + ".home@example.org";
        await user.PostAsync("/Mfa/Setup/Contact", "SendEmail", ("Email", email));
        var (contact, _) = await user.PostAsync("/Mfa/Setup/Contact", "Verify", ("Code", await host.LastCodeSentToAsync(email)));
        Assert.Equal(HttpStatusCode.Redirect, contact.StatusCode);
        await user.PostAsync("/Mfa/Setup/Phone", "Send", ("Input.Region", "US"), ("Input.Number", number));
        var e164 = "+1" + new string([.. number.Where(char.IsAsciiDigit)]);
        var (phone, _) = await user.PostAsync("/Mfa/Setup/Phone", "Verify", ("Code", await host.LastCodeSentToAsync(e164)));
        Assert.Equal(HttpStatusCode.Redirect, phone.StatusCode);
        host.Host.Clock!.Advance(TimeSpan.FromSeconds(61));
        return user;
    }

    private static Task<int> FailedAttemptsAsync(MfaPagesHost host, Guid userId) =>
        host.QueryAsync(db => db.Set<PendingVerification>().Where(v => v.UserId == userId && v.Purpose == VerificationPurpose.SignIn).Select(v => v.FailedAttempts).SingleAsync(Ct));
}
