namespace AppPasswords.Core.Contacts;

public enum BeginContactStatus
{
    Sent,
    CooldownActive,
    HourlyLimit,

    /// <summary>The phone is already the user's SMS sign-in method; an alternate contact must differ.</summary>
    SameAsSignInMethod,

    AlreadyVerified,

    /// <summary>The new number of an SMS sign-in method is one of the user's alternate contacts; the two must differ.</summary>
    SameAsAlternateContact,
}

public sealed record BeginContactResult(BeginContactStatus Status, int RetryAfterSeconds = 0);

/// <summary>
/// A phone or address of the user that can be changed in place after the new value is verified by code: an alternate
/// contact, or the phone of an SMS sign-in method (<paramref name="IsSignInPhone"/>). <paramref name="Id"/> is the
/// contact's or the method's id.
/// </summary>
public sealed record ChangeableContact(Guid Id, ContactType Type, string Value, bool IsSignInPhone);

/// <summary>Adds (after verification by code), lists and removes a user's alternate contacts.</summary>
public interface IContactMethodService
{
    Task<IReadOnlyList<ContactMethod>> ListAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Sends a code to <paramref name="normalizedValue"/> (E.164 or lower-cased address).</summary>
    Task<BeginContactResult> BeginAsync(Guid userId, ContactType type, string normalizedValue, CancellationToken cancellationToken = default);

    /// <summary>Adds the contact the open code was sent to when <paramref name="code"/> is correct.</summary>
    Task<VerifyCodeResult> ConfirmAsync(Guid userId, string? code, CancellationToken cancellationToken = default);

    /// <summary>The user's alternate contact or active SMS sign-in method <paramref name="id"/>; null when the user has neither.</summary>
    Task<ChangeableContact?> FindChangeableAsync(Guid userId, Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a code to <paramref name="normalizedValue"/>, the new value for the user's contact or SMS sign-in method
    /// <paramref name="contactId"/> (same type), bound to that id; the old value stays until the code is entered.
    /// Null when the user has no such contact or method.
    /// </summary>
    Task<BeginContactResult?> BeginChangeAsync(Guid userId, Guid contactId, string normalizedValue, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the value of <paramref name="contactId"/> with the number or address the open change code was sent to
    /// when <paramref name="code"/> is correct and was sent for this id (<see cref="VerifyCodeStatus.OtherSubject"/>
    /// otherwise, changing nothing). Null when the user has no such contact or method.
    /// </summary>
    Task<VerifyCodeResult?> ConfirmChangeAsync(Guid userId, Guid contactId, string? code, CancellationToken cancellationToken = default);

    Task<bool> RemoveAsync(Guid userId, Guid contactId, CancellationToken cancellationToken = default);
}
