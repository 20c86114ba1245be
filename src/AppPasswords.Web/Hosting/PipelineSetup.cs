using AppPasswords.Infrastructure.Persistence;
using Serilog;

namespace AppPasswords.Web.Hosting;

internal static class PipelineSetup
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);
        await app.SeedDemoUsersAsync();
    }

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
        return app;
    }
}
