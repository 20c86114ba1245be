using AppPasswords.Core.Audit;
using AppPasswords.Core.Policy;
using AppPasswords.Infrastructure.Admin;
using AppPasswords.Core.Admin;
using AppPasswords.Infrastructure.Audit;
using AppPasswords.Infrastructure.Policy;
using AppPasswords.Infrastructure.Users;
using AppPasswords.Core.Users;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Mfa;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppPasswords.Infrastructure;

public static class AdminConsoleRegistration
{
    /// <summary>Audit log reading and retention, the stored organisation policy and the admin use cases.</summary>
    public static IServiceCollection AddAdminConsoleData(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddOptions<AuditRetentionOptions>()
            .BindConfiguration(AuditRetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<IAuditLogReader, AuditLogReader>();
        services.AddScoped<AuditRetentionPurge>();
        services.AddSingleton<AuditRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetentionService>());

        services.AddScoped<IUserLookup, UserLookup>();
        services.AddScoped<IAppPasswordInventoryQuery, AppPasswordInventoryQuery>();
        services.AddScoped<IOrganizationPolicyStore, DatabaseOrganizationPolicyStore>();
        services.AddScoped<IUpdateOrganizationPolicyCommand, UpdateOrganizationPolicyCommand>();

        // The stored policy and per-user blocks replace the configuration-backed defaults of the app passwords and MFA features,
        // whichever of the two registrations runs first (that one uses TryAdd).
        services.RemoveAll<IAppPasswordPolicyProvider>();
        services.AddScoped<IAppPasswordPolicyProvider, DatabaseAppPasswordPolicyProvider>();
        services.RemoveAll<IMfaSkipPolicyProvider>();
        services.AddScoped<IMfaSkipPolicyProvider, DatabaseMfaSkipPolicyProvider>();
        services.RemoveAll<IAppPasswordUserRestrictions>();
        services.AddScoped<IAppPasswordUserRestrictions, DatabaseAppPasswordUserRestrictions>();
        return services;
    }
}
