using AppPasswords.Infrastructure.Persistence;
using Serilog;

namespace AppPasswords.Web.Hosting;

internal static class PipelineSetup
{
    public static Task PrepareDatabaseAsync(this WebApplication app) => app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseSerilogRequestLogging();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live");
        app.MapRazorPages();
        app.MapAppPasswordsApi();
        return app;
    }
}
