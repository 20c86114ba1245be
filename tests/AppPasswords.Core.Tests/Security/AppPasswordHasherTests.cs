using System.Security.Cryptography;
using AppPasswords.Core.Security;

namespace AppPasswords.Core.Tests.Security;

public class AppPasswordHasherTests
{
    private const string Secret = "abcdefghijklmnopqrstuvwxyzab";
    private static readonly HashKey Old = new("old", RandomNumberGenerator.GetBytes(32));
    private static readonly HashKey New = new("new", RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Hash_RecordsVersionAndCurrentKeyId_AndVerifies()
    {
        var hasher = new AppPasswordHasher(new HashKeyRing([Old], "old"));

        var hash = hasher.Hash(Secret, HashPurpose.AppPassword);

        Assert.Equal(1, hash.Version);
        Assert.Equal("old", hash.KeyId);
        Assert.Equal(16, hash.LookupTag.Length);
        Assert.Equal(32, hash.Hash.Length);
        Assert.True(hasher.Verify(Secret, hash.Version, hash.KeyId, hash.Hash, HashPurpose.AppPassword));
    }

    [Fact]
    public void Verify_AfterRotation_OldHashStillVerifiesAndNewHashesUseCurrentKey()
    {
        var before = new AppPasswordHasher(new HashKeyRing([Old], "old")).Hash(Secret, HashPurpose.AppPassword);
        var rotated = new AppPasswordHasher(new HashKeyRing([Old, New], "new"));

        Assert.True(rotated.Verify(Secret, before.Version, before.KeyId, before.Hash, HashPurpose.AppPassword));
        Assert.True(rotated.NeedsRehash(before.Version, before.KeyId));
        var after = rotated.Hash(Secret, HashPurpose.AppPassword);
        Assert.Equal("new", after.KeyId);
        Assert.NotEqual(before.Hash, after.Hash);
        Assert.Equal([after.LookupTag, before.LookupTag], rotated.LookupTags(Secret, HashPurpose.AppPassword));
    }

    [Fact]
    public void Verify_KeyRemovedFromRing_ReturnsFalse()
    {
        var hash = new AppPasswordHasher(new HashKeyRing([Old], "old")).Hash(Secret, HashPurpose.AppPassword);

        Assert.False(new AppPasswordHasher(new HashKeyRing([New], "new")).Verify(Secret, hash.Version, hash.KeyId, hash.Hash, HashPurpose.AppPassword));
    }

    [Fact]
    public void Verify_UnknownVersion_ReturnsFalse()
    {
        var hasher = new AppPasswordHasher(new HashKeyRing([Old], "old"));
        var hash = hasher.Hash(Secret, HashPurpose.AppPassword);

        Assert.False(hasher.Verify(Secret, 2, hash.KeyId, hash.Hash, HashPurpose.AppPassword));
        Assert.False(hasher.Verify(Secret, 0, hash.KeyId, hash.Hash, HashPurpose.AppPassword));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void Verify_HashDifferingInOneByte_ReturnsFalse(int index)
    {
        var hasher = new AppPasswordHasher(new HashKeyRing([Old], "old"));
        var hash = hasher.Hash(Secret, HashPurpose.AppPassword);
        var tampered = (byte[])hash.Hash.Clone();
        tampered[index] ^= 1;

        Assert.False(hasher.Verify(Secret, hash.Version, hash.KeyId, tampered, HashPurpose.AppPassword));
        Assert.False(hasher.Verify(Secret, hash.Version, hash.KeyId, hash.Hash[..31], HashPurpose.AppPassword));
        Assert.False(hasher.Verify("bbcdefghijklmnopqrstuvwxyzab", hash.Version, hash.KeyId, hash.Hash, HashPurpose.AppPassword));
    }

    [Fact]
    public void Hash_DifferentPurposes_ProduceUnrelatedHashesAndTags()
    {
        var hasher = new AppPasswordHasher(new HashKeyRing([Old], "old"));
        var a = hasher.Hash(Secret, HashPurpose.AppPassword);
        var s = hasher.Hash(Secret, HashPurpose.ServiceKey);

        Assert.NotEqual(a.Hash, s.Hash);
        Assert.NotEqual(a.LookupTag, s.LookupTag);
        Assert.NotEqual(a.Hash.AsSpan(0, 16).ToArray(), a.LookupTag);
        Assert.False(hasher.Verify(Secret, a.Version, a.KeyId, a.Hash, HashPurpose.ServiceKey));
    }

    [Fact]
    public void HashKeyRing_ShortKeyOrUnknownCurrentOrDuplicateIds_Throws()
    {
        Assert.Throws<ArgumentException>(() => new HashKeyRing([new HashKey("k", new byte[31])], "k"));
        Assert.Throws<ArgumentException>(() => new HashKeyRing([Old], "missing"));
        Assert.Throws<ArgumentException>(() => new HashKeyRing([Old, Old], "old"));
    }

    [Fact]
    public void Hash_Version1_IsHmacSha256UnderKeysDerivedPerPurposeAndUse()
    {
        // Pins the stored format: rows hashed before any change to the hasher must keep verifying.
        var hasher = new AppPasswordHasher(new HashKeyRing([Old], "old"));
        static byte[] Hmac(byte[] key, string text) => HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(text));

        var hash = hasher.Hash(Secret, HashPurpose.AppPassword);

        Assert.Equal(Hmac(Hmac(Old.Secret, "AppPasswords/v1/AppPassword/hash"), Secret), hash.Hash);
        Assert.Equal(Hmac(Hmac(Old.Secret, "AppPasswords/v1/AppPassword/lookup"), Secret)[..16], hash.LookupTag);
        Assert.Equal(Hmac(Hmac(Old.Secret, "AppPasswords/v1/ServiceKey/hash"), Secret), hasher.Hash(Secret, HashPurpose.ServiceKey).Hash);
    }

    [Fact]
    public async Task Hash_ManyConcurrentCallers_EachGetsTheHashOfItsOwnSecret()
    {
        // The hasher reuses HMAC contexts across calls; a context shared by two callers would mix their input.
        var hasher = new AppPasswordHasher(new HashKeyRing([Old], "old"));
        var secrets = Enumerable.Range(0, 64).Select(i => new string((char)('a' + (i % 26)), 28 + (i % 5)) + i).ToArray();
        var expected = secrets.Select(secret => new AppPasswordHasher(new HashKeyRing([Old], "old")).Hash(secret, HashPurpose.AppPassword)).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 200).Select(n => (n % secrets.Length, hasher.Hash(secrets[n % secrets.Length], HashPurpose.AppPassword))).ToList())));

        foreach (var (index, hash) in results.SelectMany(r => r))
        {
            Assert.Equal(expected[index].Hash, hash.Hash);
            Assert.Equal(expected[index].LookupTag, hash.LookupTag);
        }
    }

    [Fact]
    public void Hash_SecretLongerThanTheStackBuffer_HashesAllOfIt()
    {
        var hasher = new AppPasswordHasher(new HashKeyRing([Old], "old"));
        var longSecret = new string('\u00e9', 600) + "x";

        var hash = hasher.Hash(longSecret, HashPurpose.AppPassword);

        Assert.Equal(HMACSHA256.HashData(HMACSHA256.HashData(Old.Secret, "AppPasswords/v1/AppPassword/hash"u8), System.Text.Encoding.UTF8.GetBytes(longSecret)), hash.Hash);
        Assert.False(hasher.Verify(longSecret[..^1], hash.Version, hash.KeyId, hash.Hash, HashPurpose.AppPassword));
    }
}
