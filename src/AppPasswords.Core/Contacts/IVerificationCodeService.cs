using AppPasswords.Core.Mfa;

namespace AppPasswords.Core.Contacts;

public enum SendCodeStatus
{
    Sent,
    CooldownActive,
    HourlyLimit,
}

public sealed record SendCodeResult(SendCodeStatus Status, TimeSpan RetryAfter = default)
{
    public bool IsSent => Status == SendCodeStatus.Sent;

    /// <summary>Seconds to wait, rounded up, for "Try again in N seconds".</summary>
    public int RetryAfterSeconds => (int)Math.Ceiling(RetryAfter.TotalSeconds);
}

public enum VerifyCodeStatus
{
    Verified,
    Invalid,
    Expired,
    TooManyAttempts,
    NoPendingCode,

    /// <summary>The open code was sent to change another contact or method than the one named; nothing was counted or consumed.</summary>
    OtherSubject,

    /// <summary>Too many consecutive wrong second-factor codes on the account: nothing was compared; try again after <see cref="VerifyCodeResult.RetryAfter"/>.</summary>
    Throttled,

    /// <summary>The account reached the hard stop of consecutive wrong second-factor codes: nothing is compared until an administrator resets it.</summary>
    Locked,
}

/// <summary>The outcome of checking a code; <see cref="Target"/> is the verified number or address (from storage, never from the request).</summary>
public sealed record VerifyCodeResult(VerifyCodeStatus Status, int RemainingAttempts = 0, string? Target = null, VerificationChannel? Channel = null, TimeSpan RetryAfter = default)
{
    public bool IsVerified => Status == VerifyCodeStatus.Verified;

    /// <summary>Seconds to wait when <see cref="VerifyCodeStatus.Throttled"/>, rounded up.</summary>
    public int RetryAfterSeconds => (int)Math.Ceiling(RetryAfter.TotalSeconds);

    /// <summary>The refusal of the account's second-factor failure counter, when it refused (nothing was compared).</summary>
    public static VerifyCodeResult? Refused(SecondFactorAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return attempt.Status switch
        {
            SecondFactorAttemptStatus.Locked => new VerifyCodeResult(VerifyCodeStatus.Locked),
            SecondFactorAttemptStatus.Wait => new VerifyCodeResult(VerifyCodeStatus.Throttled, RetryAfter: attempt.RetryAfter),
            _ => null,
        };
    }
}

/// <summary>Sends and checks one-time codes by SMS or email with expiry, single use, attempt limits, cooldown and hourly caps.</summary>
public interface IVerificationCodeService
{
    /// <summary>Sends a new code to <paramref name="target"/> (already normalised), replacing the user's open code for that purpose.</summary>
    Task<SendCodeResult> SendAsync(Guid userId, VerificationChannel channel, string target, VerificationPurpose purpose, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="SendAsync"/>, and binds the code to <paramref name="subjectId"/>, the existing contact or sign-in
    /// method it would change, so <see cref="VerifySubjectAsync"/> accepts it for that subject only.
    /// </summary>
    Task<SendCodeResult> SendForSubjectAsync(Guid userId, Guid subjectId, VerificationChannel channel, string target, VerificationPurpose purpose, CancellationToken cancellationToken = default);

    /// <summary>Checks <paramref name="code"/> against the user's open code for <paramref name="purpose"/>.</summary>
    Task<VerifyCodeResult> VerifyAsync(Guid userId, VerificationPurpose purpose, string? code, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks <paramref name="code"/> against the user's open code for <paramref name="purpose"/> when that code was sent
    /// for <paramref name="subjectId"/>; otherwise <see cref="VerifyCodeStatus.OtherSubject"/>, and the code is left as it was.
    /// </summary>
    Task<VerifyCodeResult> VerifySubjectAsync(Guid userId, Guid subjectId, VerificationPurpose purpose, string? code, CancellationToken cancellationToken = default);

    /// <summary>The channel and target of the user's open code for <paramref name="purpose"/>, if any.</summary>
    Task<PendingVerification?> FindOpenAsync(Guid userId, VerificationPurpose purpose, CancellationToken cancellationToken = default);
}
