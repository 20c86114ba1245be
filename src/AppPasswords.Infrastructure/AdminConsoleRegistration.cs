using AppPasswords.Core.Audit;
using AppPasswords.Core.Policy;
using AppPasswords.Infrastructure.Audit;
using AppPasswords.Infrastructure.Policy;
using AppPasswords.Infrastructure.Users;
using AppPasswords.Core.Users;
using Microsoft.Extensions.DependencyInjection;

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
        services.AddScoped<IOrganizationPolicyStore, DatabaseOrganizationPolicyStore>();
        services.AddScoped<IUpdateOrganizationPolicyCommand, UpdateOrganizationPolicyCommand>();
        return services;
    }
}
