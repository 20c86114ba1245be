using System.Globalization;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Http.Extensions;
using AppPasswords.Web.RateLimiting;
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
/// Per-user and per-IP fixed windows, chained, on POSTs to pages marked <see cref="MfaRateLimitedAttribute"/>, counted in
/// <see cref="IRateLimitCounters"/> (in process, or in Redis shared by every instance). Pages get a redirect back with
/// <c>?retryAfter=N</c> (shown as "Try again in N seconds"), or with <c>?limitsUnavailable=1</c> when the counters
/// cannot be reached: then the POST is not run at all, so no code is sent or checked (fail closed). Other callers get
/// 429 or 503.
/// </summary>
internal static class MfaRateLimiting
{
    public const string RetryAfterQuery = "retryAfter";
    public const string UnavailableQuery = "limitsUnavailable";

    public static IServiceCollection AddMfaRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Mfa:RateLimit").Get<MfaRateLimitOptions>() ?? new MfaRateLimitOptions();
        services.AddSingleton(new MfaRateLimits(
            new FixedWindowLimit("mfa.user", options.PermitsPerUser, options.Window),
            new FixedWindowLimit("mfa.ip", options.PermitsPerIp, options.Window)));
        return services;
    }

    /// <summary>After routing and authentication (it needs the endpoint's metadata and the user).</summary>
    public static IApplicationBuilder UseMfaRateLimits(this IApplicationBuilder app) =>
        app.Use(next => http => IsLimited(http) ? LimitAsync(http, next) : next(http));

    private static bool IsLimited(HttpContext http) =>
        !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
        && http.GetEndpoint()?.Metadata.GetMetadata<MfaRateLimitedAttribute>() is not null;

    private static async Task LimitAsync(HttpContext http, RequestDelegate next)
    {
        var limits = http.RequestServices.GetRequiredService<MfaRateLimits>();
        var byIp = new RateLimitCounter(limits.PerIp, http.Connection.RemoteIpAddress?.ToString() ?? "");
        RateLimitCounter[] take = http.User.Identity?.IsAuthenticated == true
            ? [new RateLimitCounter(limits.PerUser, http.User.GetUserId().ToString()), byIp]
            : [byIp];
        var outcome = await http.RequestServices.GetRequiredService<IRateLimitCounters>().AcquireAsync(take);
        if (!outcome.IsUnavailable && outcome.RefusedBy is null)
        {
            await next(http);
            return;
        }

        http.RequestServices.GetRequiredService<RateLimitRejections>().Rejected(outcome.RefusedBy?.Name ?? RateLimitRejections.StoreUnavailable);
        await RejectAsync(http, outcome);
    }

    private static Task RejectAsync(HttpContext http, RateLimitOutcome outcome)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(outcome.RetryAfter.TotalSeconds));
        var accept = http.Request.Headers.Accept.ToString();
        if (http.Request.HasFormContentType && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            // Back to the page (GET), keeping its other parameters (returnUrl, method) but not the POST handler.
            var query = new QueryBuilder(http.Request.Query
                .Where(q => !q.Key.Equals("handler", StringComparison.OrdinalIgnoreCase) && !q.Key.Equals(RetryAfterQuery, StringComparison.OrdinalIgnoreCase)
                    && !q.Key.Equals(UnavailableQuery, StringComparison.OrdinalIgnoreCase))
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
            if (outcome.IsUnavailable)
            {
                query.Add(UnavailableQuery, "1");
            }
            else
            {
                query.Add(RetryAfterQuery, seconds.ToString(CultureInfo.InvariantCulture));
            }

            http.Response.Headers.Location = (http.Request.PathBase + http.Request.Path).ToString() + query.ToQueryString();
            return Task.CompletedTask;
        }

        var localizer = http.RequestServices.GetRequiredService<IStringLocalizer<MfaResource>>();
        if (outcome.IsUnavailable)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "60";
            return http.Response.WriteAsync(localizer["Mfa.LimitsUnavailable"], http.RequestAborted);
        }

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return http.Response.WriteAsync(localizer["Mfa.TryAgainIn", seconds], http.RequestAborted);
    }
}

/// <summary>The two MFA limits, built once from <see cref="MfaRateLimitOptions"/>.</summary>
internal sealed record MfaRateLimits(FixedWindowLimit PerUser, FixedWindowLimit PerIp);
