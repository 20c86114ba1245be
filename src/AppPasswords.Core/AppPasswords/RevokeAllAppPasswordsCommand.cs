using System.Text.Json;
using AppPasswords.Core.Audit;

namespace AppPasswords.Core.AppPasswords;

/// <summary>Revokes every app password of the user.</summary>
public interface IRevokeAllAppPasswordsCommand
{
    /// <summary>Returns how many passwords were revoked.</summary>
    Task<int> RevokeAllAsync(Guid userId, CancellationToken cancellationToken = default);
}

public sealed class RevokeAllAppPasswordsCommand(IAppPasswordStore store, IAuditLog audit, TimeProvider clock) : IRevokeAllAppPasswordsCommand
{
    public async Task<int> RevokeAllAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var count = await store.RevokeAllAsync(userId, clock.GetUtcNow(), AppPasswordRevocationReasons.ByUserRevokeAll, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.AppPasswordRevokedAll,
                ActorUserId = userId,
                TargetUserId = userId,
                Details = JsonSerializer.Serialize(new { count }),
            },
            cancellationToken);
        return count;
    }
}
