namespace AppPasswords.Core.Auth;

/// <summary>Configuration section <c>Authentication:PasswordHashing</c>; raising Iterations rehashes at next sign-in.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Authentication:PasswordHashing";

    public int Iterations { get; set; } = LocalPasswordHasher.MinimumIterations;
}
