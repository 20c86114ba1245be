using AppPasswords.Core.Policy;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Mfa;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Policy;

/// <summary>
/// The policy row for the portal's pages (issuing, the Policy page, MFA skip), cached for a few seconds. A save removes
/// the cache entry, so on this instance the change applies to the very next request; other instances of a
/// scaled-out deployment see it within <see cref="CacheDuration"/>. The verify API does not use this cache: it reads
/// the row in its own lookup statement (<see cref="IAppPasswordVerificationStore"/>). Until an administrator saves a policy, the
/// app password values come from configuration (<c>AppPasswords:Policy</c>), the MFA skip values from
/// <c>Mfa:AllowSkipDays</c>.
/// </summary>
public sealed class DatabaseOrganizationPolicyStore(
    AppPasswordsDbContext db,
    IMemoryCache cache,
    IOptionsMonitor<AppPasswordPolicyOptions> defaults,
    IOptionsMonitor<MfaOptions> mfaDefaults) : IOrganizationPolicyStore
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(10);
    private static readonly object CacheKey = new();

    public async Task<OrganizationPolicy> GetAsync(CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(CacheKey, out OrganizationPolicy? cached) && cached is not null)
        {
            return cached;
        }

        var policy = await db.Set<OrganizationPolicy>().AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == OrganizationPolicy.SingletonId, cancellationToken)
            ?? OrganizationPolicy.FromConfiguration(defaults.CurrentValue, mfaDefaults.CurrentValue);
        cache.Set(CacheKey, policy, CacheDuration);
        return policy;
    }

    public async Task SaveAsync(OrganizationPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var row = await db.Set<OrganizationPolicy>().SingleOrDefaultAsync(p => p.Id == OrganizationPolicy.SingletonId, cancellationToken);
        if (row is null)
        {
            row = new OrganizationPolicy();
            db.Set<OrganizationPolicy>().Add(row);
        }

        row.AppPasswordsEnabled = policy.AppPasswordsEnabled;
        row.MaxActivePerUser = policy.MaxActivePerUser;
        row.MaxLifetimeDays = policy.MaxLifetimeDays;
        row.AllowedProtocols = policy.AllowedProtocols;
        row.AllowSkipMfaSetup = policy.AllowSkipMfaSetup;
        row.SkipMfaSetupDays = policy.SkipMfaSetupDays;
        row.UpdatedAt = policy.UpdatedAt;
        row.UpdatedByUserId = policy.UpdatedByUserId;
        await db.SaveChangesAsync(cancellationToken);
        cache.Remove(CacheKey);
    }
}
