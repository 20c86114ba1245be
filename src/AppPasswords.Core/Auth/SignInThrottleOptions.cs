namespace AppPasswords.Core.Auth;

/// <summary>Configuration section <c>Authentication:Throttle</c>.</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "Authentication:Throttle";

    /// <summary>Failures for one user name before delays start.</summary>
    public int FreeFailuresPerAccount { get; set; } = 5;

    /// <summary>Failures from one IP address (any user name) before delays start.</summary>
    public int FreeFailuresPerIp { get; set; } = 20;

    /// <summary>The first delay; each further failure doubles it.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay: nobody is ever locked out for longer than this at a time.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A key with no failure for this long starts afresh.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);
}
