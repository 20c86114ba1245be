namespace AppPasswords.Core.Security;

/// <summary>What a shown-once ticket hands over: the one display of a new secret, or one download made from it.</summary>
public enum ShownOnceTicketKind
{
    /// <summary>The page that shows a new app password or service key once, right after it was created.</summary>
    Display = 1,

    /// <summary>One configuration profile download offered on that display.</summary>
    Download = 2,
}

/// <summary>
/// Hands a secret from the request that created it to the one request that may show (or download) it, on whichever
/// instance of the portal that request lands. A ticket is bound to the user and sign-in session that received it,
/// lives for <see cref="ShownOnceOptions"/>' lifetime of its kind and can be taken once: of two concurrent takers
/// exactly one gets the payload. The payload is never stored in clear.
/// </summary>
public interface IShownOnceTicketStore
{
    /// <summary>Keeps <paramref name="payload"/> for one take; returns the ticket (<see cref="ShownOnceTicketFormat.Length"/> hexadecimal characters).</summary>
    Task<string> IssueAsync(ShownOnceTicketKind kind, Guid userId, Guid? sessionId, string payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// The payload of this ticket, removed in the same step; null when the ticket is malformed, unknown, expired,
    /// already taken, of another kind, or another user's or session's (such a take leaves the ticket to its owner).
    /// </summary>
    Task<string?> TakeAsync(ShownOnceTicketKind kind, Guid userId, Guid? sessionId, string? ticket, CancellationToken cancellationToken = default);
}

public static class ShownOnceTicketFormat
{
    /// <summary>Length of every ticket: 32 random bytes as upper-case hexadecimal.</summary>
    public const int Length = 64;

    public static bool IsWellFormed(string? ticket) => ticket is { Length: Length } && ticket.All(char.IsAsciiHexDigit);
}
