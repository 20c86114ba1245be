namespace AppPasswords.Infrastructure.Auth;

/// <summary>
/// One failure counter of <see cref="DatabaseSignInThrottle"/>: a user name (hashed), an IP address or a device
/// cookie. Times are UTC ticks on both providers so the one-statement reservation can add a delay to them.
/// </summary>
public sealed class SignInThrottleEntry
{
    /// <summary><c>u:</c> + SHA-256 of the normalized user name, <c>ip:</c> + address, or <c>d:</c> + device id.</summary>
    public string Key { get; set; } = "";

    /// <summary>The account of a <c>u:</c> key whose user name exists.</summary>
    public Guid? UserId { get; set; }

    /// <summary>Failures since the key was last quiet for <c>ForgetAfter</c>: drives the delay.</summary>
    public int Failures { get; set; }

    /// <summary>Failures since the last success: drives the hard cap.</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>The wait after the last failure before the next attempt.</summary>
    public long DelayTicks { get; set; }

    public long LastFailureTicks { get; set; }
}
