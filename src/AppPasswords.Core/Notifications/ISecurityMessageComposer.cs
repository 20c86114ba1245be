namespace AppPasswords.Core.Notifications;

public enum SecurityChangeKind
{
    MethodAdded,
    MethodRemoved,
    DefaultMethodChanged,
    ContactAdded,
    ContactRemoved,
    ContactChanged,

    /// <summary>The phone number of an SMS sign-in method was replaced by a verified new one.</summary>
    MethodChanged,
}

public enum SecurityItem
{
    AuthenticatorApp,
    Phone,
    Email,
}

/// <summary>What changed on a user's security info; <see cref="MaskedValue"/> never holds a full number or address.</summary>
public sealed record SecurityChange(SecurityChangeKind Kind, SecurityItem Item, Guid ItemId, string? MaskedValue);

/// <summary>Writes the text of codes and security notifications in the current UI culture.</summary>
public interface ISecurityMessageComposer
{
    string CodeSms(string code, TimeSpan lifetime);

    EmailMessage CodeEmail(string recipient, string code, TimeSpan lifetime);

    EmailMessage SecurityChanged(string recipient, SecurityChange change);

    /// <summary>The account reached the hard stop after <paramref name="failures"/> wrong second-factor codes.</summary>
    EmailMessage SecondFactorLocked(string recipient, int failures);
}

/// <summary>Emails a user's verified addresses about a change to their security info and records an audit event.</summary>
public interface ISecurityChangeNotifier
{
    /// <summary>Also emails <c>alsoNotify</c>: an address that is no longer verified but should hear about it (a removed contact).</summary>
    Task NotifyAsync(Guid userId, SecurityChange change, string? alsoNotify = null, CancellationToken cancellationToken = default);
}
