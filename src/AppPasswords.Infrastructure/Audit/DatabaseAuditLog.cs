using AppPasswords.Core.Audit;
using AppPasswords.Infrastructure.Persistence;

namespace AppPasswords.Infrastructure.Audit;

/// <summary>
/// Appends audit events to the database, completing request context and time. Control characters in the text
/// fields are escaped first (<see cref="AuditText"/>), so a forged CR/LF never reaches a row, a page or an export.
/// </summary>
public sealed class DatabaseAuditLog(DeferredDbContext db, IRequestContext requestContext, TimeProvider clock) : IAuditLog
{
    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (auditEvent.OccurredAt == default)
        {
            auditEvent.OccurredAt = clock.GetUtcNow();
        }

        auditEvent.IpAddress ??= requestContext.IpAddress;
        auditEvent.UserAgent ??= Truncate(requestContext.UserAgent, 512);
        auditEvent.CorrelationId ??= requestContext.CorrelationId;
        AuditText.EscapeControlCharacters(auditEvent, fitColumns: true);
        db.Value.Set<AuditEvent>().Add(auditEvent);
        await db.Value.SaveChangesAsync(cancellationToken);
    }

    private static string? Truncate(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}
