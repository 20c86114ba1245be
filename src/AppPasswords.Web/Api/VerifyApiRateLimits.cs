using AppPasswords.Web.RateLimiting;
using Microsoft.Extensions.Options;

namespace AppPasswords.Web.Api;

/// <summary>Configuration section <c>AppPasswords:VerifyRateLimits</c>: requests per minute to the verify API.</summary>
public sealed class VerifyApiRateLimitOptions
{
    public const string SectionName = "AppPasswords:VerifyRateLimits";

    /// <summary>Per mail server (service key), every request.</summary>
    public int PerServiceKeyPerMinute { get; set; } = 6000;

    /// <summary>
    /// Failed verifies per user name as sent by the mail server, whether it exists or not. Successes do not count; once
    /// spent, a wrong password for the name is answered 429, a correct one still 200 (see docs/verify-api.md).
    /// </summary>
    public int PerUserPerMinute { get; set; } = 60;

    /// <summary>Per client address reported by the mail server in <c>remoteIp</c>, every request.</summary>
    public int PerRemoteIpPerMinute { get; set; } = 120;
}

/// <summary>
/// The verify API's limits, counted in <see cref="IRateLimitCounters"/> (in process, or Redis shared by all instances):
/// every request spends a permit per service key and per remote address; per user name only failures are counted.
/// </summary>
internal sealed class VerifyApiRateLimiter
{
    private readonly IRateLimitCounters counters;
    private readonly RateLimitRejections rejections;
    private readonly FixedWindowLimit perServiceKey;
    private readonly FixedWindowLimit userFailures;
    private readonly FixedWindowLimit perRemoteIp;

    public VerifyApiRateLimiter(IRateLimitCounters counters, RateLimitRejections rejections, IOptions<VerifyApiRateLimitOptions> options)
    {
        this.counters = counters;
        this.rejections = rejections;
        var o = options.Value;
        perServiceKey = new("verify.service-key", o.PerServiceKeyPerMinute, TimeSpan.FromMinutes(1));
        userFailures = new("verify.user-failures", o.PerUserPerMinute, TimeSpan.FromMinutes(1));
        perRemoteIp = new("verify.remote-ip", o.PerRemoteIpPerMinute, TimeSpan.FromMinutes(1));
    }

    /// <summary>
    /// Before the password is checked: spends the service key's and the remote address's permits (refused: 429) and
    /// tells whether the user name's failure budget is spent (<see cref="RateLimitOutcome.PeekedExhausted"/>).
    /// </summary>
    public async ValueTask<RateLimitOutcome> AdmitAsync(Guid serviceKeyId, string userName, string? remoteIp)
    {
        var byKey = new RateLimitCounter(perServiceKey, serviceKeyId.ToString("N"));
        RateLimitCounter[] take = remoteIp is null ? [byKey] : [byKey, new RateLimitCounter(perRemoteIp, remoteIp)];
        var outcome = await counters.AcquireAsync(take, UserFailures(userName));
        if (outcome.IsUnavailable)
        {
            rejections.Rejected(RateLimitRejections.StoreUnavailable);
        }
        else if (outcome.RefusedBy is { } limit)
        {
            rejections.Rejected(limit.Name);
        }

        return outcome;
    }

    /// <summary>A verify for <paramref name="userName"/> failed while its budget had failures left.</summary>
    public ValueTask<bool> CountFailureAsync(string userName) => counters.CountAsync(UserFailures(userName));

    /// <summary>A verify failed after the user name's failure budget was spent: answered 429 instead of 401.</summary>
    public void RefusedAfterFailureBudget() => rejections.Rejected(userFailures.Name);

    private RateLimitCounter UserFailures(string userName) => new(userFailures, userName.ToUpperInvariant());
}
