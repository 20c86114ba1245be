using AppPasswords.Core.Admin;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Notifications;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Admin;

/// <summary>
/// Emails the user's directory address and verified email contacts, in the current UI culture, that an administrator
/// revoked app passwords (labels and reason only, never a secret). A mail outage is logged, never undoes the revocation.
/// </summary>
internal sealed partial class EmailAdminRevocationNotifier(
    AppPasswordsDbContext db,
    IEmailSender email,
    IStringLocalizer<SharedResource> text,
    ILogger<EmailAdminRevocationNotifier> logger) : IAdminRevocationNotifier
{
    public async Task NotifyAsync(Guid userId, IReadOnlyList<string> labels, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var recipients = await db.Set<ContactMethod>().AsNoTracking()
            .Where(c => c.UserId == userId && c.Type == ContactType.Email)
            .Select(c => c.Value)
            .ToListAsync(cancellationToken);
        var directory = await db.Set<User>().AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(directory) && !recipients.Contains(directory, StringComparer.OrdinalIgnoreCase))
        {
            recipients.Add(directory);
        }

        var subject = text["Admin.AppPasswords.Email.Subject"];
        var body = text["Admin.AppPasswords.Email.Body", labels.Count, string.Join(Environment.NewLine, labels.Select(l => "  - " + l)), reason];
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

    [LoggerMessage(EventId = 7110, Level = LogLevel.Warning, Message = "Admin revocation notice for user {UserId} to {MaskedAddress} failed")]
    private static partial void LogNotificationFailed(ILogger logger, Exception exception, Guid userId, string maskedAddress);
}
