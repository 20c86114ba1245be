using AppPasswords.Core.Notifications;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Messaging;

/// <summary>
/// Stores SMS and email in the database instead of sending them, for development without a provider.
/// Readable at <c>/Development/Outbox</c> in the Development environment only.
/// </summary>
public sealed class DevelopmentOutbox(AppPasswordsDbContext db, TimeProvider clock) : ISmsSender, IEmailSender
{
    public const string SmsChannel = "sms";
    public const string EmailChannel = "email";

    public Task SendAsync(string e164, string body, CancellationToken cancellationToken = default) =>
        AddAsync(new OutboxMessage { Channel = SmsChannel, Recipient = e164, Body = body }, cancellationToken);

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return AddAsync(new OutboxMessage { Channel = EmailChannel, Recipient = message.To, Subject = message.Subject, Body = message.TextBody }, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(int take, CancellationToken cancellationToken = default) =>
        await db.Set<OutboxMessage>().AsNoTracking().OrderByDescending(m => m.Id).Take(take).ToListAsync(cancellationToken);

    private async Task AddAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        message.CreatedAt = clock.GetUtcNow();
        db.Set<OutboxMessage>().Add(message);
        await db.SaveChangesAsync(cancellationToken);
    }
}
