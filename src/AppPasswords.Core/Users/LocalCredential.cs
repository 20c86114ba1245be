namespace AppPasswords.Core.Users;

/// <summary>The password and role of a user of the built-in directory (one row per local <see cref="User"/>).</summary>
public class LocalCredential
{
    public Guid UserId { get; set; }

    /// <summary>Versioned hash produced by <see cref="Auth.LocalPasswordHasher"/>; never the password.</summary>
    public string PasswordHash { get; set; } = "";

    public bool IsAdmin { get; set; }

    public DateTimeOffset PasswordChangedAt { get; set; }
}
