using AppPasswords.Core.Audit;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;

namespace AppPasswords.Core.Admin;

/// <summary>A sign-in method as an administrator sees it: the phone number masked, never a seed.</summary>
public sealed record AdminUserMfaMethod(Guid Id, MfaMethodType Type, string? MaskedPhoneNumber, bool IsDefault, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>A verified alternate contact, masked.</summary>
public sealed record AdminUserContact(ContactType Type, string MaskedValue, DateTimeOffset VerifiedAt);

/// <summary>One user's standing for the admin detail page (app passwords come from <see cref="IAppPasswordInventoryQuery"/>).</summary>
public sealed record AdminUserDetail(
    Guid Id,
    string UserPrincipalName,
    string DisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt,
    IReadOnlyList<AdminUserMfaMethod> Methods,
    IReadOnlyList<AdminUserContact> Contacts,
    bool AppPasswordsBlocked,
    int ActiveSessions,
    IReadOnlyList<AuditEvent> RecentEvents)
{
    /// <summary>The last time any of the user's sign-in methods passed a second-factor check.</summary>
    public DateTimeOffset? LastSecondFactorAt => Methods.Max(m => m.LastUsedAt);
}

public interface IAdminUserDetailQuery
{
    /// <summary>The user with their MFA registration and the <paramref name="recentEvents"/> latest audit events by or about them; null when unknown.</summary>
    Task<AdminUserDetail?> GetAsync(Guid userId, int recentEvents, CancellationToken cancellationToken = default);
}
