using System.Globalization;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Notifications;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.AppPasswordMail;

/// <summary>
/// Mails the user (their directory address and verified email contacts) that an app password was created:
/// label, time and an absolute link to <c>/AppPasswords/Revoke/{id}</c>, in the request's UI culture. Never the
/// password. The link's base is <c>Portal:PublicBaseUrl</c> when set, else the current request's scheme and host.
/// A mail outage is logged and does not undo the creation.
/// </summary>
internal sealed partial class EmailAppPasswordNotifier(
    AppPasswordsDbContext db,
    IEmailSender email,
    IStringLocalizer<SharedResource> text,
    IConfiguration configuration,
    IHttpContextAccessor http,
    ILogger<EmailAppPasswordNotifier> logger) : IAppPasswordNotifier
{
    public async Task AppPasswordCreatedAsync(Guid userId, AppPassword appPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appPassword);
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        var contacts = await db.Set<ContactMethod>().AsNoTracking()
            .Where(c => c.UserId == userId && c.Type == ContactType.Email)
            .Select(c => c.Value)
            .ToListAsync(cancellationToken);
        var recipients = contacts.Prepend(user?.Email).OfType<string>().Where(a => a.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (recipients.Count == 0)
        {
            return;
        }

        // Outside a request (CLI, background work) with no Portal:PublicBaseUrl the mail carries the path only:
        // a missing setting must never stop the password from being issued.
        var path = $"AppPasswords/Revoke/{appPassword.Id}";
        var link = BaseUri() is { } baseUri ? new Uri(baseUri, path).ToString() : "/" + path;
        var subject = text["AppPasswords.CreatedMail.Subject"];
        var body = text["AppPasswords.CreatedMail.Body", appPassword.Label, appPassword.CreatedAt.ToString("u", CultureInfo.InvariantCulture), link];
        foreach (var recipient in recipients)
        {
            try
            {
                await email.SendAsync(new EmailMessage(recipient, subject, body), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex, userId, appPassword.Id);
            }
        }
    }

    private Uri? BaseUri()
    {
        var configured = configuration["Portal:PublicBaseUrl"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new Uri(configured.TrimEnd('/') + "/", UriKind.Absolute);
        }

        var request = http.HttpContext?.Request;
        return request is null ? null : new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/", UriKind.Absolute);
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Could not mail the notice for app password {AppPasswordId} of user {UserId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid userId, Guid appPasswordId);
}
