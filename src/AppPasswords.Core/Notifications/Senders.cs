namespace AppPasswords.Core.Notifications;

public sealed record EmailMessage(string To, string Subject, string TextBody);

/// <summary>Delivers a text message to an E.164 number.</summary>
public interface ISmsSender
{
    Task SendAsync(string e164, string body, CancellationToken cancellationToken = default);
}

/// <summary>Delivers an email.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
