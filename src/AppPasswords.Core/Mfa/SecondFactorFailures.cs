namespace AppPasswords.Core.Mfa;

/// <summary>
/// A user's consecutive wrong second-factor codes (authenticator, SMS and email codes alike), kept in the database so
/// every instance of the portal shares it. A correct code sets it back to zero; <see cref="LockedAt"/> stays until an
/// administrator requires MFA re-registration.
/// </summary>
public class SecondFactorFailures
{
    public Guid UserId { get; set; }

    /// <summary>Counted before each comparison, so an attempt in flight already counts as a failure.</summary>
    public int ConsecutiveFailures { get; set; }

    public DateTimeOffset? LastFailureAt { get; set; }

    /// <summary>When the hard stop (<see cref="MfaOptions.SecondFactorLockAfter"/>) was reached; no code is compared after it.</summary>
    public DateTimeOffset? LockedAt { get; set; }
}

public enum SecondFactorAttemptStatus
{
    /// <summary>The attempt was counted; compare the code now.</summary>
    Allowed,

    /// <summary>The escalating delay after the last failure has not passed yet; nothing was counted.</summary>
    Wait,

    /// <summary>The hard stop is reached; nothing was counted.</summary>
    Locked,
}

/// <summary>The answer of <see cref="ISecondFactorAttempts.BeginAsync"/>; <see cref="Failures"/> includes this attempt when allowed.</summary>
public sealed record SecondFactorAttempt(SecondFactorAttemptStatus Status, int Failures = 0, TimeSpan RetryAfter = default)
{
    public bool IsAllowed => Status == SecondFactorAttemptStatus.Allowed;
}

/// <summary>
/// The per-account limit on guessing second-factor codes: <see cref="MfaOptions.SecondFactorFreeFailures"/> failures
/// without delay, then a delay doubling from <see cref="MfaOptions.SecondFactorDelay"/> up to
/// <see cref="MfaOptions.SecondFactorMaxDelay"/>, and a hard stop after <see cref="MfaOptions.SecondFactorLockAfter"/>.
/// </summary>
public interface ISecondFactorAttempts
{
    /// <summary>
    /// Counts the coming comparison as a failure in one conditional update before the code is compared, so parallel
    /// requests cannot compare more codes than allowed. Refuses while a delay runs or after the hard stop.
    /// </summary>
    Task<SecondFactorAttempt> BeginAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The code was correct: the count starts again (a lock already reached stays).</summary>
    Task SucceededAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The code was wrong: when this failure reached the hard stop, locks, audits and emails the user (once).</summary>
    Task FailedAsync(Guid userId, SecondFactorAttempt attempt, CancellationToken cancellationToken = default);
}

/// <summary>The delay rule of <see cref="ISecondFactorAttempts"/>, without storage.</summary>
public static class SecondFactorDelays
{
    /// <summary>How long to wait after <paramref name="failures"/> consecutive failures before the next comparison.</summary>
    public static TimeSpan After(int failures, MfaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (failures < options.SecondFactorFreeFailures)
        {
            return TimeSpan.Zero;
        }

        var delay = options.SecondFactorDelay;
        for (var doublings = failures - options.SecondFactorFreeFailures; doublings > 0 && delay < options.SecondFactorMaxDelay; doublings--)
        {
            delay += delay;
        }

        return delay < options.SecondFactorMaxDelay ? delay : options.SecondFactorMaxDelay;
    }
}
