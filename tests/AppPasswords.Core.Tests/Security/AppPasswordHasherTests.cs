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
}
