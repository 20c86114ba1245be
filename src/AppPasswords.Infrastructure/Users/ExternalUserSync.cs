using System.Text.Json;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Auth;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AppPasswords.Infrastructure.Users;

public sealed partial class ExternalUserSync(
    AppPasswordsDbContext db,
    IUserSessionStore sessions,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<ExternalUserSync> logger) : IExternalUserSync
{
    public async Task<User> SyncAsync(string externalKey, string userPrincipalName, string displayName, string? email, bool isAdmin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(externalKey);
        var now = clock.GetUtcNow();
        var user = await db.Set<User>().SingleOrDefaultAsync(u => u.ExternalKey == externalKey, cancellationToken);
        var roleChanged = user is not null && user.ExternalAdmin != isAdmin;
        if (user is null)
        {
            user = new User { Id = Guid.NewGuid(), ExternalKey = externalKey, CreatedAt = now };
            db.Set<User>().Add(user);
        }

        user.UserPrincipalName = Clip(userPrincipalName);
        user.DisplayName = Clip(string.IsNullOrWhiteSpace(displayName) ? userPrincipalName : displayName);
        user.Email = string.IsNullOrWhiteSpace(email) ? null : Clip(email);
        user.LastSignInAt = now;
        user.ExternalAdmin = isAdmin;
        await db.SaveChangesAsync(cancellationToken);
        if (roleChanged)
        {
            var ended = await sessions.RevokeAllAsync(user.Id, cancellationToken);
            LogAdminChanged(logger, user.Id, isAdmin, ended);
            await audit.RecordAsync(
                new AuditEvent
                {
                    EventType = AuditEventTypes.ExternalUserAdminChanged,
                    TargetUserId = user.Id,
                    Target = "user:" + user.Id,
                    Details = JsonSerializer.Serialize(new { admin = isAdmin, sessions = ended }),
                },
                cancellationToken);
        }

        return user;
    }

    private static string Clip(string value) => value.Length > 256 ? value[..256] : value;

    [LoggerMessage(EventId = SecurityEventIds.ExternalUserAdminChanged, EventName = nameof(SecurityEventIds.ExternalUserAdminChanged), Level = LogLevel.Information, Message = "External user {UserId} admin changed to {IsAdmin} at sign-in, {Sessions} sessions ended")]
    private static partial void LogAdminChanged(ILogger logger, Guid userId, bool isAdmin, int sessions);
}
