using AppPasswords.Core.Audit;
using AppPasswords.Infrastructure;

namespace AppPasswords.Web.Hosting;

internal static class ServiceSetup
{
    /// <summary>Everything the portal needs, feature by feature.</summary>
    public static WebApplicationBuilder AddPortalServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddHttpContextAccessor();
        services.AddScoped<IRequestContext, HttpRequestContext>();

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorPages()
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddHealthChecks();
        builder.AddAppPasswordsFeature();
        services.AddAdminConsole();
        return builder;
    }
}
