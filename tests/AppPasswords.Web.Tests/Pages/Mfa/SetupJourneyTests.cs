using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Web.Tests.Pages.Mfa;

public class SetupJourneyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnyPage_RegistrationIncomplete_RedirectsToInterrupt()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();

        var (response, _) = await ann.GetAsync("/");
        var (interrupt, body) = await ann.GetAsync("/Mfa/Setup");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Mfa/Setup?returnUrl=%2F", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, interrupt.StatusCode);
        Assert.Contains("More information required", body, StringComparison.Ordinal);
        Assert.Contains("Set it up now", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Skip for now", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interrupt_SkipAllowed_SkipLetsUserThroughForNow()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:AllowSkipDays", "7"));
        using var ann = await host.SignInAsync();

        var (_, body) = await ann.GetAsync("/Mfa/Setup");
        var (skip, _) = await ann.PostAsync("/Mfa/Setup?returnUrl=%2F", "Skip");
        var (home, _) = await ann.GetAsync("/");

        Assert.Contains("Skip for now (7 days left)", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, skip.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task Wizard_AuthenticatorThenEmail_CompletesRegistration()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();

        var (_, page) = await ann.GetAsync("/Mfa/Setup/Authenticator");
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        var key = Regex.Match(page, "data-testid=\"totp-key\">([A-Z2-7 ]+)<").Groups[1].Value;
        Assert.Equal(39, key.Length);
        var (_, reloaded) = await ann.GetAsync("/Mfa/Setup/Authenticator");
        Assert.Contains(key, reloaded, StringComparison.Ordinal);

        var code = TotpAuthenticator.ComputeCode(OtpNet.Base32Encoding.ToBytes(key.Replace(" ", "", StringComparison.Ordinal)), host.Host.Clock!.GetUtcNow());
        var wrong = code == "000000" ? "000001" : "000000";
        var (refused, refusedBody) = await ann.FollowRefusalAsync(ann.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", wrong)));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("That code is not correct", refusedBody, StringComparison.Ordinal);
        var (accepted, _) = await ann.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", code));
        Assert.Equal("/Mfa/Setup/Contact", accepted.Headers.Location?.OriginalString);

        var (badEmail, badEmailBody) = await ann.FollowRefusalAsync(ann.PostAsync("/Mfa/Setup/Contact", "SendEmail", ("Email", "ann@@example")));
        Assert.Equal(HttpStatusCode.OK, badEmail.StatusCode);
        Assert.Contains("Enter a valid email address", badEmailBody, StringComparison.Ordinal);

        await ann.PostAsync("/Mfa/Setup/Contact", "SendEmail", ("Email", "Ann.Home@Example.org"));
        var emailCode = await host.LastCodeSentToAsync("ann.home@example.org");
        var (_, letters) = await ann.FollowRefusalAsync(ann.PostAsync("/Mfa/Setup/Contact", "Verify", ("Code", "12a456")));
        Assert.Contains("Enter the 6-digit code", letters, StringComparison.Ordinal);
        var (verified, _) = await ann.PostAsync("/Mfa/Setup/Contact", "Verify", ("Code", emailCode));
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        var (_, reused) = await ann.FollowRefusalAsync(ann.PostAsync("/Mfa/Setup/Contact", "Verify", ("Code", emailCode)));
        Assert.Contains("There is no code waiting", reused, StringComparison.Ordinal);

        var (done, doneBody) = await ann.GetAsync("/Mfa/Setup/Done");
        var (home, _) = await ann.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("/AppPasswords", doneBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Theory]
    [InlineData("US", "555-0123")]
    [InlineData("US", "not a phone")]
    [InlineData("ZZ", "2015550123")]
    [InlineData("US", "+1 201 555 0123 9999999999999999999999999")]
    public async Task Phone_MalformedNumber_RefusedAndNothingSent(string region, string number)
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();

        var (response, body) = await ann.FollowRefusalAsync(ann.PostAsync("/Mfa/Setup/Phone", "Send", ("Input.Region", region), ("Input.Number", number)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a valid phone number", body, StringComparison.Ordinal);
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public async Task Phone_ForgedFieldsOnVerify_CannotChangeTheNumberBeingVerified()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();
        await ann.PostAsync("/Mfa/Setup/Phone", "Send", ("Input.Region", "US"), ("Input.Number", "(201) 555-0123"));
        var code = await host.LastCodeSentToAsync("+12015550123");

        var (verified, _) = await ann.PostAsync("/Mfa/Setup/Phone", "Verify", ("Code", code), ("Input.Number", "+12015559999"), ("Target", "+12015559999"));

        Assert.Equal("/Mfa/Setup/Contact", verified.Headers.Location?.OriginalString);
        var phone = await host.QueryAsync(db => db.Set<MfaMethod>().Where(m => m.UserId == ann.UserId).Select(m => m.PhoneNumber).SingleAsync(Ct));
        Assert.Equal("+12015550123", phone);
    }

    [Fact]
    public async Task Contact_AnotherUsersPendingCode_CannotBeUsed()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync("ann");
        using var eve = await host.SignInAsync("eve");
        await host.ActivateAuthenticatorAsync(eve);
        await ann.PostWithTokenFromAsync("/Mfa/Setup/Phone", "/Mfa/Setup/Contact", "SendEmail", ("Email", "ann.home@example.org"));
        var code = await host.LastCodeSentToAsync("ann.home@example.org");

        var (response, body) = await eve.FollowRefusalAsync(eve.PostAsync("/Mfa/Setup/Contact", "Verify", ("Code", code)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("There is no code waiting", body, StringComparison.Ordinal);
        Assert.False(await host.QueryAsync(db => db.Set<ContactMethod>().AnyAsync(Ct)));
    }

    [Fact]
    public async Task SecurityInfo_RemoveLastMethod_RefusedWithExplanation()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();
        var (_, page) = await ann.GetAsync("/Mfa/Setup/Authenticator");
        var key = Regex.Match(page, "data-testid=\"totp-key\">([A-Z2-7 ]+)<").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        await ann.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", TotpAuthenticator.ComputeCode(OtpNet.Base32Encoding.ToBytes(key), host.Host.Clock!.GetUtcNow())));
        await ann.PostAsync("/Mfa/Setup/Contact", "SendEmail", ("Email", "ann.home@example.org"));
        await ann.PostAsync("/Mfa/Setup/Contact", "Verify", ("Code", await host.LastCodeSentToAsync("ann.home@example.org")));
        var methodId = await host.QueryAsync(db => db.Set<MfaMethod>().Where(m => m.UserId == ann.UserId).Select(m => m.Id).SingleAsync(Ct));

        var (response, body) = await ann.FollowRefusalAsync(ann.PostAsync("/SecurityInfo", "RemoveMethod", ("id", methodId.ToString())));
        var (_, reloaded) = await ann.GetAsync("/SecurityInfo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/SecurityInfo", response.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Contains("You can&#x27;t remove your only sign-in method", body, StringComparison.Ordinal);
        Assert.DoesNotContain("You can&#x27;t remove your only sign-in method", reloaded, StringComparison.Ordinal);
        Assert.True(await host.QueryAsync(db => db.Set<MfaMethod>().AnyAsync(m => m.Id == methodId, Ct)));
    }
}
