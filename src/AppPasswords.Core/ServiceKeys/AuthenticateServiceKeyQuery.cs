using AppPasswords.Core.Security;

namespace AppPasswords.Core.ServiceKeys;

/// <summary>Checks a service key presented to the verify API.</summary>
public interface IAuthenticateServiceKeyQuery
{
    /// <summary>The key's id when it is valid and not revoked; otherwise null.</summary>
    Task<Guid?> AuthenticateAsync(string? key, CancellationToken cancellationToken = default);
}

/// <summary>
/// Successful authentications are remembered for a few seconds by <see cref="ServiceKeyAuthenticationCache"/>
/// (revocation in this process evicts at once), so a busy mail server costs one hash, not a database read, per request.
/// </summary>
public sealed class AuthenticateServiceKeyQuery(IServiceKeyStore store, AppPasswordHasher hasher, ServiceKeyAuthenticationCache cache, TimeProvider clock) : IAuthenticateServiceKeyQuery
{
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<Guid?> AuthenticateAsync(string? key, CancellationToken cancellationToken = default)
    {
        if (!ServiceKeyFormat.TryParse(key, out var prefix, out var secret))
        {
            return null;
        }

        var fingerprint = ServiceKeyAuthenticationCache.Fingerprint(key!);
        if (cache.TryGet(fingerprint, out var cachedId))
        {
            return cachedId;
        }

        var generation = cache.Generation;
        var serviceKey = await store.FindByPrefixAsync(prefix, cancellationToken);
        if (serviceKey is null || serviceKey.IsRevoked
            || !hasher.Verify(secret, serviceKey.HashVersion, serviceKey.HashKeyId, serviceKey.Hash, HashPurpose.ServiceKey))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (serviceKey.LastUsedAt is null || serviceKey.LastUsedAt <= now - LastUsedResolution)
        {
            await store.RecordUseAsync(serviceKey.Id, now, now - LastUsedResolution, cancellationToken);
        }

        cache.Add(fingerprint, serviceKey.Id, generation);
        return serviceKey.Id;
    }
}
