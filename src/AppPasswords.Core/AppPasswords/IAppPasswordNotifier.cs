namespace AppPasswords.Core.AppPasswords;

/// <summary>
/// Tells the user that an app password was created on their account, with a link to revoke it.
/// The e-mail implementation is wired by the host once the portal's mail sender exists; until then a
/// logging implementation records that a notification is due (without any secret).
/// </summary>
public interface IAppPasswordNotifier
{
    Task AppPasswordCreatedAsync(Guid userId, AppPassword appPassword, CancellationToken cancellationToken = default);
}
