using AppPasswords.Core.Audit;

namespace AppPasswords.Core.ServiceKeys;

/// <summary>
/// Revokes a service key; the verify API of this process rejects it from the next request on (other processes within
/// <see cref="ServiceKeyAuthenticationCache.TimeToLive"/>).
/// </summary>
public interface IRevokeServiceKeyCommand
{
    Task<bool> RevokeAsync(Guid id, Guid? actorUserId, CancellationToken cancellationToken = default);
}

public sealed class RevokeServiceKeyCommand(IServiceKeyStore store, ServiceKeyAuthenticationCache cache, IAuditLog audit, TimeProvider clock) : IRevokeServiceKeyCommand
{
    public async Task<bool> RevokeAsync(Guid id, Guid? actorUserId, CancellationToken cancellationToken = default)
    {
        var revoked = await store.RevokeAsync(id, clock.GetUtcNow(), cancellationToken);
        cache.Evict(id);
        if (!revoked)
        {
            return false;
        }

        await audit.RecordAsync(
            new Audit.AuditEvent { EventType = AuditEventTypes.ServiceKeyRevoked, ActorUserId = actorUserId, Target = $"service-key:{id}" },
            cancellationToken);
        return true;
    }
}

/// <summary>All service keys (never their secrets).</summary>
public interface IListServiceKeysQuery
{
    Task<IReadOnlyList<ServiceKey>> ListAsync(CancellationToken cancellationToken = default);
}

public sealed class ListServiceKeysQuery(IServiceKeyStore store) : IListServiceKeysQuery
{
    public Task<IReadOnlyList<ServiceKey>> ListAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);
}
