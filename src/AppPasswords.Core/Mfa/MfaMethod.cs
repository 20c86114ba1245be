namespace AppPasswords.Core.Mfa;

public enum MfaMethodType
{
    Totp = 1,
    Sms = 2,
}

/// <summary>A second factor the user can sign in with: an authenticator app (TOTP) or a phone receiving SMS codes.</summary>
public class MfaMethod
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public MfaMethodType Type { get; set; }

    /// <summary>The TOTP seed, encrypted with Data Protection (<see cref="ITotpSeedProtector"/>). Null for SMS.</summary>
    public string? ProtectedSeed { get; set; }

    /// <summary>The last TOTP time step accepted; a code whose step is not greater is a replay.</summary>
    public long? LastUsedTimeStep { get; set; }

    /// <summary>E.164 phone number for SMS methods.</summary>
    public string? PhoneNumber { get; set; }

    public bool IsDefault { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Null while an authenticator app is being set up and has not yet produced a correct code.</summary>
    public DateTimeOffset? ActivatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>The sign-in session that started this pending authenticator set-up; only it can activate it. Null once active.</summary>
    public Guid? EnrollmentSessionId { get; set; }

    /// <summary>A pending set-up is refused and deleted from this time on (<see cref="MfaOptions.TotpEnrollmentLifetime"/>). Null once active.</summary>
    public DateTimeOffset? EnrollmentExpiresAt { get; set; }

    public bool IsActive => ActivatedAt is not null;
}
