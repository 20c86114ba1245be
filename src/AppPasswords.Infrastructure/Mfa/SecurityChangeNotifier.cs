using System.Text.Json;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Notifications;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AppPasswords.Infrastructure.Mfa;

/// <summary>Audits a security-info change and emails every verified address of the user about it.</summary>
public sealed partial class SecurityChangeNotifier(
    AppPasswordsDbContext db,
    IEmailSender email,
    ISecurityMessageComposer composer,
    IAuditLog audit,
    ILogger<SecurityChangeNotifier> logger) : ISecurityChangeNotifier
{
    public async Task NotifyAsync(Guid userId, SecurityChange change, string? alsoNotify = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await audit.RecordAsync(
            new AuditEvent
            {
                EventType = EventType(change),
                ActorUserId = userId,
                TargetUserId = userId,
                Target = (change.Item == SecurityItem.Email || (change.Kind is SecurityChangeKind.ContactAdded or SecurityChangeKind.ContactRemoved or SecurityChangeKind.ContactChanged) ? "contact:" : "mfa-method:") + change.ItemId,
                Details = JsonSerializer.Serialize(new { item = change.Item.ToString(), value = change.MaskedValue }),
            },
            cancellationToken);

        var recipients = await db.Set<ContactMethod>().AsNoTracking()
            .Where(c => c.UserId == userId && c.Type == ContactType.Email)
            .Select(c => c.Value)
            .ToListAsync(cancellationToken);
        if (alsoNotify is not null && !recipients.Contains(alsoNotify))
        {
            recipients.Add(alsoNotify);
        }

        foreach (var recipient in recipients)
        {
            try
            {
                await email.SendAsync(composer.SecurityChanged(recipient, change), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The change itself succeeded; a mail outage must not undo it or hide it from the user.
                LogNotificationFailed(logger, ex, userId, EmailAddresses.Mask(recipient));
            }
        }
    }

    private static string EventType(SecurityChange change) => change.Kind switch
    {
        SecurityChangeKind.MethodAdded => AuditEventTypes.MfaMethodAdded,
        SecurityChangeKind.MethodRemoved => AuditEventTypes.MfaMethodRemoved,
        SecurityChangeKind.DefaultMethodChanged => AuditEventTypes.MfaDefaultMethodChanged,
        SecurityChangeKind.ContactAdded => AuditEventTypes.MfaContactAdded,
        SecurityChangeKind.ContactChanged or SecurityChangeKind.MethodChanged => AuditEventTypes.MfaContactChanged,
        _ => AuditEventTypes.MfaContactRemoved,
    };

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Security notification for user {UserId} to {MaskedAddress} failed")]
    private static partial void LogNotificationFailed(ILogger logger, Exception exception, Guid userId, string maskedAddress);
}
