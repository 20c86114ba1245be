namespace AppPasswords.Core.Users;

/// <summary>Creates or refreshes the <see cref="User"/> row of a person signed in by an external identity provider.</summary>
public interface IExternalUserSync
{
    /// <summary>
    /// Upserts by <paramref name="externalKey"/> (e.g. <c>entra:{tid}:{oid}</c>), refreshing name, UPN, email and the
    /// admin role. When the admin role of a known user changed, every session of the user ends (audited).
    /// </summary>
    Task<User> SyncAsync(string externalKey, string userPrincipalName, string displayName, string? email, bool isAdmin, CancellationToken cancellationToken = default);
}
