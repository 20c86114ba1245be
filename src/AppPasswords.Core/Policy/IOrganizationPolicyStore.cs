namespace AppPasswords.Core.Policy;

/// <summary>The stored organisation policy. Reads are cached briefly; a save is visible to the next read at once.</summary>
public interface IOrganizationPolicyStore
{
    /// <summary>The current policy (defaults when none has been saved). Do not mutate the returned instance.</summary>
    Task<OrganizationPolicy> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored policy and invalidates the cache.</summary>
    Task SaveAsync(OrganizationPolicy policy, CancellationToken cancellationToken = default);
}
