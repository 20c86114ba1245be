using System.ComponentModel.DataAnnotations;

namespace AppPasswords.Core.Mfa;

/// <summary>Configuration section <c>Mfa</c>.</summary>
public sealed class MfaOptions : IValidatableObject
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

    /// <summary>How long a started authenticator set-up (its QR code) can be activated, and only from the session that started it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan TotpEnrollmentLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Consecutive wrong second-factor codes per account before each further attempt has to wait.</summary>
    [Range(1, 20)]
    public int SecondFactorFreeFailures { get; set; } = 5;

    /// <summary>The wait after the last free failure; it doubles with every further failure.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SecondFactorDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SecondFactorMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Consecutive wrong second-factor codes after which no code is compared until an administrator requires MFA
    /// re-registration (NIST SP 800-63B 5.2.2: at most 100).
    /// </summary>
    [Range(2, 100)]
    public int SecondFactorLockAfter { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SecondFactorMaxDelay < SecondFactorDelay)
        {
            yield return new ValidationResult("Mfa:SecondFactorMaxDelay must not be shorter than Mfa:SecondFactorDelay.", [nameof(SecondFactorMaxDelay)]);
        }

        if (SecondFactorLockAfter <= SecondFactorFreeFailures)
        {
            yield return new ValidationResult("Mfa:SecondFactorLockAfter must be greater than Mfa:SecondFactorFreeFailures.", [nameof(SecondFactorLockAfter)]);
        }
    }
}
