using System.Threading.RateLimiting;
using AppPasswords.Core.Observability;

namespace AppPasswords.Web.Api;

/// <summary>Configuration section <c>AppPasswords:VerifyRateLimits</c>: requests per minute to the verify API.</summary>
public sealed class VerifyApiRateLimitOptions
{
    public const string SectionName = "AppPasswords:VerifyRateLimits";

    /// <summary>Per mail server (service key).</summary>
    public int PerServiceKeyPerMinute { get; set; } = 6000;

    /// <summary>Per user name as sent by the mail server, whether it exists or not.</summary>
    public int PerUserPerMinute { get; set; } = 60;

    /// <summary>Per client address reported by the mail server in <c>remoteIp</c>.</summary>
    public int PerRemoteIpPerMinute { get; set; } = 120;
}

/// <summary>Three partitioned fixed-window limiters; a request must get a permit from each that applies.</summary>
internal sealed class VerifyApiRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> perServiceKey;
    private readonly PartitionedRateLimiter<string> perUser;
    private readonly PartitionedRateLimiter<string> perRemoteIp;

    public VerifyApiRateLimiter(Microsoft.Extensions.Options.IOptions<VerifyApiRateLimitOptions> options)
    {
        var o = options.Value;
        perServiceKey = Create(o.PerServiceKeyPerMinute);
        perUser = Create(o.PerUserPerMinute);
        perRemoteIp = Create(o.PerRemoteIpPerMinute);
    }

    /// <summary>Null when every limiter granted a permit; otherwise how long the caller should wait.</summary>
    public TimeSpan? TryAcquire(Guid serviceKeyId, string userName, string? remoteIp)
    {
        using var byKey = perServiceKey.AttemptAcquire(serviceKeyId.ToString("N"));
        if (!byKey.IsAcquired)
        {
            return RetryAfter(byKey, PortalMetrics.Limiters.VerifyServiceKey);
        }

        using var byUser = perUser.AttemptAcquire(userName.ToUpperInvariant());
        if (!byUser.IsAcquired)
        {
            return RetryAfter(byUser, PortalMetrics.Limiters.VerifyUser);
        }

        if (remoteIp is not null)
        {
            using var byIp = perRemoteIp.AttemptAcquire(remoteIp);
            if (!byIp.IsAcquired)
            {
                return RetryAfter(byIp, PortalMetrics.Limiters.VerifyRemoteIp);
            }
        }

        return null;
    }

    public void Dispose()
    {
        perServiceKey.Dispose();
        perUser.Dispose();
        perRemoteIp.Dispose();
    }

    private static PartitionedRateLimiter<string> Create(int permitsPerMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permitsPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>A refusal by <paramref name="limiter"/>: counted, and how long to wait.</summary>
    private static TimeSpan RetryAfter(RateLimitLease lease, string limiter)
    {
        PortalMetrics.RecordRateLimitRejection(limiter);
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }
}
