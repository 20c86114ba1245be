namespace AppPasswords.Core.Audit;

/// <summary>Which audit events an administrator is looking at. Every filter is optional; bounds are inclusive-exclusive.</summary>
public sealed record AuditFilter
{
    public string? EventType { get; init; }

    public string? Outcome { get; init; }

    public Guid? ActorUserId { get; init; }

    public Guid? TargetUserId { get; init; }

    /// <summary>Events at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Events strictly before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    public string? CorrelationId { get; init; }
}

/// <summary>
/// Position after the last row of a page in the order (OccurredAt desc, Id desc). Because the order is total and
/// new events only ever arrive at the top, paging by cursor never skips or repeats a row.
/// </summary>
public sealed record AuditCursor(DateTimeOffset OccurredAt, long Id);

public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, AuditCursor? Next);

/// <summary>Reads the audit log for administrators. The log itself has no update or delete path apart from retention.</summary>
public interface IAuditLogReader
{
    /// <summary>One page, newest first, starting after <paramref name="after"/> (null: the newest event).</summary>
    Task<AuditPage> GetPageAsync(AuditFilter filter, AuditCursor? after, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Every matching event, newest first, read in chunks so memory stays constant whatever the size.</summary>
    IAsyncEnumerable<AuditEvent> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default);
}

public static class AuditCursorFormat
{
    /// <summary>The cursor as an opaque URL-safe token, <c>{utcTicks}.{id}</c>.</summary>
    public static string Encode(AuditCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{cursor.OccurredAt.UtcTicks}.{cursor.Id}");
    }

    /// <summary>Parses a token from <see cref="Encode"/>; false for anything else (tampered or truncated links).</summary>
    public static bool TryDecode(string? token, out AuditCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(token) || token.Length > 40)
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || !long.TryParse(token.AsSpan(0, dot), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(token.AsSpan(dot + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new AuditCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
