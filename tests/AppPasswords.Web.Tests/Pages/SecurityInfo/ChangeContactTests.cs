using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Web.Tests.Pages.Mfa;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Web.Tests.Pages.SecurityInfo;

/// <summary>
/// Changing an alternate contact from Security info: the new value is verified by code before it replaces the old
/// one, both addresses are told, an audit event is written, a recent second factor is required, and nobody can
/// change or verify another user's contact.
/// </summary>
public class ChangeContactTests
{
    private const string OldEmail = "ann.home@example.org";
    private const string NewEmail = "ann.new@example.org";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChangeEmail_CorrectCodeForNewAddress_ReplacesOldNotifiesBothAndAudits()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        var contactId = await ContactIdAsync(host, ann);
        var page = $"/SecurityInfo/ChangeContact/{contactId}";

        var (listed, list) = await ann.GetAsync("/SecurityInfo");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains($"href=\"{page}\"", list, StringComparison.Ordinal);

        var (sent, _) = await ann.PostAsync(page, "Send", ("Email", "Ann.New@Example.org"));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(page, sent.Headers.Location?.OriginalString);
        var (_, waiting) = await ann.GetAsync(page);
        Assert.Contains("We sent a code to a•••@example.org", WebUtility.HtmlDecode(waiting), StringComparison.Ordinal);
        Assert.Equal(OldEmail, await ContactValueAsync(host, contactId));

        var code = await host.LastCodeSentToAsync(NewEmail);
        var (verified, _) = await ann.PostAsync(page, "Verify", ("Code", code));

        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        Assert.Equal("/SecurityInfo", verified.Headers.Location?.OriginalString);
        Assert.Equal(NewEmail, await ContactValueAsync(host, contactId));
        var (_, after) = await ann.GetAsync("/SecurityInfo");
        Assert.Contains("Your contact was changed.", after, StringComparison.Ordinal);
        var notices = (await host.OutboxAsync()).Where(m => m.Subject == "Your security info changed" && m.Body.Contains("changed to", StringComparison.Ordinal)).ToList();
        Assert.Contains(notices, m => m.Recipient == OldEmail);
        Assert.Contains(notices, m => m.Recipient == NewEmail);
        Assert.All(notices, m => Assert.DoesNotContain(NewEmail, m.Body, StringComparison.Ordinal));
        var audit = await host.QueryAsync(db => db.Set<AuditEvent>().Where(e => e.EventType == AuditEventTypes.MfaContactChanged).ToListAsync(Ct));
        var changed = Assert.Single(audit);
        Assert.Equal(ann.UserId, changed.TargetUserId);
        Assert.Equal($"contact:{contactId}", changed.Target);
        Assert.DoesNotContain(NewEmail, changed.Details ?? "", StringComparison.Ordinal);

        // The used code cannot change it again.
        var (_, reused) = await ann.FollowRefusalAsync(ann.PostAsync(page, "Verify", ("Code", code)));
        Assert.Contains("There is no code waiting", reused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePhone_CorrectCode_ReplacesNumberAndKeepsRegistrationComplete()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        await ann.PostAsync("/Mfa/Setup/Contact", "SendPhone", ("Region", "US"), ("Number", "(201) 555-0123"));
        await ann.PostAsync("/Mfa/Setup/Contact", "Verify", ("Code", await host.LastCodeSentToAsync("+12015550123")));
        var phoneId = await host.QueryAsync(db => db.Set<ContactMethod>().Where(c => c.UserId == ann.UserId && c.Type == ContactType.Phone).Select(c => c.Id).SingleAsync(Ct));
        var page = $"/SecurityInfo/ChangeContact/{phoneId}";

        var (_, bad) = await ann.FollowRefusalAsync(ann.PostAsync(page, "Send", ("Region", "US"), ("Number", "555-0188")));
        Assert.Contains("Enter a valid phone number", bad, StringComparison.Ordinal);
        await ann.PostAsync(page, "Send", ("Region", "US"), ("Number", "201-555-0188"));
        var (verified, _) = await ann.PostAsync(page, "Verify", ("Code", await host.LastCodeSentToAsync("+12015550188")));

        Assert.Equal("/SecurityInfo", verified.Headers.Location?.OriginalString);
        Assert.Equal("+12015550188", await ContactValueAsync(host, phoneId));
        var (home, _) = await ann.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("ann@@example.org")]
    [InlineData("ann@example")]
    [InlineData("Ann <ann@example.org>")]
    [InlineData("ann@example.org\r\nBcc: eve@example.org")]
    [InlineData("<script>alert(1)</script>@example.org")]
    public async Task ChangeEmail_MalformedAddress_RefusedNothingSentValueKept(string email)
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        var contactId = await ContactIdAsync(host, ann);
        var before = (await host.OutboxAsync()).Count;

        var (response, body) = await ann.FollowRefusalAsync(ann.PostAsync($"/SecurityInfo/ChangeContact/{contactId}", "Send", ("Email", email)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a valid email address", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", body, StringComparison.Ordinal);
        Assert.Equal(before, (await host.OutboxAsync()).Count);
        Assert.Equal(OldEmail, await ContactValueAsync(host, contactId));
    }

    [Fact]
    public async Task ChangeEmail_OversizedOrSameAddress_Refused()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        var page = $"/SecurityInfo/ChangeContact/{await ContactIdAsync(host, ann)}";

        var (_, oversized) = await ann.FollowRefusalAsync(ann.PostAsync(page, "Send", ("Email", new string('a', 5000) + "@example.org")));
        var (_, same) = await ann.FollowRefusalAsync(ann.PostAsync(page, "Send", ("Email", OldEmail.ToUpperInvariant())));

        Assert.Contains("Enter a valid email address", oversized, StringComparison.Ordinal);
        Assert.Contains("This contact is already verified.", same, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12a456", "Enter the 6-digit code.")]
    [InlineData("1234567", "Enter the 6-digit code.")]
    [InlineData("12345", "Enter the 6-digit code.")]
    [InlineData("", "Enter the 6-digit code.")]
    [InlineData("１２３４５６", "Enter the 6-digit code.")]
    public async Task ChangeEmail_MalformedCode_RefusedAndContactUnchanged(string code, string message)
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        var contactId = await ContactIdAsync(host, ann);
        var page = $"/SecurityInfo/ChangeContact/{contactId}";
        await ann.PostAsync(page, "Send", ("Email", NewEmail));

        var (_, body) = await ann.FollowRefusalAsync(ann.PostAsync(page, "Verify", ("Code", code)));

        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.Equal(OldEmail, await ContactValueAsync(host, contactId));
    }

    [Fact]
    public async Task ChangeEmail_CodeWithSpacesAndForgedFields_ChangesToTheAddressTheCodeWasSentTo()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        var contactId = await ContactIdAsync(host, ann);
        var page = $"/SecurityInfo/ChangeContact/{contactId}";
        await ann.PostAsync(page, "Send", ("Email", NewEmail));
        var code = await host.LastCodeSentToAsync(NewEmail);

        var (verified, _) = await ann.PostAsync(page, "Verify", ("Code", code[..3] + " " + code[3..]), ("Email", "eve@example.org"), ("Target", "eve@example.org"), ("UserId", Guid.NewGuid().ToString()));

        Assert.Equal("/SecurityInfo", verified.Headers.Location?.OriginalString);
        Assert.Equal(NewEmail, await ContactValueAsync(host, contactId));
    }

    [Fact]
    public async Task ChangeEmail_ExpiredCode_RefusedAndContactUnchanged()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:StepUpMinutes", "60"));
        using var ann = await RegisteredAsync(host, "ann");
        var contactId = await ContactIdAsync(host, ann);
        var page = $"/SecurityInfo/ChangeContact/{contactId}";
        await ann.PostAsync(page, "Send", ("Email", NewEmail));
        var code = await host.LastCodeSentToAsync(NewEmail);

        host.Host.Clock!.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var (_, body) = await ann.FollowRefusalAsync(ann.PostAsync(page, "Verify", ("Code", code)));

        Assert.Contains("That code has expired", body, StringComparison.Ordinal);
        Assert.Equal(OldEmail, await ContactValueAsync(host, contactId));
    }

    [Fact]
    public async Task ChangeContact_AnotherUsersContactOrCode_NotFoundAndNothingChanges()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        using var eve = await RegisteredAsync(host, "eve");
        var annContact = await ContactIdAsync(host, ann);
        var eveContact = await ContactIdAsync(host, eve);
        var before = (await host.OutboxAsync()).Count;

        var (get, _) = await eve.GetAsync($"/SecurityInfo/ChangeContact/{annContact}");
        var (send, _) = await eve.PostWithTokenFromAsync("/SecurityInfo", $"/SecurityInfo/ChangeContact/{annContact}", "Send", ("Email", "eve.owns@example.org"));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, send.StatusCode);
        Assert.Equal(before, (await host.OutboxAsync()).Count);

        // Ann's pending change code, entered by Eve on Eve's own contact and on Ann's: neither changes anything.
        await ann.PostAsync($"/SecurityInfo/ChangeContact/{annContact}", "Send", ("Email", NewEmail));
        var code = await host.LastCodeSentToAsync(NewEmail);
        var (onAnns, _) = await eve.PostWithTokenFromAsync("/SecurityInfo", $"/SecurityInfo/ChangeContact/{annContact}", "Verify", ("Code", code));
        var (_, onEves) = await eve.FollowRefusalAsync(eve.PostWithTokenFromAsync("/SecurityInfo", $"/SecurityInfo/ChangeContact/{eveContact}", "Verify", ("Code", code)));

        Assert.Equal(HttpStatusCode.NotFound, onAnns.StatusCode);
        Assert.Contains("There is no code waiting", onEves, StringComparison.Ordinal);
        Assert.Equal(OldEmail, await ContactValueAsync(host, annContact));
        Assert.Equal("eve.home@example.org", await ContactValueAsync(host, eveContact));
        Assert.False(await host.QueryAsync(db => db.Set<AuditEvent>().AnyAsync(e => e.EventType == AuditEventTypes.MfaContactChanged, Ct)));
    }

    [Fact]
    public async Task ChangeContact_UnknownId_NotFound()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");

        var (response, _) = await ann.GetAsync($"/SecurityInfo/ChangeContact/{Guid.NewGuid()}");
        var (notGuid, _) = await ann.GetAsync("/SecurityInfo/ChangeContact/not-a-guid");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notGuid.StatusCode);
    }

    [Fact]
    public async Task ChangeContact_SecondFactorNotRecent_SentToVerifyAndNothingSent()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:StepUpMinutes", "5"));
        using var ann = await RegisteredAsync(host, "ann");
        var page = $"/SecurityInfo/ChangeContact/{await ContactIdAsync(host, ann)}";
        var before = (await host.OutboxAsync()).Count;

        host.Host.Clock!.Advance(TimeSpan.FromMinutes(6));
        // The page itself now redirects a stale session on GET too; the form token comes from the verification page.
        var (stale, _) = await ann.PostWithTokenFromAsync("/Mfa/Verify", page, "Send", ("Email", NewEmail));

        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal("/Mfa/Verify?returnUrl=" + Uri.EscapeDataString(page), stale.Headers.Location?.OriginalString);
        Assert.Equal(before, (await host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task ChangeContact_WithoutAntiforgeryToken_Refused()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await RegisteredAsync(host, "ann");
        var page = $"/SecurityInfo/ChangeContact/{await ContactIdAsync(host, ann)}";

        using var form = new FormUrlEncodedContent([new("Email", NewEmail)]);
        using var response = await ann.Http.PostAsync(new Uri(page + "?handler=Send", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await host.OutboxAsync(), m => m.Recipient == NewEmail);
    }

    /// <summary>Signs <paramref name="name"/> in and registers an authenticator and the email <c>name.home@example.org</c> through the pages.</summary>
    internal static async Task<UserClient> RegisteredAsync(MfaPagesHost host, string name)
    {
        var user = await host.SignInAsync(name);
        var (_, page) = await user.GetAsync("/Mfa/Setup/Authenticator");
        var seed = OtpNet.Base32Encoding.ToBytes(Regex.Match(page, "data-testid=\"totp-key\">([A-Z2-7 ]+)<").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));
        var (activated, _) = await user.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", TotpAuthenticator.ComputeCode(seed, host.Host.Clock!.GetUtcNow())));
        Assert.Equal(HttpStatusCode.Redirect, activated.StatusCode);
        var email = name + ".home@example.org";
        await user.PostAsync("/Mfa/Setup/Contact", "SendEmail", ("Email", email));
        var (verified, _) = await user.PostAsync("/Mfa/Setup/Contact", "Verify", ("Code", await host.LastCodeSentToAsync(email)));
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        return user;
    }

    internal static Task<Guid> ContactIdAsync(MfaPagesHost host, UserClient user) =>
        host.QueryAsync(db => db.Set<ContactMethod>().Where(c => c.UserId == user.UserId && c.Type == ContactType.Email).Select(c => c.Id).SingleAsync(Ct));

    internal static Task<string> ContactValueAsync(MfaPagesHost host, Guid contactId) =>
        host.QueryAsync(db => db.Set<ContactMethod>().Where(c => c.Id == contactId).Select(c => c.Value).SingleAsync(Ct));
}
