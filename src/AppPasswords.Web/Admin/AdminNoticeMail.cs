using AppPasswords.Core.Contacts;
using AppPasswords.Core.Notifications;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Web.Admin;

/// <summary>
/// Mails a notice about an administrator's action to the user's directory address and verified email contacts.
/// A mail outage is logged (masked address) and never undoes the action.
/// </summary>
internal sealed partial class AdminNoticeMail(AppPasswordsDbContext db, IEmailSender email, ILogger<AdminNoticeMail> logger)
{
    public async Task SendAsync(Guid userId, string subject, string body, CancellationToken cancellationToken)
    {
        var recipients = await db.Set<ContactMethod>().AsNoTracking()
            .Where(c => c.UserId == userId && c.Type == ContactType.Email)
            .Select(c => c.Value)
            .ToListAsync(cancellationToken);
        var directory = await db.Set<User>().AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(directory) && !recipients.Contains(directory, StringComparer.OrdinalIgnoreCase))
        {
            recipients.Add(directory);
        }

        foreach (var recipient in recipients)
        {
            try
            {
                await email.SendAsync(new EmailMessage(recipient, subject, body), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogNotificationFailed(logger, ex, userId, EmailAddresses.Mask(recipient));
            }
        }
    }

    [LoggerMessage(EventId = 7110, Level = LogLevel.Warning, Message = "Admin notice for user {UserId} to {MaskedAddress} failed")]
    private static partial void LogNotificationFailed(ILogger logger, Exception exception, Guid userId, string maskedAddress);
}
