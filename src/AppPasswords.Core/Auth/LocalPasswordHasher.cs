using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AppPasswords.Core.Common;

namespace AppPasswords.Core.Auth;

public enum PasswordVerification
{
    Failed,
    Success,

    /// <summary>The password is right but was hashed with weaker parameters than today's; store a new hash.</summary>
    SuccessRehashNeeded,
}

/// <summary>
/// PBKDF2-HMAC-SHA512 (OWASP ASVS: at least 210,000 iterations). Format, base64 of:
/// version byte <c>0x01</c> | iterations (uint32, big endian) | salt (16 bytes) | subkey (32 bytes).
/// </summary>
public sealed class LocalPasswordHasher
{
    public const int MinimumIterations = 210_000;
    private const byte Version1 = 0x01;
    private const int SaltLength = 16;
    private const int SubkeyLength = 32;
    private const int HeaderLength = 1 + 4;
    private readonly IRandomSource random;
    private readonly int acceptedIterations;

    public LocalPasswordHasher(IRandomSource random, int iterations = MinimumIterations)
        : this(random, iterations, MinimumIterations)
    {
    }

    /// <summary>
    /// Test harness only (AppPasswords.Testing): hashes with, and accepts hashes of, as few as
    /// <paramref name="acceptedIterations"/> iterations so test users do not each cost hundreds of ms of CPU.
    /// Configuration never reaches this constructor; the app's own hasher always has the ASVS floor.
    /// </summary>
    internal LocalPasswordHasher(IRandomSource random, int iterations, int acceptedIterations)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(acceptedIterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, acceptedIterations);
        this.random = random;
        this.acceptedIterations = acceptedIterations;
        Iterations = iterations;
    }

    public int Iterations { get; }

    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var output = new byte[HeaderLength + SaltLength + SubkeyLength];
        output[0] = Version1;
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(1, 4), (uint)Iterations);
        var salt = output.AsSpan(HeaderLength, SaltLength);
        random.Fill(salt);
        Derive(password, salt, Iterations, output.AsSpan(HeaderLength + SaltLength));
        return Convert.ToBase64String(output);
    }

    public PasswordVerification Verify(string hash, string password)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(password);
        Span<byte> decoded = stackalloc byte[HeaderLength + SaltLength + SubkeyLength];
        if (!Convert.TryFromBase64String(hash, decoded, out var written)
            || written != decoded.Length
            || decoded[0] != Version1)
        {
            return PasswordVerification.Failed;
        }

        var iterations = BinaryPrimitives.ReadUInt32BigEndian(decoded.Slice(1, 4));
        if (iterations < acceptedIterations || iterations > 10_000_000)
        {
            return PasswordVerification.Failed;
        }

        Span<byte> actual = stackalloc byte[SubkeyLength];
        Derive(password, decoded.Slice(HeaderLength, SaltLength), (int)iterations, actual);
        if (!CryptographicOperations.FixedTimeEquals(actual, decoded[(HeaderLength + SaltLength)..]))
        {
            return PasswordVerification.Failed;
        }

        return iterations < Iterations ? PasswordVerification.SuccessRehashNeeded : PasswordVerification.Success;
    }

    private static void Derive(string password, ReadOnlySpan<byte> salt, int iterations, Span<byte> destination)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(bytes, salt, destination, iterations, HashAlgorithmName.SHA512);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
