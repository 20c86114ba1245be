using System.Net;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Web.Tests.Pages.Mfa;

/// <summary>
/// Hostile and malformed input on the set-up steps: numbers, addresses and codes that must be refused without
/// sending anything or registering anything, expired, reused and burnt codes, forged fields, and another user's code.
/// </summary>
public class SetupBadInputTests
{
    private const string Phone = "/Mfa/Setup/Phone";
    private const string Contact = "/Mfa/Setup/Contact";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("US", "")]
    [InlineData("US", "abc-defg")]
    [InlineData("US", "+1 555")]
    [InlineData("US", "<script>alert(1)</script>")]
    [InlineData("US", "2015550123; DROP TABLE Users")]
    [InlineData("XX", "2015550123")]
    [InlineData("", "2015550123")]
    [InlineData("US", "201555012320155501232015550123201555")]
    public async Task ContactSendPhone_MalformedNumberOrRegion_RefusedAndNothingSent(string region, string number)
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();
        await host.ActivateAuthenticatorAsync(ann);

        var (response, body) = await ann.FollowRefusalAsync(ann.PostAsync(Contact, "SendPhone", ("Region", region), ("Number", number)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a valid phone number", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", body, StringComparison.Ordinal);
        Assert.Empty(await host.OutboxAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ann")]
    [InlineData("ann@example")]
    [InlineData("ann@@example.org")]
    [InlineData("ann@exa mple.org")]
    [InlineData("Ann <ann@example.org>")]
    [InlineData("ann@example.org\r\nBcc: eve@example.org")]
    [InlineData("ann@example.org,eve@example.org")]
    public async Task ContactSendEmail_MalformedAddress_RefusedAndNothingSent(string email)
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();
        await host.ActivateAuthenticatorAsync(ann);

        var (response, body) = await ann.FollowRefusalAsync(ann.PostAsync(Contact, "SendEmail", ("Email", email)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a valid email address", body, StringComparison.Ordinal);
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public async Task ContactSendEmail_Oversized_RefusedNotEchoedAndNothingSent()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();
        await host.ActivateAuthenticatorAsync(ann);
        var huge = new string('a', 20_000) + "@example.org";

        var (_, body) = await ann.FollowRefusalAsync(ann.PostAsync(Contact, "SendEmail", ("Email", huge)));

        Assert.Contains("Enter a valid email address", body, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('a', 300), body, StringComparison.Ordinal);
        Assert.Empty(await host.OutboxAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a456")]
    [InlineData("abcdef")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("１２３４５６")]
    [InlineData("123456123456123456")]
    public async Task PhoneVerify_MalformedCode_RefusedAndNotCountedAsAttempt(string code)
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();
        await ann.PostAsync(Phone, "Send", ("Input.Region", "US"), ("Input.Number", "(201) 555-0123"));

        var (_, body) = await ann.FollowRefusalAsync(ann.PostAsync(Phone, "Verify", ("Code", code)));

        Assert.Contains("Enter the 6-digit code.", body, StringComparison.Ordinal);
        Assert.False(await host.QueryAsync(db => db.Set<MfaMethod>().AnyAsync(Ct)));
        Assert.Equal(0, await host.QueryAsync(db => db.Set<PendingVerification>().Select(v => v.FailedAttempts).SingleAsync(Ct)));
    }

    [Fact]
    public async Task PhoneVerify_CodeWithSpacesOrHyphen_Accepted()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();
        await ann.PostAsync(Phone, "Send", ("Input.Region", "US"), ("Input.Number", "(201) 555-0123"));
        var code = await host.LastCodeSentToAsync("+12015550123");

        var (verified, _) = await ann.PostAsync(Phone, "Verify", ("Code", $" {code[..3]}-{code[3..]} "));

        Assert.Equal("/Mfa/Setup/Contact", verified.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PhoneVerify_ExpiredCode_RefusedAndNothingRegistered()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();
        await ann.PostAsync(Phone, "Send", ("Input.Region", "US"), ("Input.Number", "(201) 555-0123"));
        var code = await host.LastCodeSentToAsync("+12015550123");

        host.Host.Clock!.Advance(TimeSpan.FromMinutes(10));
        var (_, body) = await ann.FollowRefusalAsync(ann.PostAsync(Phone, "Verify", ("Code", code)));

        Assert.Contains("That code has expired", body, StringComparison.Ordinal);
        Assert.False(await host.QueryAsync(db => db.Set<MfaMethod>().AnyAsync(Ct)));
    }

    [Fact]
    public async Task PhoneVerify_ReusedCode_RefusedAndOneMethodOnly()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();
        await ann.PostAsync(Phone, "Send", ("Input.Region", "US"), ("Input.Number", "(201) 555-0123"));
        var code = await host.LastCodeSentToAsync("+12015550123");
        await ann.PostAsync(Phone, "Verify", ("Code", code));

        var (reused, _) = await ann.PostWithTokenFromAsync(Contact, Phone, "Verify", ("Code", code));

        Assert.Equal(HttpStatusCode.Redirect, reused.StatusCode);
        Assert.Equal(Phone, reused.Headers.Location?.OriginalString);
        Assert.Equal(1, await host.QueryAsync(db => db.Set<MfaMethod>().CountAsync(Ct)));
    }

    [Fact]
    public async Task PhoneVerify_TooManyWrongCodes_BurnsTheCode()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:MaxCodeAttempts", "3"));
        using var ann = await host.SignInAsync();
        await ann.PostAsync(Phone, "Send", ("Input.Region", "US"), ("Input.Number", "(201) 555-0123"));
        var code = await host.LastCodeSentToAsync("+12015550123");
        var wrong = code == "000000" ? "111111" : "000000";

        var (_, first) = await ann.FollowRefusalAsync(ann.PostAsync(Phone, "Verify", ("Code", wrong)));
        await ann.PostAsync(Phone, "Verify", ("Code", wrong));
        var (_, third) = await ann.FollowRefusalAsync(ann.PostAsync(Phone, "Verify", ("Code", wrong)));
        var (_, right) = await ann.FollowRefusalAsync(ann.PostAsync(Phone, "Verify", ("Code", code)));

        Assert.Contains("That code is not correct. 2 attempts left.", first, StringComparison.Ordinal);
        Assert.Contains("Too many wrong codes", third, StringComparison.Ordinal);
        Assert.Contains("There is no code waiting", right, StringComparison.Ordinal);
        Assert.False(await host.QueryAsync(db => db.Set<MfaMethod>().AnyAsync(Ct)));
    }

    [Fact]
    public async Task PhoneVerify_AnotherUsersPendingCode_CannotBeUsed()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync("ann");
        using var eve = await host.SignInAsync("eve");
        await ann.PostAsync(Phone, "Send", ("Input.Region", "US"), ("Input.Number", "(201) 555-0123"));
        var code = await host.LastCodeSentToAsync("+12015550123");

        var (_, body) = await eve.FollowRefusalAsync(eve.PostAsync(Phone, "Verify", ("Code", code)));
        var (_, evesPage) = await eve.GetAsync(Phone);

        Assert.Contains("There is no code waiting", body, StringComparison.Ordinal);
        Assert.DoesNotContain("••• 0123", evesPage, StringComparison.Ordinal);
        Assert.False(await host.QueryAsync(db => db.Set<MfaMethod>().AnyAsync(Ct)));
        var (annVerified, _) = await ann.PostAsync(Phone, "Verify", ("Code", code));
        Assert.Equal("/Mfa/Setup/Contact", annVerified.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ContactVerify_ForgedFields_VerifiesOnlyTheAddressTheCodeWasSentTo()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();
        await host.ActivateAuthenticatorAsync(ann);
        await ann.PostAsync(Contact, "SendEmail", ("Email", "ann.home@example.org"));
        var code = await host.LastCodeSentToAsync("ann.home@example.org");

        var (verified, _) = await ann.PostAsync(
            Contact, "Verify", ("Code", code), ("Email", "eve@example.org"), ("Target", "eve@example.org"), ("Channel", "Sms"), ("Number", "+12015559999"), ("UserId", Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        var contact = await host.QueryAsync(db => db.Set<ContactMethod>().SingleAsync(Ct));
        Assert.Equal(("ann.home@example.org", ContactType.Email, ann.UserId), (contact.Value, contact.Type, contact.UserId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a456")]
    [InlineData("1234567")]
    [InlineData("00000000000000000000000000000000000000000000")]
    public async Task AuthenticatorActivate_MalformedCode_RefusedWithFormatMessage(string code)
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();

        var (_, body) = await ann.FollowRefusalAsync(ann.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", code)));

        Assert.Contains("Enter the 6-digit code.", body, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", body, StringComparison.Ordinal);
        Assert.False(await host.QueryAsync(db => db.Set<MfaMethod>().AnyAsync(m => m.ActivatedAt != null, Ct)));
    }

    [Fact]
    public async Task MfaPages_NoInlineStyleAttributes_SoTheCspBlocksNothing()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync();
        async Task AssertNoInlineStyleAsync(string path)
        {
            var (response, body) = await ann.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}.");
            Assert.DoesNotMatch("<[^>]+\\sstyle=", body);
        }

        foreach (var path in new[] { "/Mfa/Setup", "/Mfa/Setup/Method", "/Mfa/Setup/Authenticator", Phone })
        {
            await AssertNoInlineStyleAsync(path);
        }

        await host.ActivateAuthenticatorAsync(ann);
        await AssertNoInlineStyleAsync(Contact);
        await AssertNoInlineStyleAsync("/Mfa/Verify");
        await ann.PostAsync(Contact, "SendEmail", ("Email", "ann.home@example.org"));
        await AssertNoInlineStyleAsync(Contact);
        await ann.PostAsync(Contact, "Verify", ("Code", await host.LastCodeSentToAsync("ann.home@example.org")));
        var contactId = await host.QueryAsync(db => db.Set<ContactMethod>().Select(c => c.Id).SingleAsync(Ct));
        await AssertNoInlineStyleAsync("/SecurityInfo");
        await AssertNoInlineStyleAsync($"/SecurityInfo/ChangeContact/{contactId}");
    }
}
