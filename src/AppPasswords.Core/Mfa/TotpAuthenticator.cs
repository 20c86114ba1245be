using System.Globalization;
using System.Text;
using AppPasswords.Core.Common;
using OtpNet;

namespace AppPasswords.Core.Mfa;

/// <summary>
/// RFC 6238 with the parameters every authenticator app accepts: SHA-1, 6 digits, 30-second steps,
/// a 160-bit seed. Verification uses the given time only and accepts one step either side.
/// </summary>
public static class TotpAuthenticator
{
    public const int SeedBytes = 20;
    public const int Digits = 6;
    public const int StepSeconds = 30;

    public static byte[] GenerateSeed(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var seed = new byte[SeedBytes];
        random.Fill(seed);
        return seed;
    }

    /// <summary>Base32 without padding, as apps expect it.</summary>
    public static string EncodeKey(ReadOnlySpan<byte> seed) => Base32Encoding.ToString(seed.ToArray()).TrimEnd('=');

    /// <summary>The key in groups of four for "Can't scan the image?", e.g. <c>ABCD EFGH …</c>.</summary>
    public static string FormatKeyForDisplay(ReadOnlySpan<byte> seed)
    {
        var key = EncodeKey(seed);
        var builder = new StringBuilder(key.Length + (key.Length / 4));
        for (var i = 0; i < key.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                builder.Append(' ');
            }

            builder.Append(key[i]);
        }

        return builder.ToString();
    }

    /// <summary><c>otpauth://totp/{Issuer}:{account}?secret=…&amp;issuer=…&amp;algorithm=SHA1&amp;digits=6&amp;period=30</c>.</summary>
    public static Uri BuildUri(string issuer, string accountName, ReadOnlySpan<byte> seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        var label = Uri.EscapeDataString(issuer) + ":" + Uri.EscapeDataString(accountName);
        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"secret={EncodeKey(seed)}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}");
        return new Uri($"otpauth://totp/{label}?{query}");
    }

    public static long TimeStepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code for <paramref name="time"/> (for tests and tooling).</summary>
    public static string ComputeCode(ReadOnlySpan<byte> seed, DateTimeOffset time) =>
        new Totp(seed.ToArray(), StepSeconds, OtpHashMode.Sha1, Digits).ComputeTotp(time.UtcDateTime);

    /// <summary>
    /// Returns the time step matched by <paramref name="code"/> within ±1 step of <paramref name="now"/>, or null when
    /// the code is wrong, malformed, or its step is not after <paramref name="lastUsedStep"/> (replay).
    /// </summary>
    public static long? Verify(ReadOnlySpan<byte> seed, string? code, DateTimeOffset now, long? lastUsedStep)
    {
        if (!VerificationCodes.TryNormalize(code, out var normalized))
        {
            return null;
        }

        var totp = new Totp(seed.ToArray(), StepSeconds, OtpHashMode.Sha1, Digits);
        if (!totp.VerifyTotp(now.UtcDateTime, normalized, out var step, new VerificationWindow(previous: 1, future: 1)))
        {
            return null;
        }

        return lastUsedStep is { } last && step <= last ? null : step;
    }
}
