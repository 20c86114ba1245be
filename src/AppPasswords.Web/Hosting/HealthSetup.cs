using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AppPasswords.Web.Hosting;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the database is reachable), both anonymous.</summary>
internal static class HealthSetup
{
    internal const string ReadyTag = "ready";

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapPortalHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }
}
