using AppPasswords.Core.Users;

namespace AppPasswords.Core.Auth;

/// <summary>
/// Checks a built-in directory user name and password, applying throttling. Unknown user names and wrong passwords
/// give the same result after the same amount of work. Records the outcome in the audit log.
/// </summary>
public interface ILocalSignInCommand
{
    /// <summary>
    /// Signs in with a user name and password. <paramref name="device"/> is the device cookie the browser presented
    /// (already validated), or null; it only counts when it names the same user name.
    /// </summary>
    Task<LocalSignInResult> SignInAsync(string userName, string password, TrustedDevice? device = null, CancellationToken cancellationToken = default);
}

/// <summary>A valid device cookie: a browser where <paramref name="NormalizedUserName"/> signed in before.</summary>
public sealed record TrustedDevice(string DeviceId, string NormalizedUserName);

public enum LocalSignInOutcome
{
    Succeeded,
    InvalidCredentials,
    Throttled,

    /// <summary>The account reached the hard cap of consecutive failures from untrusted browsers (or the device cookie did).</summary>
    LockedOut,
}

public sealed record LocalSignInResult(LocalSignInOutcome Outcome, User? User = null, bool IsAdmin = false, DateTimeOffset? RetryAt = null);
