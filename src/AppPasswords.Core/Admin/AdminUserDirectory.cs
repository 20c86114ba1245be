namespace AppPasswords.Core.Admin;

/// <summary>One user in the admin user list with their MFA registration state and app password standing.</summary>
public sealed record AdminUserRow(
    Guid Id,
    string UserPrincipalName,
    string DisplayName,
    int ActiveMfaMethods,
    int VerifiedContacts,
    DateTimeOffset? LastSecondFactorAt,
    int ActiveAppPasswords,
    bool AppPasswordsBlocked);

/// <summary>A page of users in user principal name order; <see cref="NextAfter"/> is the keyset cursor of the next page.</summary>
public sealed record AdminUserPage(IReadOnlyList<AdminUserRow> Items, string? NextAfter);

public interface IAdminUserListQuery
{
    /// <summary>
    /// Users whose user principal name or display name starts with <paramref name="search"/>, ordered by user
    /// principal name after <paramref name="afterUserPrincipalName"/>. One query per page (correlated aggregates).
    /// </summary>
    Task<AdminUserPage> GetPageAsync(string? search, string? afterUserPrincipalName, int pageSize, CancellationToken cancellationToken = default);
}
