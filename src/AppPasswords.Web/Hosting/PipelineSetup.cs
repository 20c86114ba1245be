using AppPasswords.Infrastructure.Persistence;

namespace AppPasswords.Web.Hosting;

internal static class PipelineSetup
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);
        await app.SeedDemoUsersAsync();
    }

    /// <summary>Paths of the service API for mail servers, served by the lean branch of the pipeline.</summary>
    public static readonly PathString ServiceApiPath = "/api";

    // The key UseAuthentication writes into IApplicationBuilder.Properties (not a public ASP.NET Core constant).
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    private static bool IsPageRequest(HttpContext http) => !http.Request.Path.StartsWithSegments(ServiceApiPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>The request pipeline; the order is explained in docs/architecture.md.</summary>
    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        app.UsePortalForwardedHeaders();
        app.UseSecurityHeaders();
        app.UsePortalRequestLogging();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
            app.UseServiceApiHttpsRequirement();
            app.UseHttpsRedirection();
        }

        // The service API (bearer service keys, JSON, no browser) skips what only pages need: the cookie policy, friendly
        // status pages, static files, localization, the portal cookie/session authentication and the MFA rate limiter. It keeps the
        // security headers, the request log, the exception handler, routing and authorization (its endpoints opt out
        // with AllowAnonymous and authenticate the service key themselves). See docs/performance.md.
        app.UseWhen(IsPageRequest, page =>
        {
            page.UseCookiePolicy();
            page.UseStatusCodePagesWithReExecute("/StatusCode/{0}");
            page.UseStaticFiles();
            page.UseRequestLocalization();
        });
        app.UseRouting();
        // UseAuthentication inside a branch marks only the branch's copy of the builder properties; without this mark
        // on the root, WebApplication would add a second UseAuthentication in front of the whole pipeline, API included.
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        app.UseWhen(IsPageRequest, page =>
        {
            page.UseAuthentication();
            page.UseUserIdLogContext();
        });
        app.UseAuthorization();
        app.UseWhen(IsPageRequest, page => page.UsePortalMfa());
        app.MapPortalHealthChecks();
        app.MapRazorPages();
        app.MapAppPasswordsApi();
        app.UseMailClientSetup();
        // Without an endpoint the fallback authorization policy would send anonymous visitors of an unknown URL
        // to the sign-in page (200) instead of the friendly 404: this last-resort endpoint makes them a real 404.
        app.MapFallback("{*path}", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }).AllowAnonymous();
        return app;
    }
}
