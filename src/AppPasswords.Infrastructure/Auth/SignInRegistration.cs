using AppPasswords.Core.Auth;
using AppPasswords.Core.Common;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Auth;

public static class SignInRegistration
{
    /// <summary>Built-in directory, password hashing, throttling, server-side sessions and the external user sync.</summary>
    public static IServiceCollection AddSignIn(this IServiceCollection services)
    {
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section)
            .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.AbsoluteLifetime >= o.IdleTimeout, "Authentication:Session needs IdleTimeout > 0 and AbsoluteLifetime >= IdleTimeout.")
            .ValidateOnStart();
        services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section)
            .Validate(o => o.MaxDelay > TimeSpan.Zero && o.MaxDelay <= TimeSpan.FromHours(1) && o.BaseDelay > TimeSpan.Zero, "Authentication:Throttle needs 0 < BaseDelay and 0 < MaxDelay <= 1 h.")
            .ValidateOnStart();
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.Section)
            .Validate(o => o.Iterations >= LocalPasswordHasher.MinimumIterations, "Authentication:PasswordHashing:Iterations must be at least 210000.")
            .ValidateOnStart();

        services.AddSingleton(sp => new LocalPasswordHasher(sp.GetRequiredService<IRandomSource>(), sp.GetRequiredService<IOptions<PasswordHashingOptions>>().Value.Iterations));
        services.AddSingleton<DummyPasswordHash>();
        services.AddSingleton(sp => new SignInThrottle(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<SignInThrottleOptions>>().Value));
        services.AddScoped<ILocalSignInCommand, LocalSignInCommand>();
        services.AddScoped<ILocalUserDirectory, LocalUserDirectory>();
        services.AddScoped<IExternalUserSync, ExternalUserSync>();
        services.AddScoped<UserSessionStore>();
        services.AddScoped<IUserSessionStore>(sp => sp.GetRequiredService<UserSessionStore>());
        services.AddScoped<ISecondFactorSession>(sp => sp.GetRequiredService<UserSessionStore>());
        return services;
    }
}
