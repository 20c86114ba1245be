namespace AppPasswords.Core.Auth;

/// <summary>
/// Failed sign-in counters shared by every instance of the portal. An attempt is reserved (counted as a failure)
/// before its password is checked, so parallel attempts never get more password checks than the limits allow; a
/// success takes the reservation back.
/// </summary>
public interface ISignInThrottle
{
    /// <summary>
    /// Counts the attempt against each of its keys at once, or against none when any key is delayed or locked.
    /// With a trusted device only the device is counted; otherwise the user name and the IP address.
    /// </summary>
    Task<SignInReservation> ReserveAsync(SignInThrottleKeys keys, CancellationToken cancellationToken = default);

    /// <summary>The reserved attempt succeeded: clears the account's and the device's counts and gives the IP address its attempt back.</summary>
    Task RecordSuccessAsync(SignInThrottleKeys keys, CancellationToken cancellationToken = default);

    /// <summary>Clears the failure counts of the user's account (an administrator lifts a lockout); returns the rows removed.</summary>
    Task<int> ClearAccountAsync(Guid userId, CancellationToken cancellationToken = default);
}

/// <summary>What one sign-in attempt is counted against.</summary>
/// <param name="NormalizedUserName">See <see cref="Users.LocalUserNames.Normalize"/>.</param>
/// <param name="UserId">The account, when the user name exists (kept so a locked account outlives retention).</param>
/// <param name="IpAddress">The client address, counted for untrusted browsers only.</param>
/// <param name="TrustedDeviceId">The id of a valid device cookie naming this user name, or null.</param>
public sealed record SignInThrottleKeys(string NormalizedUserName, Guid? UserId, string? IpAddress, string? TrustedDeviceId);

/// <summary>The answer to <see cref="ISignInThrottle.ReserveAsync"/>.</summary>
/// <param name="Allowed">The attempt was counted and its password may be checked.</param>
/// <param name="RetryAt">When refused for a delay: when the next attempt may be made.</param>
/// <param name="LockedOut">When refused: the account (untrusted browsers) or the device reached the hard cap.</param>
/// <param name="ReachesCap">When allowed: if this attempt fails, the account has reached the hard cap with it.</param>
public sealed record SignInReservation(bool Allowed, DateTimeOffset? RetryAt = null, bool LockedOut = false, bool ReachesCap = false);

/// <summary>Tells a user by email that their account was locked for untrusted browsers after too many failed sign-ins.</summary>
public interface ISignInLockoutNotifier
{
    Task NotifyLockedOutAsync(Guid userId, CancellationToken cancellationToken = default);
}
