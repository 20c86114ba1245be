using System.Collections.Concurrent;

namespace AppPasswords.Core.AppPasswords;

/// <summary>
/// Keeps a brute-force attempt from flooding the audit log: per user name and failure reason at most one
/// audit row per <see cref="Window"/>, the next row carrying how many failures were suppressed meanwhile.
/// Held in memory by one instance; bounded so hostile names cannot exhaust memory.
/// </summary>
public sealed class VerificationFailureAuditThrottle
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxTrackedKeys = 10_000;

    private readonly ConcurrentDictionary<(string Name, VerifyAppPasswordFailure Reason), Entry> entries = new();

    /// <summary>True when this failure should be written; <paramref name="suppressed"/> counts those skipped since the last write.</summary>
    public bool ShouldRecord(string userName, VerifyAppPasswordFailure reason, DateTimeOffset now, out int suppressed)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (entries.Count >= MaxTrackedKeys)
        {
            foreach (var stale in entries.Where(e => now - e.Value.WindowStart >= Window).Select(e => e.Key).ToList())
            {
                entries.TryRemove(stale, out _);
            }
        }

        var key = (userName.ToUpperInvariant(), reason);
        var entry = entries.GetOrAdd(key, _ => new Entry { WindowStart = DateTimeOffset.MinValue });
        lock (entry)
        {
            if (now - entry.WindowStart >= Window)
            {
                suppressed = entry.Suppressed;
                entry.WindowStart = now;
                entry.Suppressed = 0;
                return true;
            }

            entry.Suppressed++;
            suppressed = entry.Suppressed;
            return false;
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset WindowStart { get; set; }

        public int Suppressed { get; set; }
    }
}
