namespace AppPasswords.Core.Users;

/// <summary>A person who signs in to the portal, from Entra ID or from the built-in directory.</summary>
public class User
{
    public Guid Id { get; set; }

    /// <summary>
    /// Stable key from the identity source: <c>entra:{tenantId}:{objectId}</c> or <c>local:{normalizedUserName}</c>.
    /// </summary>
    public string ExternalKey { get; set; } = "";

    /// <summary>The name used to sign in and to authenticate to mail servers (user principal name).</summary>
    public string UserPrincipalName { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string? Email { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>
    /// Users of an external identity provider (Entra ID): whether the token of their latest sign-in carried the admin
    /// role. Always false for users of the built-in directory, whose role is <see cref="LocalCredential.IsAdmin"/>.
    /// </summary>
    public bool ExternalAdmin { get; set; }
}
