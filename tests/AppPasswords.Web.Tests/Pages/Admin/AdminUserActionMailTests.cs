using System.Globalization;
using System.Net;
using AppPasswords.Testing;
using MimeKit;

namespace AppPasswords.Web.Tests.Pages.Admin;

/// <summary>
/// The user is told by email, over real SMTP, when an administrator acts on their account from
/// <c>/Admin/Users/Details/{id}</c>: in the administrator's language, with the reason, to the directory address and
/// the verified email contacts; nothing when the action changed nothing or was refused.
/// </summary>
public class AdminUserActionMailTests
{
    private const string Password = "correct horse battery staple";
    private const string Directory = "bob@contoso.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UserActions_WithReason_UserEmailedInTheAdminsLanguage_NoChangeOrRefusedSendsNothing()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var host = new PortalHost()
            .With("Smtp:Host", "127.0.0.1")
            .With("Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
            .With("Smtp:TlsMode", "None");
        var bob = await host.CreateUserAsync("bob", Password, email: Directory);
        await host.CompleteMfaRegistrationThroughSmtpAsync(smtp, bob);
        var bobContact = MfaTestAccounts.AlternateEmailOf(bob);
        var adminUser = await host.CreateUserAsync("admin", Password, admin: true);
        var adminKey = await host.CompleteMfaRegistrationThroughSmtpAsync(smtp, adminUser);
        using var bobClient = host.CreateCookieClient();
        using (await host.PostSignInAsync(bobClient, "bob", Password))
        {
        }

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        await host.PassSecondFactorAsync(admin, adminKey);

        using (var reset = await ExecuteAsync(admin, bob.Id, "require-mfa-reregistration", "  lost phone, ticket 4711  "))
        {
            Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        }

        var toContact = await NextWithSubjectAsync(smtp, bobContact, "An administrator removed your sign-in methods");
        var toDirectory = await smtp.WaitForMessageAsync(Directory);
        Assert.Equal("An administrator removed your sign-in methods", toDirectory.Subject);
        foreach (var mail in new[] { toContact, toDirectory })
        {
            Assert.Contains("you will be asked to set up a sign-in method again", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("Reason: lost phone, ticket 4711", mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Reason:   lost", mail.TextBody, StringComparison.Ordinal);
        }

        // Re-registration ended Bob's sessions; he signs in again so that "sign out everywhere" has one to end.
        using (await host.PostSignInAsync(bobClient, "bob", Password))
        {
        }

        using (var signOut = await ExecuteAsync(admin, bob.Id, "sign-out-everywhere", "suspicious sign-in"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        var signedOut = await smtp.WaitForMessageAsync(Directory);
        Assert.Equal("An administrator signed you out everywhere", signedOut.Subject);
        Assert.Contains("Reason: suspicious sign-in", signedOut.TextBody, StringComparison.Ordinal);

        await SwitchToChineseAsync(admin);
        using (var block = await ExecuteAsync(admin, bob.Id, "block-app-passwords", "离职 <script>alert(1)</script>"))
        {
            Assert.Equal(HttpStatusCode.Redirect, block.StatusCode);
        }

        var blocked = await smtp.WaitForMessageAsync(Directory);
        Assert.Equal("管理员已阻止您账户的应用密码", blocked.Subject);
        Assert.Contains("原因：离职 <script>alert(1)</script>", blocked.TextBody, StringComparison.Ordinal);
        Assert.Null(blocked.HtmlBody);

        // Blocking again changes nothing, an empty or oversized reason and an unknown user are refused: no mail.
        using (await ExecuteAsync(admin, bob.Id, "block-app-passwords", "again"))
        using (await ExecuteAsync(admin, bob.Id, "allow-app-passwords", ""))
        using (await ExecuteAsync(admin, bob.Id, "allow-app-passwords", new string('x', 501)))
        using (var unknown = await admin.PostFormAsync($"/Admin/Users/Details/{bob.Id}", $"/Admin/Users/Details/{Guid.NewGuid()}?handler=Execute", new Dictionary<string, string> { ["Input.Action"] = "allow-app-passwords", ["Input.Reason"] = "no such user" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (await ExecuteAsync(admin, bob.Id, "allow-app-passwords", "came back"))
        {
        }

        // Mail goes out in request order, so the next message to Bob is the one for "allow".
        var allowed = await smtp.WaitForMessageAsync(Directory);
        Assert.Equal("管理员已重新允许您账户的应用密码", allowed.Subject);
        Assert.Contains("原因：came back", allowed.TextBody, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> ExecuteAsync(HttpClient admin, Guid userId, string action, string reason)
    {
        var page = $"/Admin/Users/Details/{userId}";
        return await admin.PostFormAsync(page, page + "?handler=Execute", new Dictionary<string, string> { ["Input.Action"] = action, ["Input.Reason"] = reason });
    }

    private static async Task SwitchToChineseAsync(HttpClient client)
    {
        using var response = await client.PostFormAsync("/Culture", "/Culture", new Dictionary<string, string> { ["Input.Culture"] = "zh-CN", ["Input.ReturnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task<MimeMessage> NextWithSubjectAsync(InProcessSmtpServer smtp, string recipient, string subject)
    {
        var message = await smtp.WaitForMessageAsync(recipient);
        while (message.Subject != subject)
        {
            message = await smtp.WaitForMessageAsync(recipient);
        }

        return message;
    }
}
