using System.Buffers.Binary;
using System.Security.Cryptography;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Common;

namespace AppPasswords.Core.Tests.Auth;

public class LocalPasswordHasherTests
{
    private sealed class CryptoRandom : IRandomSource
    {
        public void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

        public int NextInt32(int toExclusive) => RandomNumberGenerator.GetInt32(toExclusive);
    }

    private static readonly LocalPasswordHasher Hasher = new(new CryptoRandom());

    [Fact]
    public void Hash_WritesVersion1IterationsSaltAndSubkey()
    {
        var bytes = Convert.FromBase64String(Hasher.Hash("Blue-Kettle-Orbit-42"));

        Assert.Equal(1 + 4 + 16 + 32, bytes.Length);
        Assert.Equal(0x01, bytes[0]);
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4)) >= 210_000);
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesDifferentSalts()
    {
        Assert.NotEqual(Hasher.Hash("Blue-Kettle-Orbit-42"), Hasher.Hash("Blue-Kettle-Orbit-42"));
    }

    [Fact]
    public void Verify_RightAndWrongPassword()
    {
        var hash = Hasher.Hash("Blue-Kettle-Orbit-42");

        Assert.Equal(PasswordVerification.Success, Hasher.Verify(hash, "Blue-Kettle-Orbit-42"));
        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(hash, "blue-kettle-orbit-42"));
        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(hash, ""));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(52)]
    public void Verify_TamperedHash_Fails(int byteIndex)
    {
        var bytes = Convert.FromBase64String(Hasher.Hash("Blue-Kettle-Orbit-42"));
        bytes[byteIndex] ^= 0x01;

        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(Convert.ToBase64String(bytes), "Blue-Kettle-Orbit-42"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("AQID")]
    public void Verify_MalformedHash_Fails(string hash)
    {
        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(hash, "Blue-Kettle-Orbit-42"));
    }

    [Fact]
    public void Verify_HashWithFewerIterationsThanConfigured_AsksForRehash()
    {
        var old = Hasher.Hash("Blue-Kettle-Orbit-42");
        var stronger = new LocalPasswordHasher(new CryptoRandom(), 220_000);

        Assert.Equal(PasswordVerification.SuccessRehashNeeded, stronger.Verify(old, "Blue-Kettle-Orbit-42"));
        Assert.Equal(PasswordVerification.Success, stronger.Verify(stronger.Hash("Blue-Kettle-Orbit-42"), "Blue-Kettle-Orbit-42"));
    }

    [Fact]
    public void Constructor_BelowAsvsIterations_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalPasswordHasher(new CryptoRandom(), 100_000));
    }

    [Fact]
    public void Verify_HashBelowAsvsIterations_Fails()
    {
        // What the test harness's cheap hasher writes: the app's hasher never accepts it.
        var weak = new LocalPasswordHasher(new CryptoRandom(), 1_000, 1_000).Hash("Blue-Kettle-Orbit-42");

        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(weak, "Blue-Kettle-Orbit-42"));
        Assert.Equal(PasswordVerification.Failed, new LocalPasswordHasher(new CryptoRandom(), 220_000).Verify(weak, "Blue-Kettle-Orbit-42"));
    }

    [Fact]
    public void HarnessHasher_HashesWithItsCountAndVerifiesRightAndWrongPassword()
    {
        var cheap = new LocalPasswordHasher(new CryptoRandom(), 1_000, 1_000);
        var hash = cheap.Hash("Blue-Kettle-Orbit-42");

        Assert.Equal(1_000u, BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(1, 4)));
        Assert.Equal(PasswordVerification.Success, cheap.Verify(hash, "Blue-Kettle-Orbit-42"));
        Assert.Equal(PasswordVerification.Failed, cheap.Verify(hash, "blue-kettle-orbit-42"));
        Assert.Equal(PasswordVerification.SuccessRehashNeeded, new LocalPasswordHasher(new CryptoRandom(), 2_000, 1_000).Verify(hash, "Blue-Kettle-Orbit-42"));
        Assert.Equal(PasswordVerification.Failed, new LocalPasswordHasher(new CryptoRandom(), 2_000, 2_000).Verify(hash, "Blue-Kettle-Orbit-42"));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(999, 1_000)]
    public void HarnessConstructor_InvalidCounts_Throw(int iterations, int accepted)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalPasswordHasher(new CryptoRandom(), iterations, accepted));
    }
}
