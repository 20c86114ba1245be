namespace AppPasswords.Core.Policy;

/// <summary>An administrator has blocked app passwords for one user: none can be issued and verification refuses them.</summary>
public class AppPasswordUserBlock
{
    public Guid UserId { get; set; }

    public DateTimeOffset BlockedAt { get; set; }

    public Guid BlockedByUserId { get; set; }
}
