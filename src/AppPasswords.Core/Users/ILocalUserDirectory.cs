namespace AppPasswords.Core.Users;

/// <summary>Administration of the built-in directory (command-line verbs, demo seeding).</summary>
public interface ILocalUserDirectory
{
    /// <summary>Creates a local user; fails when the name is taken or the password breaks the policy.</summary>
    Task<CreateLocalUserResult> CreateAsync(NewLocalUser newUser, string password, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LocalUserSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Grants or removes the admin role; a change ends every session of the user (audited either way). False when
    /// there is no such local user.
    /// </summary>
    Task<bool> SetAdminAsync(string userName, bool isAdmin, CancellationToken cancellationToken = default);
}

public sealed record NewLocalUser(string UserName, string? DisplayName = null, string? Email = null, bool IsAdmin = false);

public enum CreateLocalUserError
{
    None,
    InvalidUserName,
    UserNameTaken,
    PasswordTooShort,
    PasswordTooLong,
    PasswordCommon,
}

public sealed record CreateLocalUserResult(CreateLocalUserError Error, User? User = null)
{
    public bool Succeeded => Error == CreateLocalUserError.None;
}

public sealed record LocalUserSummary(Guid Id, string UserName, string DisplayName, string? Email, bool IsAdmin, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt);
