using AppPasswords.Core.Notifications;
using AppPasswords.Infrastructure;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppPasswords.Web.Hosting;

internal static class MfaSetup
{
    /// <summary>MFA services, localized messages, the global second-factor and registration filters, rate limits.</summary>
    public static IServiceCollection AddPortalMfa(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMfaInfrastructure(configuration);
        services.Replace(ServiceDescriptor.Scoped<ISecurityMessageComposer, LocalizedSecurityMessageComposer>());
        services.AddScoped<SecondFactorRequiredFilter>();
        services.AddScoped<MfaRegistrationRequiredFilter>();
        services.Configure<MvcOptions>(o =>
        {
            o.Filters.AddService<SecondFactorRequiredFilter>();
            o.Filters.AddService<MfaRegistrationRequiredFilter>();
        });
        services.AddMfaRateLimiting(configuration);
        return services;
    }

    /// <summary>After authentication and authorization: the MFA rate limiter.</summary>
    public static IApplicationBuilder UsePortalMfa(this IApplicationBuilder app)
    {
        app.UseMfaRateLimits();
        return app;
    }
}
