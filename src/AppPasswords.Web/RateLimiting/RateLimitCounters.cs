namespace AppPasswords.Web.RateLimiting;

/// <summary>
/// A fixed-window limit: at most <c>Permits</c> per <c>Window</c>, per partition. <c>Name</c> is stable
/// (<c>verify.user-failures</c>, <c>mfa.ip</c>, ...) and part of every counter key.
/// </summary>
internal sealed record FixedWindowLimit(string Name, int Permits, TimeSpan Window);

/// <summary>One counter: a limit and the partition it counts (a user id, an address, a service key id).</summary>
internal readonly record struct RateLimitCounter(FixedWindowLimit Limit, string Partition);

/// <summary>What <see cref="IRateLimitCounters.AcquireAsync"/> decided.</summary>
internal readonly record struct RateLimitOutcome
{
    /// <summary>Every counter granted a permit (and the peeked one, if any, has some left).</summary>
    public static readonly RateLimitOutcome Granted;

    /// <summary>The counters could not be reached: nothing was counted, and the caller must not go on as if unlimited.</summary>
    public static readonly RateLimitOutcome Unavailable = new() { IsUnavailable = true };

    /// <summary>The limit that refused a permit; null when none did.</summary>
    public FixedWindowLimit? RefusedBy { get; init; }

    /// <summary>Until the refusing (or peeked, exhausted) counter's window ends.</summary>
    public TimeSpan RetryAfter { get; init; }

    /// <summary>The permits were granted, but the peeked counter has none left (for <see cref="RetryAfter"/>).</summary>
    public bool PeekedExhausted { get; init; }

    public bool IsUnavailable { get; init; }

    public static RateLimitOutcome Refused(FixedWindowLimit limit, TimeSpan retryAfter) => new() { RefusedBy = limit, RetryAfter = retryAfter };

    public static RateLimitOutcome Exhausted(TimeSpan retryAfter) => new() { PeekedExhausted = true, RetryAfter = retryAfter };
}

/// <summary>
/// Fixed-window counters shared by the portal's rate limits: in process (one instance, the default) or in Redis
/// (every instance of the portal counts in the same windows).
/// </summary>
internal interface IRateLimitCounters
{
    /// <summary>
    /// Takes one permit from each of <paramref name="take"/> in order and stops at the first that has none left (the
    /// ones before it stay spent); when all granted, reports whether <paramref name="peek"/> has permits left without
    /// spending one. Never throws for an unreachable store: answers <see cref="RateLimitOutcome.Unavailable"/>.
    /// </summary>
    ValueTask<RateLimitOutcome> AcquireAsync(ReadOnlyMemory<RateLimitCounter> take, RateLimitCounter? peek = null);

    /// <summary>Spends one permit of <paramref name="counter"/> whether or not any is left (a failure to count).</summary>
    ValueTask<bool> CountAsync(RateLimitCounter counter);
}
