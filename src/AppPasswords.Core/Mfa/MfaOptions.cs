using System.ComponentModel.DataAnnotations;

namespace AppPasswords.Core.Mfa;

/// <summary>Configuration section <c>Mfa</c>.</summary>
public sealed class MfaOptions
{
    public const string SectionName = "Mfa";

    /// <summary>Issuer shown by authenticator apps.</summary>
    [Required, MaxLength(64)]
    public string TotpIssuer { get; set; } = "AppPasswords";

    /// <summary>How long an SMS or email code stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong entries allowed per code before it is burnt.</summary>
    [Range(1, 20)]
    public int MaxCodeAttempts { get; set; } = 5;

    /// <summary>Minimum time between two codes sent to the same target.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Codes a user may request per hour, whatever the target.</summary>
    [Range(1, 100)]
    public int MaxSendsPerHourPerUser { get; set; } = 5;

    /// <summary>Codes a phone number or address may receive per hour, whoever asks.</summary>
    [Range(1, 100)]
    public int MaxSendsPerHourPerTarget { get; set; } = 5;

    /// <summary>Days after the first "skip for now" during which the user may keep skipping; 0 disables skipping.</summary>
    [Range(0, 90)]
    public int AllowSkipDays { get; set; }

    /// <summary>How recent a second-factor check must be for sensitive actions.</summary>
    [Range(1, 1440)]
    public int StepUpMinutes { get; set; } = 10;
}
