using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace AppPasswords.Web.RateLimiting;

/// <summary>
/// The counters of one portal process: one partitioned <see cref="FixedWindowRateLimiter"/> per limit (idle partitions
/// are dropped by the runtime). Used when <c>Redis:Configuration</c> is not set.
/// </summary>
internal sealed class InMemoryRateLimitCounters : IRateLimitCounters, IDisposable
{
    private readonly ConcurrentDictionary<FixedWindowLimit, PartitionedRateLimiter<string>> limiters = new();

    public ValueTask<RateLimitOutcome> AcquireAsync(ReadOnlyMemory<RateLimitCounter> take, RateLimitCounter? peek = null)
    {
        foreach (var counter in take.Span)
        {
            using var lease = Limiter(counter.Limit).AttemptAcquire(counter.Partition);
            if (!lease.IsAcquired)
            {
                return ValueTask.FromResult(RateLimitOutcome.Refused(counter.Limit, RetryAfter(lease, counter.Limit)));
            }
        }

        if (peek is { } watched)
        {
            // Zero permits: succeeds while the window has any left, spends nothing.
            using var lease = Limiter(watched.Limit).AttemptAcquire(watched.Partition, 0);
            if (!lease.IsAcquired)
            {
                return ValueTask.FromResult(RateLimitOutcome.Exhausted(RetryAfter(lease, watched.Limit)));
            }
        }

        return ValueTask.FromResult(RateLimitOutcome.Granted);
    }

    public ValueTask<bool> CountAsync(RateLimitCounter counter)
    {
        using var lease = Limiter(counter.Limit).AttemptAcquire(counter.Partition);
        return ValueTask.FromResult(true);
    }

    public void Dispose()
    {
        foreach (var limiter in limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private PartitionedRateLimiter<string> Limiter(FixedWindowLimit limit) =>
        limiters.GetOrAdd(limit, static l => PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, l.Permits),
            Window = l.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        })));

    private static TimeSpan RetryAfter(RateLimitLease lease, FixedWindowLimit limit) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : limit.Window;
}
