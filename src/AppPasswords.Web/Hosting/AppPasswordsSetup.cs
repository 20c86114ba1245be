using Microsoft.Extensions.DependencyInjection.Extensions;
using AppPasswords.Infrastructure.AppPasswords;
using AppPasswords.Web.Api;

namespace AppPasswords.Web.Hosting;

/// <summary>The app passwords feature: domain services, the verify API with its rate limits, the OpenAPI description.</summary>
internal static class AppPasswordsSetup
{
    public static WebApplicationBuilder AddAppPasswordsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddAppPasswords(builder.Environment.ContentRootPath);
        builder.Services.AddOptions<VerifyApiRateLimitOptions>().BindConfiguration(VerifyApiRateLimitOptions.SectionName);
        builder.Services.AddSingleton<VerifyApiRateLimiter>();
        builder.Services.AddOpenApi();
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<Pages.UserAppPasswords.ShownOnceSecretStore>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.Replace(ServiceDescriptor.Scoped<global::AppPasswords.Core.AppPasswords.IAppPasswordNotifier, AppPasswordMail.EmailAppPasswordNotifier>());
        return builder;
    }

    public static WebApplication MapAppPasswordsApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapVerifyAppPasswordApi();
        return app;
    }
}
