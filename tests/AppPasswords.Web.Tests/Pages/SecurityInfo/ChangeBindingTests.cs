using System.Net;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Web.Tests.Pages.Mfa;
using Microsoft.EntityFrameworkCore;
using static AppPasswords.Web.Tests.Pages.SecurityInfo.ChangeContactTests;

namespace AppPasswords.Web.Tests.Pages.SecurityInfo;

/// <summary>
/// A pending change is bound to the contact (or SMS sign-in method) it was started for, and the SMS sign-in method's
/// phone is changed in place through the same page: verified by code first, notified, audited, step-up and
/// antiforgery required, another user's method a 404.
/// </summary>
public class ChangeBindingTests
{
    private const string OldPhone = "+12015550123";
    private const string NewPhone = "+12015550188";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChangeEmail_CodeStartedForAnotherEmailContact_RefusedWithMessageAndNothingChanges()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        var home = await ContactIdAsync(host, ann);
        await ann.PostAsync("/Mfa/Setup/Contact", "SendEmail", ("Email", "ann.work@example.org"));
        await ann.PostAsync("/Mfa/Setup/Contact", "Verify", ("Code", await host.LastCodeSentToAsync("ann.work@example.org")));
        var work = await host.QueryAsync(db => db.Set<ContactMethod>().Where(c => c.UserId == ann.UserId && c.Value == "ann.work@example.org").Select(c => c.Id).SingleAsync(Ct));

        await ann.PostAsync($"/SecurityInfo/ChangeContact/{home}", "Send", ("Email", "ann.new@example.org"));
        var code = await host.LastCodeSentToAsync("ann.new@example.org");
        var (_, workPage) = await ann.GetAsync($"/SecurityInfo/ChangeContact/{work}");
        var (_, refused) = await ann.FollowRefusalAsync(ann.PostAsync($"/SecurityInfo/ChangeContact/{work}", "Verify", ("Code", code)));

        Assert.DoesNotContain("We sent a code", workPage, StringComparison.Ordinal);
        Assert.Contains("The code you were sent is for changing a different contact or sign-in phone", WebUtility.HtmlDecode(refused), StringComparison.Ordinal);
        Assert.Equal("ann.home@example.org", await ContactValueAsync(host, home));
        Assert.Equal("ann.work@example.org", await ContactValueAsync(host, work));
        Assert.False(await host.QueryAsync(db => db.Set<AuditEvent>().AnyAsync(e => e.EventType == AuditEventTypes.MfaContactChanged, Ct)));

        // Resend from the other contact's page does not move the pending change there either.
        var (resent, _) = await ann.PostAsync($"/SecurityInfo/ChangeContact/{work}", "Resend");
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Equal(code, await host.LastCodeSentToAsync("ann.new@example.org"));

        var (verified, _) = await ann.PostAsync($"/SecurityInfo/ChangeContact/{home}", "Verify", ("Code", code));
        Assert.Equal("/SecurityInfo", verified.Headers.Location?.OriginalString);
        Assert.Equal("ann.new@example.org", await ContactValueAsync(host, home));
        Assert.Equal("ann.work@example.org", await ContactValueAsync(host, work));
    }

    [Fact]
    public async Task ChangeSignInPhone_CorrectCode_ReplacesNumberInPlaceNotifiesAndAudits()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        var methodId = await AddSmsMethodAsync(host, ann);
        var page = $"/SecurityInfo/ChangeContact/{methodId}";

        var (_, list) = await ann.GetAsync("/SecurityInfo");
        Assert.Contains($"href=\"{page}\"", list, StringComparison.Ordinal);
        var (_, form) = await ann.GetAsync(page);
        Assert.Contains("Change your sign-in phone", form, StringComparison.Ordinal);

        await ann.PostAsync(page, "Send", ("Region", "US"), ("Number", "201-555-0188"));
        Assert.Equal(OldPhone, await PhoneAsync(host, methodId));
        var (verified, _) = await ann.PostAsync(page, "Verify", ("Code", await host.LastCodeSentToAsync(NewPhone)));

        Assert.Equal("/SecurityInfo", verified.Headers.Location?.OriginalString);
        var methods = await host.QueryAsync(db => db.Set<MfaMethod>().Where(m => m.UserId == ann.UserId && m.Type == MfaMethodType.Sms).ToListAsync(Ct));
        var method = Assert.Single(methods);
        Assert.Equal((methodId, NewPhone), (method.Id, method.PhoneNumber));
        Assert.Contains(await host.OutboxAsync(), m => m.Recipient == "ann.home@example.org" && m.Subject == "Your security info changed"
            && m.Body.Contains("The phone number of a sign-in method on your account was changed to: +1 ••• ••• 0188", StringComparison.Ordinal));
        var audit = await host.QueryAsync(db => db.Set<AuditEvent>().SingleAsync(e => e.EventType == AuditEventTypes.MfaContactChanged, Ct));
        Assert.Equal($"mfa-method:{methodId}", audit.Target);
        Assert.DoesNotContain("2015550188", host.Host.Logs.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("US", "", "Enter a valid phone number")]
    [InlineData("US", "555-0188", "Enter a valid phone number")]
    [InlineData("US", "<script>alert(1)</script>", "Enter a valid phone number")]
    [InlineData("US", "201-555-0188\r\nX-Injected: 1", "Enter a valid phone number")]
    [InlineData("ZZ", "201-555-0188", "Enter a valid phone number")]
    [InlineData("US", "(201) 555-0123", "This contact is already verified.")]
    public async Task ChangeSignInPhone_BadNumber_RefusedNothingSentNumberKept(string region, string number, string message)
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        var methodId = await AddSmsMethodAsync(host, ann);
        var before = (await host.OutboxAsync()).Count;

        var (_, body) = await ann.FollowRefusalAsync(ann.PostAsync($"/SecurityInfo/ChangeContact/{methodId}", "Send", ("Region", region), ("Number", number)));

        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", body, StringComparison.Ordinal);
        Assert.Equal(before, (await host.OutboxAsync()).Count);
        Assert.Equal(OldPhone, await PhoneAsync(host, methodId));
    }

    [Fact]
    public async Task ChangeSignInPhone_OversizedNumberOrAlternateContactNumber_Refused()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        var methodId = await AddSmsMethodAsync(host, ann);
        await ann.PostAsync("/Mfa/Setup/Contact", "SendPhone", ("Region", "US"), ("Number", "201-555-0177"));
        await ann.PostAsync("/Mfa/Setup/Contact", "Verify", ("Code", await host.LastCodeSentToAsync("+12015550177")));
        var page = $"/SecurityInfo/ChangeContact/{methodId}";

        var (_, oversized) = await ann.FollowRefusalAsync(ann.PostAsync(page, "Send", ("Region", new string('U', 5000)), ("Number", new string('9', 100_000))));
        var (_, contact) = await ann.FollowRefusalAsync(ann.PostAsync(page, "Send", ("Region", "US"), ("Number", "201-555-0177")));

        Assert.Contains("Enter a valid phone number", oversized, StringComparison.Ordinal);
        Assert.DoesNotContain("99999999999", oversized, StringComparison.Ordinal);
        Assert.Contains("This number is one of your alternate contacts.", contact, StringComparison.Ordinal);
        Assert.Equal(OldPhone, await PhoneAsync(host, methodId));
    }

    [Fact]
    public async Task ChangeSignInPhone_AnotherUsersMethod_NotFoundAndNothingSentOrChanged()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        using var eve = await RegisteredAsync(host, "eve");
        var annMethod = await AddSmsMethodAsync(host, ann);
        var page = $"/SecurityInfo/ChangeContact/{annMethod}";
        var before = (await host.OutboxAsync()).Count;

        var (get, _) = await eve.GetAsync(page);
        var (send, _) = await eve.PostWithTokenFromAsync("/SecurityInfo", page, "Send", ("Region", "US"), ("Number", "201-555-0166"));
        var (verify, _) = await eve.PostWithTokenFromAsync("/SecurityInfo", page, "Verify", ("Code", "123456"));
        var (resend, _) = await eve.PostWithTokenFromAsync("/SecurityInfo", page, "Resend");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, send.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, verify.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, resend.StatusCode);
        Assert.Equal(before, (await host.OutboxAsync()).Count);
        Assert.Equal(OldPhone, await PhoneAsync(host, annMethod));
    }

    [Fact]
    public async Task ChangeSignInPhone_WithoutAntiforgeryOrWithStaleSecondFactor_RefusedNothingSent()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:StepUpMinutes", "5"));
        using var ann = await RegisteredAsync(host, "ann");
        var page = $"/SecurityInfo/ChangeContact/{await AddSmsMethodAsync(host, ann)}";

        using var form = new FormUrlEncodedContent([new("Region", "US"), new("Number", "201-555-0188")]);
        using var forged = await ann.Http.PostAsync(new Uri(page + "?handler=Send", UriKind.Relative), form, Ct);
        host.Host.Clock!.Advance(TimeSpan.FromMinutes(6));
        // The page itself now redirects a stale session on GET too; the form token comes from the verification page.
        var (stale, _) = await ann.PostWithTokenFromAsync("/Mfa/Verify", page, "Send", ("Region", "US"), ("Number", "201-555-0188"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal("/Mfa/Verify?returnUrl=" + Uri.EscapeDataString(page), stale.Headers.Location?.OriginalString);
        Assert.DoesNotContain(await host.OutboxAsync(), m => m.Recipient == NewPhone);
    }

    /// <summary>Adds <see cref="OldPhone"/> as an SMS sign-in method through the pages; returns its id.</summary>
    private static async Task<Guid> AddSmsMethodAsync(MfaPagesHost host, UserClient user)
    {
        await user.PostAsync("/Mfa/Setup/Phone", "Send", ("Input.Region", "US"), ("Input.Number", "(201) 555-0123"));
        var (verified, _) = await user.PostAsync("/Mfa/Setup/Phone", "Verify", ("Code", await host.LastCodeSentToAsync(OldPhone)));
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        return await host.QueryAsync(db => db.Set<MfaMethod>().Where(m => m.UserId == user.UserId && m.PhoneNumber == OldPhone).Select(m => m.Id).SingleAsync(Ct));
    }

    private static Task<string?> PhoneAsync(MfaPagesHost host, Guid methodId) =>
        host.QueryAsync(db => db.Set<MfaMethod>().Where(m => m.Id == methodId).Select(m => m.PhoneNumber).SingleAsync(Ct));
}
