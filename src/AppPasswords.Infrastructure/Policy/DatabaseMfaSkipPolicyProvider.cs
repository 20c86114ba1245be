using AppPasswords.Core.Mfa;
using AppPasswords.Core.Policy;

namespace AppPasswords.Infrastructure.Policy;

/// <summary>The skip rules of the stored organisation policy (the Policy page), configuration until one is saved.</summary>
public sealed class DatabaseMfaSkipPolicyProvider(IOrganizationPolicyStore store) : IMfaSkipPolicyProvider
{
    public async Task<MfaSkipPolicy> GetAsync(CancellationToken cancellationToken = default)
    {
        var policy = await store.GetAsync(cancellationToken);
        return new MfaSkipPolicy(policy.AllowSkipMfaSetup, policy.SkipMfaSetupDays);
    }
}
