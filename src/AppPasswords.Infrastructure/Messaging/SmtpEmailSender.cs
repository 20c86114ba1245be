using AppPasswords.Core.Notifications;
using AppPasswords.Core.Observability;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AppPasswords.Infrastructure.Messaging;

/// <summary>Sends email over SMTP with MailKit, one connection per message.</summary>
public sealed partial class SmtpEmailSender(IOptions<SmtpOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var smtp = options.Value;
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(smtp.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.TextBody };

        using var client = new SmtpClient();
        var host = smtp.Host ?? throw new InvalidOperationException("Smtp:Host is not configured.");
        try
        {
            await client.ConnectAsync(host, smtp.Port, ToSocketOptions(smtp.TlsMode), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            PortalMetrics.RecordMailFailure(PortalMetrics.Channels.Email);
            throw;
        }

        LogSent(logger, host);
    }

    internal static SecureSocketOptions ToSocketOptions(SmtpTlsMode mode) => mode switch
    {
        SmtpTlsMode.None => SecureSocketOptions.None,
        SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
        SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Email handed to SMTP server {SmtpHost}")]
    private static partial void LogSent(ILogger logger, string smtpHost);
}
