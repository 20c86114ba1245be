namespace AppPasswords.Infrastructure.Messaging;

/// <summary>A message the development outbox kept instead of sending (no SMS provider or SMTP host configured).</summary>
public class OutboxMessage
{
    public long Id { get; set; }

    /// <summary><c>sms</c> or <c>email</c>.</summary>
    public string Channel { get; set; } = "";

    public string Recipient { get; set; } = "";

    public string? Subject { get; set; }

    public string Body { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
