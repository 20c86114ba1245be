using System.Buffers;
using AppPasswords.Core.Common;

namespace AppPasswords.Core.ServiceKeys;

/// <summary>The text form of a service key: <c>apsk_</c>, a 12-character prefix, <c>_</c>, a 43-character secret (256 bits).</summary>
public static class ServiceKeyFormat
{
    public const string Scheme = "apsk_";
    public const int PrefixLength = 12;
    public const int SecretLength = 43;
    private const string PrefixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly SearchValues<char> PrefixChars = SearchValues.Create(PrefixAlphabet);
    private static readonly SearchValues<char> SecretChars = SearchValues.Create(SecretAlphabet);

    public static (string Prefix, string Secret) NewParts(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var prefix = string.Create(PrefixLength, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = PrefixAlphabet[r.NextInt32(PrefixAlphabet.Length)];
            }
        });
        var secret = string.Create(SecretLength, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = SecretAlphabet[r.NextInt32(SecretAlphabet.Length)];
            }
        });
        return (prefix, secret);
    }

    public static string Compose(string prefix, string secret) => $"{Scheme}{prefix}_{secret}";

    public static bool TryParse(string? key, out string prefix, out string secret)
    {
        prefix = secret = "";
        if (key is null || key.Length != Scheme.Length + PrefixLength + 1 + SecretLength
            || !key.StartsWith(Scheme, StringComparison.Ordinal) || key[Scheme.Length + PrefixLength] != '_')
        {
            return false;
        }

        var p = key.AsSpan(Scheme.Length, PrefixLength);
        var s = key.AsSpan(Scheme.Length + PrefixLength + 1);
        if (p.ContainsAnyExcept(PrefixChars) || s.ContainsAnyExcept(SecretChars))
        {
            return false;
        }

        prefix = p.ToString();
        secret = s.ToString();
        return true;
    }
}
