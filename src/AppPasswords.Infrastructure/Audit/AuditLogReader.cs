using System.Runtime.CompilerServices;
using AppPasswords.Core.Audit;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Audit;

/// <summary>
/// Keyset-paged reads of the audit log in the order (OccurredAt desc, Id desc). Text fields come back with control
/// characters escaped (<see cref="AuditText"/>), also for rows written before the audit log escaped them.
/// </summary>
public sealed class AuditLogReader(AppPasswordsDbContext db) : IAuditLogReader
{
    public const int MaxPageSize = 500;
    private const int StreamChunkSize = 2000;

    public async Task<AuditPage> GetPageAsync(AuditFilter filter, AuditCursor? after, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var rows = await Query(filter, after).Take(pageSize + 1).ToListAsync(cancellationToken);
        rows.ForEach(row => AuditText.EscapeControlCharacters(row));
        var hasMore = rows.Count > pageSize;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var last = rows.Count > 0 ? rows[^1] : null;
        return new AuditPage(rows, hasMore && last is not null ? new AuditCursor(last.OccurredAt, last.Id) : null);
    }

    public async IAsyncEnumerable<AuditEvent> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        AuditCursor? after = null;
        while (true)
        {
            // One short query per chunk: no long-lived reader holds the database, and memory stays at one chunk.
            var chunk = await Query(filter, after).Take(StreamChunkSize).ToListAsync(cancellationToken);
            foreach (var row in chunk)
            {
                yield return AuditText.EscapeControlCharacters(row);
            }

            if (chunk.Count < StreamChunkSize)
            {
                yield break;
            }

            after = new AuditCursor(chunk[^1].OccurredAt, chunk[^1].Id);
            db.ChangeTracker.Clear();
        }
    }

    private IQueryable<AuditEvent> Query(AuditFilter filter, AuditCursor? after)
    {
        var query = db.Set<AuditEvent>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.EventType))
        {
            query = query.Where(e => e.EventType == filter.EventType);
        }

        if (!string.IsNullOrWhiteSpace(filter.Outcome))
        {
            query = query.Where(e => e.Outcome == filter.Outcome);
        }

        if (filter.ActorUserId is { } actor)
        {
            query = query.Where(e => e.ActorUserId == actor);
        }

        if (filter.TargetUserId is { } target)
        {
            query = query.Where(e => e.TargetUserId == target);
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.OccurredAt < to);
        }

        if (!string.IsNullOrWhiteSpace(filter.CorrelationId))
        {
            query = query.Where(e => e.CorrelationId == filter.CorrelationId);
        }

        if (after is not null)
        {
            var at = after.OccurredAt;
            var id = after.Id;
            query = query.Where(e => e.OccurredAt < at || (e.OccurredAt == at && e.Id < id));
        }

        return query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);
    }
}
