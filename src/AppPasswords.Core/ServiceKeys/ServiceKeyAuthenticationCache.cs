using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AppPasswords.Core.ServiceKeys;

/// <summary>
/// Remembers for at most <see cref="TimeToLive"/> which presented service keys authenticated successfully, so the
/// verify API does not read and re-hash the key on every request. Entries are keyed by the SHA-256 of the presented
/// key (never the key itself) and hold only the key's id. Failures are never cached.
/// A revocation through <see cref="IRevokeServiceKeyCommand"/> evicts the key in this process at once; a revocation
/// made elsewhere (another instance, the <c>service-keys revoke</c> command line) takes effect within the TTL.
/// </summary>
public sealed class ServiceKeyAuthenticationCache(TimeProvider clock)
{
    /// <summary>Upper bound on how long a key revoked by another process can still be accepted here.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 1024;
    private readonly ConcurrentDictionary<UInt128, Entry> entries = new();
    private long generation;

    /// <summary>A token to pass to <see cref="Add"/>: an entry read from the database before a revocation is not stored after it.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public static UInt128 Fingerprint(string presentedKey)
    {
        ArgumentNullException.ThrowIfNull(presentedKey);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey), hash);
        return BitConverter.ToUInt128(hash);
    }

    public bool TryGet(UInt128 fingerprint, out Guid serviceKeyId)
    {
        if (entries.TryGetValue(fingerprint, out var entry) && clock.GetUtcNow() < entry.ExpiresAt)
        {
            serviceKeyId = entry.ServiceKeyId;
            return true;
        }

        serviceKeyId = Guid.Empty;
        return false;
    }

    public void Add(UInt128 fingerprint, Guid serviceKeyId, long generationBeforeLookup)
    {
        if (entries.Count >= MaxEntries)
        {
            RemoveExpired();
            if (entries.Count >= MaxEntries)
            {
                return;
            }
        }

        entries[fingerprint] = new Entry(serviceKeyId, clock.GetUtcNow() + TimeToLive);
        if (Generation != generationBeforeLookup)
        {
            // A revocation ran while this key was being looked up: the row read may predate it.
            entries.TryRemove(fingerprint, out _);
        }
    }

    /// <summary>Forgets every cached authentication of the key; call after revoking it.</summary>
    public void Evict(Guid serviceKeyId)
    {
        Interlocked.Increment(ref generation);
        foreach (var (fingerprint, entry) in entries)
        {
            if (entry.ServiceKeyId == serviceKeyId)
            {
                entries.TryRemove(fingerprint, out _);
            }
        }
    }

    private void RemoveExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (fingerprint, entry) in entries)
        {
            if (entry.ExpiresAt <= now)
            {
                entries.TryRemove(fingerprint, out _);
            }
        }
    }

    private sealed record Entry(Guid ServiceKeyId, DateTimeOffset ExpiresAt);
}
