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
            .Validate(o => o.BaseDelay > TimeSpan.Zero && o.BaseDelay <= o.MaxDelay && o.MaxDelay <= TimeSpan.FromHours(1) && o.ForgetAfter >= o.MaxDelay, "Authentication:Throttle needs 0 < BaseDelay <= MaxDelay <= 1 h and ForgetAfter >= MaxDelay.")
            .Validate(o => o.FreeFailuresPerAccount >= 1 && o.FreeFailuresPerIp >= 1 && o.HardCap > o.FreeFailuresPerAccount && o.HardCap <= SignInThrottleOptions.MaxHardCap, "Authentication:Throttle needs FreeFailuresPerAccount >= 1, FreeFailuresPerIp >= 1 and FreeFailuresPerAccount < HardCap <= 100.")
            .Validate(o => o.DeviceCookieLifetime > TimeSpan.Zero && o.Retention >= o.ForgetAfter, "Authentication:Throttle needs DeviceCookieLifetime > 0 and Retention >= ForgetAfter.")
            .ValidateOnStart();
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.Section)
            .Validate(o => o.Iterations >= LocalPasswordHasher.MinimumIterations, "Authentication:PasswordHashing:Iterations must be at least 210000.")
            .ValidateOnStart();

        services.AddSingleton(sp => new LocalPasswordHasher(sp.GetRequiredService<IRandomSource>(), sp.GetRequiredService<IOptions<PasswordHashingOptions>>().Value.Iterations));
        services.AddSingleton<DummyPasswordHash>();
        services.AddScoped<ISignInThrottle, DatabaseSignInThrottle>();
        services.AddScoped<ILocalSignInCommand, LocalSignInCommand>();
        services.AddScoped<ILocalUserDirectory, LocalUserDirectory>();
        services.AddScoped<IExternalUserSync, ExternalUserSync>();
        services.AddScoped<UserSessionStore>();
        services.AddScoped<IUserSessionStore>(sp => sp.GetRequiredService<UserSessionStore>());
        services.AddScoped<ISecondFactorSession>(sp => sp.GetRequiredService<UserSessionStore>());
        return services;
    }
}
