using AppPasswords.Core.Audit;
using AppPasswords.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace AppPasswords.Web.Hosting;

internal static class ServiceSetup
{
    /// <summary>Everything the portal needs, feature by feature.</summary>
    public static WebApplicationBuilder AddPortalServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddProductionGuards();
        builder.AddTransportSecurity();
        services.AddInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddHttpContextAccessor();
        services.AddScoped<IRequestContext, HttpRequestContext>();
        builder.AddPortalAuthentication();

        services.AddPortalLocalization();
        services.AddRazorPages()
            .AddMvcOptions(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()))
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddPortalHealthChecks();
        services.AddPortalRateLimitStore(builder.Configuration);
        builder.AddAppPasswordsFeature();
        services.AddPortalMfa(builder.Configuration);
        services.AddMailClientSetup();
        services.AddAdminConsole();
        return builder;
    }
}
