using AppPasswords.Core.AppPasswords;
using Microsoft.Extensions.Logging;

namespace AppPasswords.Infrastructure.AppPasswords;

/// <summary>
/// Placeholder until the portal's e-mail sender is in place: logs that a "new app password" e-mail is due
/// (label and id only). Replace the registration in <see cref="AppPasswordsRegistration"/> with the e-mail
/// implementation (subject, label, time, link to /AppPasswords/Revoke/{id}).
/// </summary>
internal sealed partial class LoggingAppPasswordNotifier(ILogger<LoggingAppPasswordNotifier> logger) : IAppPasswordNotifier
{
    public Task AppPasswordCreatedAsync(Guid userId, AppPassword appPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appPassword);
        LogCreated(logger, userId, appPassword.Id);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "App password {AppPasswordId} created for user {UserId}; e-mail notification not configured")]
    private static partial void LogCreated(ILogger logger, Guid userId, Guid appPasswordId);
}
