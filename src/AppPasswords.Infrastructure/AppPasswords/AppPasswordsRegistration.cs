using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Security;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.AppPasswords;

public static class AppPasswordsRegistration
{
    /// <summary>App passwords and service keys: policy, hashing keys, stores and use cases.</summary>
    public static IServiceCollection AddAppPasswords(this IServiceCollection services, string contentRootPath)
    {
        services.AddOptions<AppPasswordPolicyOptions>().BindConfiguration(AppPasswordPolicyOptions.SectionName)
            .Validate(o => o.MaxActivePerUser > 0, "AppPasswords:Policy:MaxActivePerUser must be positive.")
            .ValidateOnStart();
        services.AddOptions<HashKeyOptions>().BindConfiguration(HashKeyOptions.SectionName);
        services.TryAddSingleton<IAppPasswordPolicyProvider, ConfigurationAppPasswordPolicyProvider>();
        services.TryAddSingleton<IAppPasswordUserRestrictions, NoAppPasswordUserRestrictions>();
        services.TryAddScoped<IAppPasswordNotifier, LoggingAppPasswordNotifier>();

        services.AddSingleton<IHashKeyRing>(sp => HashKeyRingLoader.Load(
            sp.GetRequiredService<IOptions<HashKeyOptions>>().Value,
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            contentRootPath));
        services.AddSingleton<AppPasswordHasher>();
        services.AddSingleton<AppPasswordGenerator>();
        services.AddSingleton<VerificationFailureAuditThrottle>();
        services.AddSingleton<ServiceKeyAuthenticationCache>();

        services.AddScoped<IAppPasswordStore, EfAppPasswordStore>();

        // Verification: plain prepared SQL on kept-open connections on SQLite, EF Core elsewhere (docs/performance.md).
        // The SQLite store is a singleton without state of its own (its connections are a separate disposable singleton,
        // so handing it out from this scoped factory never disposes them).
        services.AddSingleton<SqliteVerificationConnections>();
        services.AddSingleton<SqliteAppPasswordVerificationStore>();
        services.AddScoped<IAppPasswordVerificationStore>(sp => sp.GetRequiredService<SqliteVerificationConnections>().IsAvailable
            ? sp.GetRequiredService<SqliteAppPasswordVerificationStore>()
            : ActivatorUtilities.CreateInstance<EfAppPasswordVerificationStore>(sp));
        services.AddScoped<IIssueAppPasswordCommand, IssueAppPasswordCommand>();
        services.AddScoped<IListAppPasswordsQuery, ListAppPasswordsQuery>();
        services.AddScoped<IRevokeAppPasswordCommand, RevokeAppPasswordCommand>();
        services.AddScoped<IRevokeAllAppPasswordsCommand, RevokeAllAppPasswordsCommand>();
        services.AddScoped<IVerifyAppPasswordCommand, VerifyAppPasswordCommand>();

        services.AddScoped<IServiceKeyStore, EfServiceKeyStore>();
        services.AddScoped<ICreateServiceKeyCommand, CreateServiceKeyCommand>();
        services.AddScoped<IRevokeServiceKeyCommand, RevokeServiceKeyCommand>();
        services.AddScoped<IListServiceKeysQuery, ListServiceKeysQuery>();
        services.AddScoped<IAuthenticateServiceKeyQuery, AuthenticateServiceKeyQuery>();
        return services;
    }
}
