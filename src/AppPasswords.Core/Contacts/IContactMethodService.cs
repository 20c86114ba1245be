namespace AppPasswords.Core.Contacts;

public enum BeginContactStatus
{
    Sent,
    CooldownActive,
    HourlyLimit,

    /// <summary>The phone is already the user's SMS sign-in method; an alternate contact must differ.</summary>
    SameAsSignInMethod,

    AlreadyVerified,
}

public sealed record BeginContactResult(BeginContactStatus Status, int RetryAfterSeconds = 0);

/// <summary>Adds (after verification by code), lists and removes a user's alternate contacts.</summary>
public interface IContactMethodService
{
    Task<IReadOnlyList<ContactMethod>> ListAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Sends a code to <paramref name="normalizedValue"/> (E.164 or lower-cased address).</summary>
    Task<BeginContactResult> BeginAsync(Guid userId, ContactType type, string normalizedValue, CancellationToken cancellationToken = default);

    /// <summary>Adds the contact the open code was sent to when <paramref name="code"/> is correct.</summary>
    Task<VerifyCodeResult> ConfirmAsync(Guid userId, string? code, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a code to <paramref name="normalizedValue"/>, the new value for the user's contact <paramref name="contactId"/>
    /// (same type); the contact keeps its old value until the code is entered. Null when the user has no such contact.
    /// </summary>
    Task<BeginContactResult?> BeginChangeAsync(Guid userId, Guid contactId, string normalizedValue, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the value of <paramref name="contactId"/> with the number or address the open change code was sent to
    /// when <paramref name="code"/> is correct. Null when the user has no such contact.
    /// </summary>
    Task<VerifyCodeResult?> ConfirmChangeAsync(Guid userId, Guid contactId, string? code, CancellationToken cancellationToken = default);

    Task<bool> RemoveAsync(Guid userId, Guid contactId, CancellationToken cancellationToken = default);
}
