using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AppPasswords.Core.Common;
using AppPasswords.Core.Security;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Security;

/// <summary>
/// Shown-once tickets in the database, so any instance can take a ticket another one issued (the Data Protection
/// key ring is in the same database). The row is keyed by the ticket's SHA-256 and holds the payload protected for
/// <see cref="Purpose"/>, the kind, the user and the ticket. Taking is a conditional delete: the request whose
/// <c>DELETE</c> removed the row is the one that gets the payload; every other concurrent taker deleted nothing.
/// Issuing first deletes every expired row.
/// </summary>
public sealed class DatabaseShownOnceTicketStore(
    AppPasswordsDbContext db,
    IDataProtectionProvider dataProtection,
    IRandomSource random,
    TimeProvider clock,
    IOptions<ShownOnceOptions> options) : IShownOnceTicketStore
{
    public const string Purpose = "AppPasswords.ShownOnce.v2";

    public async Task<string> IssueAsync(ShownOnceTicketKind kind, Guid userId, Guid? sessionId, string payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var now = clock.GetUtcNow();
        await db.Set<ShownOnceTicket>().Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);

        Span<byte> bytes = stackalloc byte[ShownOnceTicketFormat.Length / 2];
        random.Fill(bytes);
        var ticket = Convert.ToHexString(bytes);
        var id = Hash(ticket);
        db.Set<ShownOnceTicket>().Add(new ShownOnceTicket
        {
            Id = id,
            Kind = kind,
            UserId = userId,
            SessionId = sessionId,
            ProtectedPayload = Protector(kind, userId, id).Protect(payload),
            CreatedAt = now,
            ExpiresAt = now + options.Value.LifetimeOf(kind),
        });
        await db.SaveChangesAsync(cancellationToken);
        return ticket;
    }

    public async Task<string?> TakeAsync(ShownOnceTicketKind kind, Guid userId, Guid? sessionId, string? ticket, CancellationToken cancellationToken = default)
    {
        if (!ShownOnceTicketFormat.IsWellFormed(ticket))
        {
            return null;
        }

        var id = Hash(ticket!.ToUpperInvariant());
        var now = clock.GetUtcNow();
        var owned = db.Set<ShownOnceTicket>()
            .Where(t => t.Id == id && t.Kind == kind && t.UserId == userId && t.SessionId == sessionId && t.ExpiresAt > now);
        var protectedPayload = await owned.AsNoTracking().Select(t => t.ProtectedPayload).SingleOrDefaultAsync(cancellationToken);
        if (protectedPayload is null || await owned.ExecuteDeleteAsync(cancellationToken) != 1)
        {
            return null;
        }

        try
        {
            return Protector(kind, userId, id).Unprotect(protectedPayload);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private IDataProtector Protector(ShownOnceTicketKind kind, Guid userId, byte[] id) => dataProtection.CreateProtector(
        Purpose,
        kind.ToString(),
        userId.ToString("N", CultureInfo.InvariantCulture),
        Convert.ToHexString(id));

    private static byte[] Hash(string ticket) => SHA256.HashData(Encoding.ASCII.GetBytes(ticket));
}
