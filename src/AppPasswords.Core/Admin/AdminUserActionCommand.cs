namespace AppPasswords.Core.Admin;

/// <summary>What an administrator can do to one user's account from the user detail page.</summary>
public enum AdminUserAction
{
    /// <summary>
    /// Removes every sign-in method (and ends a "skip for now") and ends every session of the user, so the
    /// registration interrupt shows at the next sign-in.
    /// </summary>
    RequireMfaReRegistration,

    /// <summary>Revokes every server-side session of the user.</summary>
    SignOutEverywhere,

    /// <summary>No app password can be issued and verification refuses the user's existing ones.</summary>
    BlockAppPasswords,

    /// <summary>Lifts <see cref="BlockAppPasswords"/>.</summary>
    AllowAppPasswords,

    /// <summary>Clears the account's failed sign-in counts: lifts the hard-cap lock for untrusted browsers.</summary>
    UnlockSignIn,
}

public enum AdminUserActionResult
{
    Done,

    /// <summary>Nothing to do (already blocked, no methods, no sessions); still audited as attempted.</summary>
    NoChange,

    UserNotFound,
}

/// <summary>
/// Tells the user by email that an administrator acted on their account (which action and the reason; never a secret),
/// in the same way <see cref="IAdminRevocationNotifier"/> tells them about revoked app passwords.
/// </summary>
public interface IAdminUserActionNotifier
{
    Task NotifyAsync(Guid userId, AdminUserAction action, string reason, CancellationToken cancellationToken = default);
}

/// <summary>
/// Administrator actions on one user, always with a reason (1 to <see cref="AdminRevokeAppPasswordsCommand.MaxReasonLength"/>
/// characters) and audited; when the action changed something the user is told through <see cref="IAdminUserActionNotifier"/>.
/// </summary>
public interface IAdminUserActionCommand
{
    Task<AdminUserActionResult> ExecuteAsync(Guid actorUserId, Guid userId, AdminUserAction action, string reason, CancellationToken cancellationToken = default);
}
