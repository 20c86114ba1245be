namespace AppPasswords.Core.Security;

/// <summary>One server-side secret key used for keyed hashes (app passwords, service keys).</summary>
/// <param name="Id">Short identifier stored beside every hash made with this key.</param>
/// <param name="Secret">At least 32 random bytes.</param>
public sealed record HashKey(string Id, byte[] Secret);

/// <summary>
/// The server keys for keyed hashes. New hashes use <see cref="Current"/>; hashes made with an older key
/// stay verifiable while that key is still listed, which is how keys are rotated.
/// </summary>
public interface IHashKeyRing
{
    HashKey Current { get; }

    /// <summary>Every key, the current one first.</summary>
    IReadOnlyList<HashKey> All { get; }

    HashKey? Find(string keyId);
}

/// <summary>An immutable <see cref="IHashKeyRing"/>.</summary>
public sealed class HashKeyRing : IHashKeyRing
{
    public const int MinimumSecretBytes = 32;

    public HashKeyRing(IEnumerable<HashKey> keys, string currentKeyId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = keys.ToList();
        foreach (var key in list)
        {
            if (string.IsNullOrWhiteSpace(key.Id) || key.Id.Length > 32)
            {
                throw new ArgumentException("Every hash key needs an id of 1 to 32 characters.", nameof(keys));
            }

            if (key.Secret.Length < MinimumSecretBytes)
            {
                throw new ArgumentException($"Hash key '{key.Id}' is shorter than {MinimumSecretBytes} bytes.", nameof(keys));
            }
        }

        if (list.Select(k => k.Id).Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            throw new ArgumentException("Hash key ids must be unique.", nameof(keys));
        }

        Current = list.FirstOrDefault(k => k.Id == currentKeyId)
            ?? throw new ArgumentException($"The current hash key id '{currentKeyId}' is not among the keys.", nameof(currentKeyId));
        All = [Current, .. list.Where(k => k.Id != currentKeyId)];
    }

    public HashKey Current { get; }

    public IReadOnlyList<HashKey> All { get; }

    public HashKey? Find(string keyId) => All.FirstOrDefault(k => k.Id == keyId);
}
