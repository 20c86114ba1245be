namespace AppPasswords.Core.Users;

/// <summary>A server-side sign-in session; the cookie only carries its id, this row decides whether it is valid.</summary>
public class UserSession
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset AbsoluteExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When this session last passed a second-factor check (MFA, or an Entra token with <c>amr=mfa</c>).</summary>
    public DateTimeOffset? LastSecondFactorAt { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }
}
