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

/// <summary>"Skip for now" within <see cref="MfaOptions.AllowSkipDays"/> of the first skip; each skip lasts a day.</summary>
public interface IMfaSkipService
{
    Task<MfaSkipStatus> GetStatusAsync(Guid userId, CancellationToken cancellationToken = default);

    Task<bool> SkipAsync(Guid userId, CancellationToken cancellationToken = default);
}
