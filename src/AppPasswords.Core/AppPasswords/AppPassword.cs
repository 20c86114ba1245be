namespace AppPasswords.Core.AppPasswords;

/// <summary>
/// A password for one mail client. Only a keyed hash of the secret is stored (<see cref="Hash"/>), with a
/// truncated keyed <see cref="LookupTag"/> that finds the row in one indexed lookup on verification.
/// </summary>
public class AppPassword
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public string Label { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Null when the password never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Why it was revoked (<see cref="AppPasswordRevocationReasons"/>).</summary>
    public string? RevocationReason { get; set; }

    public AppPasswordProtocols Protocols { get; set; } = AppPasswordProtocols.All;

    public DateTimeOffset? LastUsedAt { get; set; }

    public AppPasswordProtocols? LastUsedProtocol { get; set; }

    public string? LastUsedIpAddress { get; set; }

    /// <summary>Id of the server key the hash was made with, so keys can be rotated.</summary>
    public string HashKeyId { get; set; } = "";

    /// <summary>Hash format version; 1 = HMAC-SHA256 (see <see cref="Security.AppPasswordHasher"/>).</summary>
    public int HashVersion { get; set; }

    public byte[] LookupTag { get; set; } = [];

    public byte[] Hash { get; set; } = [];

    public bool IsRevoked => RevokedAt is not null;

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;

    public bool IsActiveAt(DateTimeOffset now) => !IsRevoked && !IsExpiredAt(now);

    public AppPasswordStatus StatusAt(DateTimeOffset now) =>
        IsRevoked ? AppPasswordStatus.Revoked : IsExpiredAt(now) ? AppPasswordStatus.Expired : AppPasswordStatus.Active;
}

public enum AppPasswordStatus
{
    Active,
    Expired,
    Revoked,
}

public static class AppPasswordRevocationReasons
{
    public const string ByUser = "user";
    public const string ByUserRevokeAll = "user-revoke-all";
    public const string ByAdministrator = "administrator";
}
