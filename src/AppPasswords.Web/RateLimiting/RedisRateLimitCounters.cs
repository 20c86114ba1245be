using StackExchange.Redis;

namespace AppPasswords.Web.RateLimiting;

/// <summary>
/// Counters in Redis, so every portal instance configured with the same Redis counts in the same windows. Each
/// decision is one Lua script (atomic in Redis): all the counters of a request in one round trip, the window's expiry
/// set together with its first count, Redis's clock deciding when a window ends (instances' clocks may differ).
/// </summary>
internal sealed partial class RedisRateLimitCounters(IConnectionMultiplexer redis, ILogger<RedisRateLimitCounters> logger) : IRateLimitCounters
{
    /// <summary>Prefix of every key; the braces keep all of them in one hash slot, as multi-key scripts need on a cluster.</summary>
    public const string KeyPrefix = "{apppasswords}:rate:";

    // KEYS: the counters to take a permit from, then optionally the one to peek at. ARGV[1]: how many to take; then
    // permits and window (ms) per key. Returns {0, 0} granted, {i, ttl} refused by the i-th, {-1, ttl} peek exhausted.
    private const string AcquireScript = """
        local n = tonumber(ARGV[1])
        for i = 1, n do
          local window = tonumber(ARGV[2 * i + 1])
          local count = redis.call('INCR', KEYS[i])
          if count == 1 then
            redis.call('PEXPIRE', KEYS[i], window)
          end
          if count > tonumber(ARGV[2 * i]) then
            local ttl = redis.call('PTTL', KEYS[i])
            if ttl < 0 then
              redis.call('PEXPIRE', KEYS[i], window)
              ttl = window
            end
            return {i, ttl}
          end
        end
        if #KEYS > n then
          local count = tonumber(redis.call('GET', KEYS[n + 1]) or '0')
          if count >= tonumber(ARGV[2 * n + 2]) then
            local ttl = redis.call('PTTL', KEYS[n + 1])
            if ttl < 0 then
              ttl = tonumber(ARGV[2 * n + 3])
            end
            return {-1, ttl}
          end
        end
        return {0, 0}
        """;

    private const string CountScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
        end
        return count
        """;

    private int unavailable;

    public async ValueTask<RateLimitOutcome> AcquireAsync(ReadOnlyMemory<RateLimitCounter> take, RateLimitCounter? peek = null)
    {
        var counters = take.Span;
        var keys = new RedisKey[counters.Length + (peek is null ? 0 : 1)];
        var values = new RedisValue[1 + 2 * keys.Length];
        values[0] = counters.Length;
        for (var i = 0; i < keys.Length; i++)
        {
            var counter = i < counters.Length ? counters[i] : peek!.Value;
            keys[i] = Key(counter);
            values[1 + 2 * i] = Math.Max(1, counter.Limit.Permits);
            values[2 + 2 * i] = WindowMilliseconds(counter.Limit);
        }

        var result = await EvaluateAsync(AcquireScript, keys, values);
        if (result is null)
        {
            return RateLimitOutcome.Unavailable;
        }

        var reply = (long[])result!;
        var retryAfter = TimeSpan.FromMilliseconds(Math.Max(1, reply[1]));
        return reply[0] switch
        {
            0 => RateLimitOutcome.Granted,
            -1 => RateLimitOutcome.Exhausted(retryAfter),
            var i => RateLimitOutcome.Refused(take.Span[(int)i - 1].Limit, retryAfter),
        };
    }

    public async ValueTask<bool> CountAsync(RateLimitCounter counter) =>
        await EvaluateAsync(CountScript, [Key(counter)], [WindowMilliseconds(counter.Limit)]) is not null;

    private static RedisKey Key(RateLimitCounter counter) => KeyPrefix + counter.Limit.Name + ":" + counter.Partition;

    private static long WindowMilliseconds(FixedWindowLimit limit) => Math.Max(1, (long)limit.Window.TotalMilliseconds);

    /// <summary>Runs a script; null when Redis cannot be reached or answers with an error (logged once per outage).</summary>
    private async Task<RedisResult?> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            RedisResult result;
            try
            {
                result = await redis.GetDatabase().ScriptEvaluateAsync(script, keys, values);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                // A restarted Redis has lost the cached script; the client loads it again on the retry.
                result = await redis.GetDatabase().ScriptEvaluateAsync(script, keys, values);
            }

            if (Interlocked.Exchange(ref unavailable, 0) == 1)
            {
                LogRecovered(logger);
            }

            return result;
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            if (Interlocked.Exchange(ref unavailable, 1) == 0)
            {
                LogUnavailable(logger, e);
            }

            return null;
        }
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Error, Message = "Redis cannot be reached: rate-limited requests are refused (verify API 503, MFA code pages send and check nothing) until it answers again")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Redis answers again: rate limits counted as usual")]
    private static partial void LogRecovered(ILogger logger);
}
