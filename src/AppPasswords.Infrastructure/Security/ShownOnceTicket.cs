using AppPasswords.Core.Security;

namespace AppPasswords.Infrastructure.Security;

/// <summary>A row of <see cref="DatabaseShownOnceTicketStore"/>: one waiting secret, encrypted, until taken or expired.</summary>
public class ShownOnceTicket
{
    /// <summary>SHA-256 of the ticket: the ticket itself is only in the user's TempData or page.</summary>
    public byte[] Id { get; set; } = [];

    public ShownOnceTicketKind Kind { get; set; }

    public Guid UserId { get; set; }

    public Guid? SessionId { get; set; }

    /// <summary>The payload protected with Data Protection, bound to kind, user and ticket.</summary>
    public string ProtectedPayload { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
