using AppPasswords.Core.Observability;

namespace AppPasswords.Web.RateLimiting;

/// <summary>
/// The one place every rate-limit refusal of the portal passes through (verify API and MFA code pages), with the
/// limit's name, or <see cref="StoreUnavailable"/> when the shared counters could not be reached: where a metric of
/// rejections belongs.
/// </summary>
internal sealed partial class RateLimitRejections(ILogger<RateLimitRejections> logger)
{
    public const string StoreUnavailable = "store-unavailable";

    public void Rejected(string limit)
    {
        PortalMetrics.RecordRateLimitRejection(limit);
        LogRejected(logger, limit);
    }

    [LoggerMessage(EventId = 7203, Level = LogLevel.Debug, Message = "Request refused by rate limit {Limit}")]
    private static partial void LogRejected(ILogger logger, string limit);
}
