namespace AppPasswords.Core.Users;

/// <summary>Finds users for administrative screens.</summary>
public interface IUserLookup
{
    /// <summary>The id of the user whose user principal name is exactly <paramref name="userPrincipalName"/> (trimmed), or null.</summary>
    Task<Guid?> FindIdAsync(string userPrincipalName, CancellationToken cancellationToken = default);

    /// <summary>User principal names of the given ids (missing ids are left out).</summary>
    Task<IReadOnlyDictionary<Guid, string>> GetNamesAsync(IEnumerable<Guid> userIds, CancellationToken cancellationToken = default);
}
