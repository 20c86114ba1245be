namespace AppPasswords.Core.Auth;

public enum PasswordProblem
{
    None,
    TooShort,
    TooLong,
    Common,
}

/// <summary>Rules for built-in directory passwords (ASVS: at least 8, at most 128 characters, not a common password).</summary>
public static class LocalPasswordPolicy
{
    public const int MinimumLength = 8;
    public const int MaximumLength = 128;

    public static PasswordProblem Check(string? password, string? userName = null)
    {
        if (password is null || password.Length < MinimumLength)
        {
            return PasswordProblem.TooShort;
        }

        if (password.Length > MaximumLength)
        {
            return PasswordProblem.TooLong;
        }

        if (CommonPasswordList.Default.Contains(password)
            || string.Equals(password, userName, StringComparison.OrdinalIgnoreCase))
        {
            return PasswordProblem.Common;
        }

        return PasswordProblem.None;
    }
}
