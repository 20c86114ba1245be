using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AppPasswords.Core.Common;

namespace AppPasswords.Core.Mfa;

/// <summary>Six-digit one-time codes: generation without modulo bias, salted hashing, constant-time comparison.</summary>
public static class VerificationCodes
{
    public const int Length = 6;
    public const int SaltBytes = 16;
    private const int Range = 1_000_000;

    public static string Generate(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.NextInt32(Range).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>Accepts six ASCII digits, ignoring spaces and hyphens people type; anything else is refused.</summary>
    public static bool TryNormalize(string? input, out string code)
    {
        code = "";
        if (string.IsNullOrEmpty(input) || input.Length > 16)
        {
            return false;
        }

        Span<char> digits = stackalloc char[Length];
        var count = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (c is < '0' or > '9' || count == Length)
            {
                return false;
            }

            digits[count++] = c;
        }

        if (count != Length)
        {
            return false;
        }

        code = new string(digits);
        return true;
    }

    public static byte[] NewSalt(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var salt = new byte[SaltBytes];
        random.Fill(salt);
        return salt;
    }

    /// <summary>HMAC-SHA256 of the code keyed with a per-code salt.</summary>
    public static byte[] Hash(string code, ReadOnlySpan<byte> salt) =>
        HMACSHA256.HashData(salt, Encoding.ASCII.GetBytes(code));

    public static bool Matches(string code, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(code, salt), expectedHash);
}
