using System.Net.Mail;

namespace AppPasswords.Core.Contacts;

/// <summary>Validation, normalisation and masking of email addresses.</summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;
    private const int MaxLocalPartLength = 64;

    /// <summary>Accepts a bare address (no display name, no comments) within RFC 5321 length limits.</summary>
    public static bool TryNormalize(string? input, out string address)
    {
        address = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var trimmed = input.Trim();
        if (trimmed.Length > MaxLength || trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        if (!MailAddress.TryCreate(trimmed, out var parsed) || !string.Equals(parsed.Address, trimmed, StringComparison.Ordinal))
        {
            return false;
        }

        var at = trimmed.LastIndexOf('@');
        if (at is < 1 or > MaxLocalPartLength || !trimmed[(at + 1)..].Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        address = trimmed.ToLowerInvariant();
        return true;
    }

    /// <summary><c>a•••@contoso.com</c>: the first character of the local part and the domain.</summary>
    public static string Mask(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.LastIndexOf('@');
        return at < 1 ? "•••" : $"{address[0]}•••{address[at..]}";
    }
}
