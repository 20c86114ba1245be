namespace AppPasswords.Core.Users;

/// <summary>How built-in directory user names are compared and keyed.</summary>
public static class LocalUserNames
{
    public const int MaxLength = 128;

    public static string Normalize(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return userName.Trim().Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant();
    }

    public static string ExternalKey(string userName) => "local:" + Normalize(userName);

    /// <summary>Letters, digits and <c>.-_@</c>, 1..128 characters: also used as the mail login name.</summary>
    public static bool IsValid(string? userName) =>
        !string.IsNullOrWhiteSpace(userName)
        && userName.Length <= MaxLength
        && userName.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@');
}
