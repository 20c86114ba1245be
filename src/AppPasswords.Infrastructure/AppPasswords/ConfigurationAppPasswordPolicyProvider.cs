using AppPasswords.Core.AppPasswords;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.AppPasswords;

/// <summary>The policy from configuration section <c>AppPasswords:Policy</c>; reloads when configuration changes.</summary>
internal sealed class ConfigurationAppPasswordPolicyProvider(IOptionsMonitor<AppPasswordPolicyOptions> options) : IAppPasswordPolicyProvider
{
    public ValueTask<AppPasswordPolicy> GetPolicyAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(options.CurrentValue.ToPolicy());
}
