using System.Collections.Concurrent;

namespace AppPasswords.Core.Auth;

/// <summary>
/// Progressive delay after failed sign-ins, per user name and per IP address: after the free failures each further
/// failure doubles the wait, capped at <see cref="SignInThrottleOptions.MaxDelay"/>, so an attacker gets a few guesses
/// an hour while the real user is never locked out for longer than the cap; a success clears the user name's count.
/// Kept in memory (one instance per process): a restart forgets it, which only ever helps the victim.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock, SignInThrottleOptions options)
{
    private const int MaxTrackedKeys = 100_000;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>When the caller may try again, or null when it may try now.</summary>
    public DateTimeOffset? BlockedUntil(string normalizedUserName, string? ipAddress)
    {
        var now = clock.GetUtcNow();
        var account = Until(AccountKey(normalizedUserName), options.FreeFailuresPerAccount, now);
        var ip = ipAddress is null ? null : Until(IpKey(ipAddress), options.FreeFailuresPerIp, now);
        var latest = Max(account, ip);
        return latest > now ? latest : null;
    }

    public void RecordFailure(string normalizedUserName, string? ipAddress)
    {
        var now = clock.GetUtcNow();
        Prune(now);
        Add(AccountKey(normalizedUserName), now);
        if (ipAddress is not null)
        {
            Add(IpKey(ipAddress), now);
        }
    }

    /// <summary>Clears the user name's failures; the IP address keeps its count so one good account cannot reset it.</summary>
    public void RecordSuccess(string normalizedUserName) => entries.TryRemove(AccountKey(normalizedUserName), out _);

    /// <summary>The delay after <paramref name="failures"/> failures when <paramref name="free"/> are allowed.</summary>
    public TimeSpan DelayAfter(int failures, int free)
    {
        if (failures < free)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(failures - free, 30);
        var ticks = options.BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private DateTimeOffset? Until(string key, int free, DateTimeOffset now)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        lock (entry)
        {
            if (now - entry.LastFailureAt >= options.ForgetAfter)
            {
                return null;
            }

            return entry.LastFailureAt + DelayAfter(entry.Failures, free);
        }
    }

    private void Add(string key, DateTimeOffset now)
    {
        var entry = entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            if (entry.Failures > 0 && now - entry.LastFailureAt >= options.ForgetAfter)
            {
                entry.Failures = 0;
            }

            entry.Failures++;
            entry.LastFailureAt = now;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        if (entries.Count < MaxTrackedKeys)
        {
            return;
        }

        foreach (var (key, entry) in entries)
        {
            if (now - entry.LastFailureAt >= options.MaxDelay)
            {
                entries.TryRemove(key, out _);
            }
        }
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static string AccountKey(string normalizedUserName) => "u:" + normalizedUserName;

    private static string IpKey(string ipAddress) => "ip:" + ipAddress;

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailureAt { get; set; }
    }
}
