using AppPasswords.Core.Audit;

namespace AppPasswords.Core.AppPasswords;

/// <summary>Revokes one of the user's own app passwords.</summary>
public interface IRevokeAppPasswordCommand
{
    /// <summary>False when the user has no unrevoked password with this id (unknown, someone else's, or already revoked).</summary>
    Task<bool> RevokeAsync(Guid userId, Guid appPasswordId, CancellationToken cancellationToken = default);
}

public sealed class RevokeAppPasswordCommand(IAppPasswordStore store, IAuditLog audit, TimeProvider clock) : IRevokeAppPasswordCommand
{
    public async Task<bool> RevokeAsync(Guid userId, Guid appPasswordId, CancellationToken cancellationToken = default)
    {
        if (!await store.RevokeAsync(userId, appPasswordId, clock.GetUtcNow(), AppPasswordRevocationReasons.ByUser, cancellationToken))
        {
            return false;
        }

        await audit.RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.AppPasswordRevoked,
                ActorUserId = userId,
                TargetUserId = userId,
                Target = AppPasswordAudit.Target(appPasswordId),
                Details = """{"reason":"user"}""",
            },
            cancellationToken);
        return true;
    }
}
