using AppPasswords.Core.Auth;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Auth;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Identity.Web;

namespace AppPasswords.Web.Hosting;

/// <summary>
/// Sign-in: Entra ID (Microsoft.Identity.Web, code flow) when <c>AzureAd:ClientId</c> is configured, the built-in
/// directory otherwise. Both end in the same cookie, validated against the server-side session on each request.
/// </summary>
internal static partial class AuthSetup
{
    public const string CookieName = "AppPasswords";

    public static WebApplicationBuilder AddPortalAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSignIn();
        services.AddScoped<ISignInLockoutNotifier, EmailSignInLockoutNotifier>();
        services.AddSingleton<DeviceCookie>();
        services.AddOptions<PortalAuthenticationOptions>().BindConfiguration(PortalAuthenticationOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.AdminRole), "Authentication:AdminRole must not be empty.")
            .ValidateOnStart();
        var session = configuration.GetSection(Core.Auth.SessionOptions.Section).Get<Core.Auth.SessionOptions>() ?? new Core.Auth.SessionOptions();
        var adminRole = configuration[$"{PortalAuthenticationOptions.Section}:{nameof(PortalAuthenticationOptions.AdminRole)}"] is { Length: > 0 } role
            ? role
            : new PortalAuthenticationOptions().AdminRole;

        if (PortalAuthenticationOptions.IsEntraConfigured(configuration))
        {
            services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApp(configuration.GetSection("AzureAd"));
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
            {
                options.ResponseType = "code";
                options.AccessDeniedPath = "/Account/AccessDenied";
                var tokenValidated = options.Events.OnTokenValidated;
                options.Events.OnTokenValidated = async context =>
                {
                    await tokenValidated(context);
                    if (context.Result is null)
                    {
                        await EntraSignIn.OnTokenValidatedAsync(context);
                    }
                };
                options.Events.OnRemoteFailure = EntraSignIn.OnRemoteFailureAsync;
            });
        }
        else
        {
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        }

        services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Outside Development the cookie policy (TransportSecuritySetup) makes it Secure on every request.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.Path = "/";
            options.CookieManager = new HostPrefixCookieManager();
            options.ExpireTimeSpan = session.IdleTimeout;
            options.SlidingExpiration = true;
            options.LoginPath = "/Account/SignIn";
            options.LogoutPath = "/Account/SignOut";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.ReturnUrlParameter = "returnUrl";
            options.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(PortalClaimTypes.UserId).Build())
            .AddPolicy(PortalPolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaimTypes.UserId).RequireRole(adminRole));
        // PostConfigure: AddRazorPages' own setup replaces the convention collection, whichever order the two are registered in.
        services.PostConfigure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o => o.Conventions.AuthorizeFolder("/Admin", PortalPolicies.Admin));
        return builder;
    }

    /// <summary>Seeds the demo users when <c>Demo:SeedUsers=true</c> in the Development environment (ignored elsewhere).</summary>
    public static async Task SeedDemoUsersAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Demo:SeedUsers"))
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AppPasswords.Web.Demo");
        if (!app.Environment.IsDevelopment() || PortalAuthenticationOptions.IsEntraConfigured(app.Configuration))
        {
            LogDemoIgnored(logger);
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<ILocalUserDirectory>();
        var random = scope.ServiceProvider.GetRequiredService<Core.Common.IRandomSource>();
        foreach (var (name, display, admin) in new[] { ("alice", "Alice Demo", false), ("admin", "Admin Demo", true) })
        {
            var password = DemoPassword(random);
            var result = await directory.CreateAsync(new NewLocalUser(name, display, $"{name}@example.test", admin), password, app.Lifetime.ApplicationStopping);
            if (result.Succeeded)
            {
                // Shown once on the operator's console by design (demo mode only); never logged.
                await Console.Out.WriteLineAsync($"Demo user '{name}'{(admin ? " (admin)" : "")} created with password: {password}");
            }
        }
    }

    private static string DemoPassword(Core.Common.IRandomSource random)
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(16, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.NextInt32(alphabet.Length)];
            }
        });
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Demo:SeedUsers is ignored outside the Development environment and in Entra ID mode")]
    private static partial void LogDemoIgnored(ILogger logger);
}
