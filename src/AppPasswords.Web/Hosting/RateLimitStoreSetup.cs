using AppPasswords.Web.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AppPasswords.Web.Hosting;

/// <summary>Configuration section <c>Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// StackExchange.Redis configuration string (<c>host:port[,password=...][,ssl=true]</c>). When set, the MFA and verify
    /// API rate limits are counted in this Redis, shared by every portal instance using it; when empty, in process.
    /// </summary>
    public string? Configuration { get; set; }

    internal static bool TryParse(string? configuration, out ConfigurationOptions? options)
    {
        options = null;
        try
        {
            options = ConfigurationOptions.Parse(configuration ?? "");
        }
        catch (ArgumentException)
        {
            return false;
        }

        return options.EndPoints.Count > 0;
    }
}

/// <summary>Where the rate limits count: in process by default, in Redis when <c>Redis:Configuration</c> is set.</summary>
internal static class RateLimitStoreSetup
{
    public static IServiceCollection AddPortalRateLimitStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RateLimitRejections>();
        if (string.IsNullOrWhiteSpace(configuration[RedisOptions.SectionName + ":" + nameof(RedisOptions.Configuration)]))
        {
            services.AddSingleton<IRateLimitCounters, InMemoryRateLimitCounters>();
            return services;
        }

        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName)
            .Validate(o => RedisOptions.TryParse(o.Configuration, out _),
                "Redis:Configuration is not a StackExchange.Redis configuration string with at least one endpoint (host:port[,option=value...]).")
            .ValidateOnStart();
        services.TryAddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(ClientOptions(sp.GetRequiredService<IOptions<RedisOptions>>().Value)));
        services.AddSingleton<IRateLimitCounters, RedisRateLimitCounters>();
        services.AddHealthChecks().AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), name: "redis",
            tags: [HealthSetup.ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    private static ConfigurationOptions ClientOptions(RedisOptions redis)
    {
        if (!RedisOptions.TryParse(redis.Configuration, out var options))
        {
            throw new OptionsValidationException(RedisOptions.SectionName, typeof(RedisOptions), ["Redis:Configuration is not valid."]);
        }

        // Start and keep reconnecting while Redis is down, and fail a command at once while disconnected instead of
        // queueing it for the timeout: the callers answer "unavailable" immediately (see docs/architecture.md).
        options!.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(500, 5000);
        options.ClientName ??= "apppasswords";
        return options;
    }
}
