using AppPasswords.Core.Audit;
using AppPasswords.Core.Common;
using AppPasswords.Infrastructure.Audit;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppPasswords.Infrastructure;

public static class InfrastructureRegistration
{
    /// <summary>Database, Data Protection key ring (encrypted with <c>DataProtection:Certificate</c> when set), clock, randomness and audit log.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        services.AddPortalDatabase(configuration, contentRootPath);
        services.AddPortalDataProtection(configuration, contentRootPath);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRandomSource, SystemRandomSource>();
        services.AddScoped<IAuditLog, DatabaseAuditLog>();
        return services;
    }
}
