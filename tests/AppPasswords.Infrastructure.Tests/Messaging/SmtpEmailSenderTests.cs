using AppPasswords.Core.Contacts;
using AppPasswords.Core.Notifications;
using AppPasswords.Infrastructure.Tests.Mfa;
using AppPasswords.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Infrastructure.Tests.Messaging;

public class SmtpEmailSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_VerificationCode_DeliveredOverSmtpAndReadableByTheRecipient()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var bed = await MfaTestBed.CreateWithConfiguredEmailAsync(
            ("Smtp:Host", "127.0.0.1"),
            ("Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Smtp:TlsMode", "None"),
            ("Smtp:From", "AppPasswords <no-reply@contoso.com>"));

        await using (var scope = bed.Scope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<IEmailSender>();
            Assert.IsType<Infrastructure.Messaging.SmtpEmailSender>(sender);
            var composer = scope.ServiceProvider.GetRequiredService<ISecurityMessageComposer>();
            await sender.SendAsync(composer.CodeEmail("ann.home@example.org", "482913", TimeSpan.FromMinutes(10)), Ct);
        }

        var message = await smtp.WaitForMessageAsync("ann.home@example.org");
        Assert.Equal("no-reply@contoso.com", message.From.Mailboxes.Single().Address);
        Assert.Contains("482913", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContactVerification_WithSmtpConfigured_CodeArrivesOverSmtpAndVerifies()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var bed = await MfaTestBed.CreateWithConfiguredEmailAsync(
            ("Smtp:Host", "127.0.0.1"),
            ("Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Smtp:TlsMode", "None"));
        var user = await bed.AddUserAsync();

        await bed.WithAsync<IContactMethodService, BeginContactResult>(s => s.BeginAsync(user, ContactType.Email, "ann.home@example.org", Ct));
        var message = await smtp.WaitForMessageAsync("ann.home@example.org");
        var code = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", "\\b[0-9]{6}\\b").Value;
        var result = await bed.WithAsync<IContactMethodService, VerifyCodeResult>(s => s.ConfirmAsync(user, code, Ct));

        Assert.True(result.IsVerified);
    }
}
