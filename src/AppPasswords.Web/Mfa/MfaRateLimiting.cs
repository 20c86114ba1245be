using System.Globalization;
using System.Threading.RateLimiting;
using AppPasswords.Core.Observability;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Mfa;

/// <summary>Configuration section <c>Mfa:RateLimit</c>: POSTs to code-sending and code-checking pages.</summary>
public sealed class MfaRateLimitOptions
{
    public int PermitsPerUser { get; set; } = 10;

    public int PermitsPerIp { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Per-user and per-IP fixed windows, chained, on POSTs to pages marked <see cref="MfaRateLimitedAttribute"/>.
/// Pages get a redirect back with <c>?retryAfter=N</c> (shown as "Try again in N seconds"); other callers get 429.
/// </summary>
internal static class MfaRateLimiting
{
    public const string RetryAfterQuery = "retryAfter";

    public static IServiceCollection AddMfaRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Mfa:RateLimit").Get<MfaRateLimitOptions>() ?? new MfaRateLimitOptions();
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsLimited(http) && http.User.Identity?.IsAuthenticated == true
                    ? RateLimitPartition.GetFixedWindowLimiter("user:" + http.User.GetUserId(), _ => Window(options.PermitsPerUser, options.Window))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsLimited(http)
                    ? RateLimitPartition.GetFixedWindowLimiter("ip:" + http.Connection.RemoteIpAddress, _ => Window(options.PermitsPerIp, options.Window))
                    : RateLimitPartition.GetNoLimiter("")));
            o.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static bool IsLimited(HttpContext http) =>
        !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
        && http.GetEndpoint()?.Metadata.GetMetadata<MfaRateLimitedAttribute>() is not null;

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        PortalMetrics.RecordRateLimitRejection(PortalMetrics.Limiters.Mfa);
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
        var accept = http.Request.Headers.Accept.ToString();
        if (http.Request.HasFormContentType && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            // Back to the page (GET), keeping its other parameters (returnUrl, method) but not the POST handler.
            var query = new QueryBuilder(http.Request.Query
                .Where(q => !q.Key.Equals("handler", StringComparison.OrdinalIgnoreCase) && !q.Key.Equals(RetryAfterQuery, StringComparison.OrdinalIgnoreCase))
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
            {
                { RetryAfterQuery, seconds.ToString(CultureInfo.InvariantCulture) },
            };
            http.Response.Headers.Location = (http.Request.PathBase + http.Request.Path).ToString() + query.ToQueryString();
            return ValueTask.CompletedTask;
        }

        var localizer = http.RequestServices.GetRequiredService<IStringLocalizer<MfaResource>>();
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(http.Response.WriteAsync(localizer["Mfa.TryAgainIn", seconds], cancellationToken));
    }
}
