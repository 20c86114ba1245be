using AppPasswords.Core.Mfa;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Mfa;

/// <summary>The skip rules from <c>Mfa:AllowSkipDays</c> alone, for hosts without the stored organisation policy.</summary>
public sealed class ConfigurationMfaSkipPolicyProvider(IOptionsMonitor<MfaOptions> options) : IMfaSkipPolicyProvider
{
    public Task<MfaSkipPolicy> GetAsync(CancellationToken cancellationToken = default)
    {
        var days = options.CurrentValue.AllowSkipDays;
        return Task.FromResult(new MfaSkipPolicy(days > 0, days));
    }
}
