using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AppPasswords.Core.Security;

/// <summary>A stored hash of a secret: format version, key id, lookup tag and full keyed hash.</summary>
public sealed record SecretHash(int Version, string KeyId, byte[] LookupTag, byte[] Hash);

/// <summary>
/// Keyed hashes of app passwords and service keys. Version 1: HMAC-SHA256 of the normalized secret with a
/// purpose-specific key derived from the server key, plus a 16-byte lookup tag made with a second derived
/// key so verification finds the row by an indexed equality lookup. A fast keyed hash is acceptable because
/// the secrets carry at least 128 bits of entropy (NIST SP 800-63B 5.1.1.2, ASVS 11.5.1): there is nothing to
/// brute-force, and the server key keeps a stolen database useless on its own.
/// </summary>
public sealed class AppPasswordHasher(IHashKeyRing keys)
{
    public const int CurrentVersion = 1;
    public const int LookupTagBytes = 16;

    private readonly ConcurrentDictionary<(string KeyId, HashPurpose Purpose, bool Lookup), PooledHmac> derived = new();

    /// <summary>Hashes a new secret with the current key.</summary>
    public SecretHash Hash(string normalizedSecret, HashPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(normalizedSecret);
        var key = keys.Current;
        return new SecretHash(CurrentVersion, key.Id, LookupTag(key, normalizedSecret, purpose), FullHash(key, normalizedSecret, purpose));
    }

    /// <summary>The lookup tags of <paramref name="normalizedSecret"/> under every known key, the current key first.</summary>
    public IReadOnlyList<byte[]> LookupTags(string normalizedSecret, HashPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(normalizedSecret);
        var all = keys.All;
        var tags = new byte[all.Count][];
        for (var i = 0; i < all.Count; i++)
        {
            tags[i] = LookupTag(all[i], normalizedSecret, purpose);
        }

        return tags;
    }

    /// <summary>True when <paramref name="normalizedSecret"/> matches <paramref name="storedHash"/>; compares in fixed time.</summary>
    public bool Verify(string normalizedSecret, int version, string keyId, byte[] storedHash, HashPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(normalizedSecret);
        ArgumentNullException.ThrowIfNull(storedHash);
        if (version != CurrentVersion || keys.Find(keyId) is not { } key)
        {
            return false;
        }

        var computed = FullHash(key, normalizedSecret, purpose);
        return CryptographicOperations.FixedTimeEquals(computed, storedHash);
    }

    /// <summary>
    /// Always false, at the cost of one <see cref="Verify"/>: used when no stored hash matched the lookup tag, so a
    /// wrong secret takes as long as a right one.
    /// </summary>
    public bool VerifyAgainstNothing(string normalizedSecret, HashPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(normalizedSecret);
        var computed = FullHash(keys.Current, normalizedSecret, purpose);
        Span<byte> nothing = stackalloc byte[SHA256.HashSizeInBytes];
        _ = CryptographicOperations.FixedTimeEquals(computed, nothing);
        return false;
    }

    /// <summary>True when the hash was made with an older format or key and should be replaced on next use.</summary>
    public bool NeedsRehash(int version, string keyId) => version != CurrentVersion || keyId != keys.Current.Id;

    private byte[] FullHash(HashKey key, string secret, HashPurpose purpose)
    {
        var hash = new byte[SHA256.HashSizeInBytes];
        Hmac(key, purpose, lookup: false).Compute(secret, hash);
        return hash;
    }

    private byte[] LookupTag(HashKey key, string secret, HashPurpose purpose)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Hmac(key, purpose, lookup: true).Compute(secret, hash);
        return hash[..LookupTagBytes].ToArray();
    }

    private PooledHmac Hmac(HashKey key, HashPurpose purpose, bool lookup) =>
        derived.GetOrAdd((key.Id, purpose, lookup), static (k, secret) =>
            new PooledHmac(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"AppPasswords/v1/{k.Purpose}/{(k.Lookup ? "lookup" : "hash")}"))), key.Secret);

    /// <summary>
    /// HMAC-SHA256 under one derived key, with its initialised contexts reused: a one-shot HMAC makes the platform
    /// library set up the algorithm and key on every call, which costs more than hashing a short secret.
    /// </summary>
    private sealed class PooledHmac(byte[] key)
    {
        private const int MaxPooled = 64;
        private const int MaxStackBytes = 1024;
        private readonly ConcurrentQueue<IncrementalHash> pool = new();

        public void Compute(string secret, Span<byte> destination)
        {
            var hmac = pool.TryDequeue(out var pooled) ? pooled : IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            var byteCount = Encoding.UTF8.GetByteCount(secret);
            var rented = byteCount > MaxStackBytes ? new byte[byteCount] : null;
            var bytes = rented is null ? stackalloc byte[MaxStackBytes] : rented;
            try
            {
                var written = Encoding.UTF8.GetBytes(secret, bytes);
                hmac.AppendData(bytes[..written]);
                hmac.GetHashAndReset(destination);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes[..byteCount]);
            }

            if (pool.Count < MaxPooled)
            {
                pool.Enqueue(hmac);
            }
            else
            {
                hmac.Dispose();
            }
        }
    }
}

public enum HashPurpose
{
    AppPassword,
    ServiceKey,
}
