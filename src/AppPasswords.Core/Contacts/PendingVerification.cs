namespace AppPasswords.Core.Contacts;

public enum VerificationChannel
{
    Sms = 1,
    Email = 2,
}

public enum VerificationPurpose
{
    /// <summary>Registering a phone as an SMS sign-in method.</summary>
    MfaPhone = 1,

    /// <summary>Verifying an alternate contact (phone or email).</summary>
    AlternateContact = 2,

    /// <summary>A second-factor check by SMS at sign-in or step-up.</summary>
    SignIn = 3,

    /// <summary>Verifying the new value of an existing alternate contact before it replaces the old one.</summary>
    ContactChange = 4,
}

/// <summary>
/// A code sent to a phone or an address, bound to (user, channel, target, purpose and, for a change, the subject it changes). Only its salted hash is stored.
/// Rows stay after use so they also count towards the resend cooldown and hourly caps.
/// </summary>
public class PendingVerification
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public VerificationChannel Channel { get; set; }

    /// <summary>E.164 number or lower-cased email address.</summary>
    public string Target { get; set; } = "";

    public VerificationPurpose Purpose { get; set; }

    /// <summary>
    /// The existing contact or sign-in method this code would change (a <see cref="VerificationPurpose.ContactChange"/>);
    /// null for codes that add something or sign in. A code bound to one subject cannot be used for another.
    /// </summary>
    public Guid? SubjectId { get; set; }

    public byte[] CodeSalt { get; set; } = [];

    public byte[] CodeHash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public int FailedAttempts { get; set; }

    /// <summary>Set when the code was accepted, burnt by too many attempts, or replaced by a newer code.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
}
