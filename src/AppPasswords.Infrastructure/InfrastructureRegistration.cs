using AppPasswords.Core.Audit;
using AppPasswords.Core.Common;
using AppPasswords.Core.Security;
using AppPasswords.Infrastructure.Audit;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppPasswords.Infrastructure;

public static class InfrastructureRegistration
{
    /// <summary>Database, Data Protection key ring (encrypted with <c>DataProtection:Certificate</c> when set), clock, randomness, audit log and shown-once tickets.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        services.AddPortalDatabase(configuration, contentRootPath);
        services.AddPortalDataProtection(configuration, contentRootPath);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRandomSource, SystemRandomSource>();
        services.AddScoped<IAuditLog, DatabaseAuditLog>();
        services.AddOptions<ShownOnceOptions>().BindConfiguration(ShownOnceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IShownOnceTicketStore, DatabaseShownOnceTicketStore>();
        return services;
    }
}
