namespace AppPasswords.Core.Contacts;

public enum ContactType
{
    Phone = 1,
    Email = 2,
}

/// <summary>
/// An alternate contact (phone or email) the user verified by code. It receives security notifications and
/// recovery codes; email is never a sign-in factor (NIST SP 800-63B 5.1.3.1).
/// </summary>
public class ContactMethod
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public ContactType Type { get; set; }

    /// <summary>E.164 phone number or lower-cased email address.</summary>
    public string Value { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset VerifiedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
