using AppPasswords.Infrastructure.Persistence;

namespace AppPasswords.Web.Hosting;

internal static class PipelineSetup
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);
        await app.SeedDemoUsersAsync();
    }

    /// <summary>The request pipeline; the order is explained in docs/architecture.md.</summary>
    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UsePortalRequestLogging();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseStatusCodePagesWithReExecute("/StatusCode/{0}");
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseUserIdLogContext();
        app.UseAuthorization();
        app.MapPortalHealthChecks();
        app.MapRazorPages();
        app.MapAppPasswordsApi();
        return app;
    }
}
