namespace AppPasswords.Core.Auth;

/// <summary>Configuration section <c>Authentication:Throttle</c>.</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "Authentication:Throttle";

    /// <summary>The most <see cref="HardCap"/> may be (NIST SP 800-63B 5.2.2: no more than 100 consecutive failures).</summary>
    public const int MaxHardCap = 100;

    /// <summary>Failures for one user name (or one trusted device cookie) before delays start.</summary>
    public int FreeFailuresPerAccount { get; set; } = 5;

    /// <summary>Failures from one IP address (any user name, untrusted browsers only) before delays start.</summary>
    public int FreeFailuresPerIp { get; set; } = 20;

    /// <summary>The first delay; each further failure doubles it.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between two attempts.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A key with no failure for this long starts its delays afresh (its consecutive count stays).</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Consecutive failures of one account from untrusted browsers (or of one device cookie) after which it is locked:
    /// only a browser holding a device cookie for the account, or an administrator, lets it sign in again.
    /// </summary>
    public int HardCap { get; set; } = MaxHardCap;

    /// <summary>How long a device cookie stays valid after the sign-in that issued it.</summary>
    public TimeSpan DeviceCookieLifetime { get; set; } = TimeSpan.FromDays(180);

    /// <summary>Counters with no failure for this long are deleted (a locked account of a known user is kept).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
