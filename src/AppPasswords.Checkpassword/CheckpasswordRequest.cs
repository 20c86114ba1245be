using System.Text;

namespace AppPasswords.Checkpassword;

/// <summary>
/// What Dovecot writes to file descriptor 3: <c>user\0password\0</c>, optionally followed by a timestamp and
/// further NUL-terminated fields, at most <see cref="MaxLength"/> bytes in all.
/// </summary>
internal sealed record CheckpasswordRequest(string User, string Password)
{
    public const int MaxLength = 512;

    /// <summary>Parses the fd 3 payload; returns null when it is malformed, oversized or not UTF-8.</summary>
    public static CheckpasswordRequest? Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length is 0 or > MaxLength)
        {
            return null;
        }

        var userEnd = payload.IndexOf((byte)0);
        if (userEnd <= 0)
        {
            return null;
        }

        var rest = payload[(userEnd + 1)..];
        var passwordEnd = rest.IndexOf((byte)0);
        if (passwordEnd <= 0)
        {
            return null;
        }

        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            return new CheckpasswordRequest(strict.GetString(payload[..userEnd]), strict.GetString(rest[..passwordEnd]));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"CheckpasswordRequest {{ User = {User} }}";
}
