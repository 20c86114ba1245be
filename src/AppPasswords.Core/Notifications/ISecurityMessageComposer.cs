namespace AppPasswords.Core.Notifications;

public enum SecurityChangeKind
{
    MethodAdded,
    MethodRemoved,
    DefaultMethodChanged,
    ContactAdded,
    ContactRemoved,
}

/// <summary>What changed on a user's security info; <see cref="Description"/> is already masked.</summary>
public sealed record SecurityChange(SecurityChangeKind Kind, string Description, DateTimeOffset OccurredAt);

/// <summary>Writes the text of codes and security notifications in the current UI culture.</summary>
public interface ISecurityMessageComposer
{
    string CodeSms(string code, TimeSpan lifetime);

    EmailMessage CodeEmail(string recipient, string code, TimeSpan lifetime);

    EmailMessage SecurityChanged(string recipient, SecurityChange change);
}

/// <summary>Emails a user's verified addresses about a change to their security info and records an audit event.</summary>
public interface ISecurityChangeNotifier
{
    Task NotifyAsync(Guid userId, SecurityChange change, CancellationToken cancellationToken = default);
}
