using AppPasswords.Core.MailClients;
using AppPasswords.Web.Api;

namespace AppPasswords.Web.Hosting;

/// <summary>Mail client setup: server settings from <c>MailServers</c>, autoconfig and autodiscover endpoints.</summary>
internal static class MailClientSetup
{
    public static IServiceCollection AddMailClientSetup(this IServiceCollection services)
    {
        services.AddOptions<MailServerOptions>().BindConfiguration(MailServerOptions.SectionName);
        return services;
    }

    public static WebApplication UseMailClientSetup(this WebApplication app)
    {
        app.MapMailClientSetupEndpoints();
        return app;
    }
}
