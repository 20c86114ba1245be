using AppPasswords.Core.Common;

namespace AppPasswords.Core.Security;

/// <summary>
/// Makes app passwords: <see cref="Length"/> lowercase letters from the CSPRNG, easy to type on a phone.
/// 28 letters carry 28 × log2(26) ≈ 131.6 bits, above the 128 bits OWASP ASVS 11.5.1 asks for.
/// </summary>
public sealed class AppPasswordGenerator(IRandomSource random)
{
    public const int Length = 28;
    public const int GroupSize = 4;
    public const string Alphabet = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>The largest multiple of 26 that fits in a byte: bytes at or above it are rejected, so every letter is equally likely.</summary>
    internal const int RejectionThreshold = 256 - (256 % 26);

    public static double EntropyBits => Length * Math.Log2(Alphabet.Length);

    /// <summary>A new password, normalized (no spaces), e.g. <c>abcdefgh...</c>.</summary>
    public string Generate()
    {
        Span<char> result = stackalloc char[Length];
        Span<byte> buffer = stackalloc byte[64];
        var filled = 0;
        while (filled < Length)
        {
            random.Fill(buffer);
            foreach (var b in buffer)
            {
                if (b >= RejectionThreshold)
                {
                    continue;
                }

                result[filled++] = Alphabet[b % Alphabet.Length];
                if (filled == Length)
                {
                    break;
                }
            }
        }

        var password = new string(result);
        result.Clear();
        buffer.Clear();
        return password;
    }

    /// <summary>The display form: groups of four letters separated by spaces.</summary>
    public static string FormatForDisplay(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return string.Join(' ', password.Chunk(GroupSize).Select(c => new string(c)));
    }

    /// <summary>
    /// Accepts the password as typed: any case, with or without spaces (and tabs or dashes between groups).
    /// Returns false when what is left is not exactly <see cref="Length"/> letters.
    /// </summary>
    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = "";
        if (input is null || input.Length > 128)
        {
            return false;
        }

        Span<char> chars = stackalloc char[Length];
        var count = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '\t' or '-')
            {
                continue;
            }

            var lower = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            if (lower is < 'a' or > 'z' || count == Length)
            {
                return false;
            }

            chars[count++] = lower;
        }

        if (count != Length)
        {
            return false;
        }

        normalized = new string(chars);
        return true;
    }
}
