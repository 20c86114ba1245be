namespace AppPasswords.Core.Mfa;

/// <summary>A user's use of "Skip for now" on the registration interrupt.</summary>
public class MfaSkip
{
    public Guid UserId { get; set; }

    public DateTimeOffset FirstSkippedAt { get; set; }

    /// <summary>The interrupt is not shown again before this time.</summary>
    public DateTimeOffset SkippedUntil { get; set; }
}

/// <summary>Whether the user may skip, for how many more days, and whether a skip is in force now.</summary>
public sealed record MfaSkipStatus(bool CanSkip, int DaysLeft, bool IsSkipping);

/// <summary>Whether "Skip for now" is offered at all, and for how many days after a user's first skip.</summary>
public sealed record MfaSkipPolicy(bool Allowed, int Days)
{
    public bool IsOffered => Allowed && Days > 0;
}

/// <summary>
/// The skip rules in force: the organisation policy an administrator saved on the Policy page, or before any was
/// saved, <see cref="MfaOptions.AllowSkipDays"/> from configuration.
/// </summary>
public interface IMfaSkipPolicyProvider
{
    Task<MfaSkipPolicy> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>"Skip for now" within the policy's days (<see cref="IMfaSkipPolicyProvider"/>) of the first skip; each skip lasts a day.</summary>
public interface IMfaSkipService
{
    Task<MfaSkipStatus> GetStatusAsync(Guid userId, CancellationToken cancellationToken = default);

    Task<bool> SkipAsync(Guid userId, CancellationToken cancellationToken = default);
}
