using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using AppPasswords.Core.Admin;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Admin;

/// <summary>
/// Keyset-paged inventory across users. Every sort is (key, Id) in one direction; nullable keys (last used,
/// expiry) treat null as the smallest value, as both SQLite and SQL Server order them, and are read as two
/// index ranges (null, non-null) so that no query has to sort the table.
/// </summary>
public sealed class AppPasswordInventoryQuery(AppPasswordsDbContext db, TimeProvider clock) : IAppPasswordInventoryQuery
{
    public const int MaxPageSize = 200;
    private const int StreamChunkSize = 2000;

    /// <summary>Above this character the prefix range is closed (all of the Basic Multilingual Plane).</summary>
    private const char PrefixRangeEnd = '\uffff';

    public async Task<InventoryPage> GetPageAsync(InventoryFilter filter, InventoryCursor? after, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var rows = await ReadAfterAsync(filter, after, pageSize + 1, cancellationToken);
        var hasMore = rows.Count > pageSize;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new InventoryPage(rows, hasMore ? CursorOf(rows[^1], filter.Sort) : null);
    }

    public async IAsyncEnumerable<InventoryRow> StreamAsync(InventoryFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        InventoryCursor? after = null;
        while (true)
        {
            var chunk = await ReadAfterAsync(filter, after, StreamChunkSize, cancellationToken);
            foreach (var row in chunk)
            {
                yield return row;
            }

            if (chunk.Count < StreamChunkSize)
            {
                yield break;
            }

            after = CursorOf(chunk[^1], filter.Sort);
        }
    }

    /// <summary>
    /// Up to <paramref name="count"/> rows after the cursor. A nullable sort key is read as two ranges, each one
    /// index seek in (key, Id) order: the null range (first ascending, last descending) and the non-null range.
    /// One query with "OR key IS NULL" would make the database sort the whole table instead.
    /// </summary>
    private async Task<List<InventoryRow>> ReadAfterAsync(InventoryFilter filter, InventoryCursor? after, int count, CancellationToken cancellationToken)
    {
        if (filter.Sort is not (InventorySort.LastUsed or InventorySort.Expiry))
        {
            return await Query(filter, after, KeyRange.All).Take(count).ToListAsync(cancellationToken);
        }

        KeyRange[] ranges = filter.Descending ? [KeyRange.NonNull, KeyRange.Null] : [KeyRange.Null, KeyRange.NonNull];
        var start = after is null ? 0 : Array.IndexOf(ranges, after.SortValue is null ? KeyRange.Null : KeyRange.NonNull);
        var rows = new List<InventoryRow>(count);
        for (var i = start; i < ranges.Length && rows.Count < count; i++)
        {
            rows.AddRange(await Query(filter, i == start ? after : null, ranges[i]).Take(count - rows.Count).ToListAsync(cancellationToken));
        }

        return rows;
    }

    private static InventoryCursor CursorOf(InventoryRow row, InventorySort sort) => new(
        sort switch
        {
            InventorySort.User => row.UserPrincipalName,
            InventorySort.LastUsed => Ticks(row.LastUsedAt),
            InventorySort.Expiry => Ticks(row.ExpiresAt),
            _ => Ticks(row.CreatedAt),
        },
        row.Id);

    private static string? Ticks(DateTimeOffset? value) => value?.UtcTicks.ToString(CultureInfo.InvariantCulture);

    private IQueryable<InventoryRow> Query(InventoryFilter filter, InventoryCursor? after, KeyRange range)
    {
        var now = clock.GetUtcNow();
        var passwords = db.Set<AppPassword>().AsNoTracking();
        if (filter.UserId is { } userId)
        {
            passwords = passwords.Where(p => p.UserId == userId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var low = filter.Search.Trim();
            var high = low + PrefixRangeEnd;
            // Translated to SQL: the comparison is the database collation's, not .NET's culture (CA1309 does not apply).
#pragma warning disable CA1309
            var users = db.Set<User>().Where(u => string.Compare(u.UserPrincipalName, low) >= 0 && string.Compare(u.UserPrincipalName, high) < 0).Select(u => u.Id);
            passwords = passwords.Where(p => users.Contains(p.UserId) || (string.Compare(p.Label, low) >= 0 && string.Compare(p.Label, high) < 0));
#pragma warning restore CA1309
        }

        passwords = filter.Status switch
        {
            InventoryStatus.Active => passwords.Where(p => p.RevokedAt == null && (p.ExpiresAt == null || p.ExpiresAt > now)),
            InventoryStatus.Revoked => passwords.Where(p => p.RevokedAt != null),
            InventoryStatus.Expired => passwords.Where(p => p.RevokedAt == null && p.ExpiresAt <= now),
            _ => passwords,
        };

        if (filter.NotUsedForDays is { } idleDays)
        {
            var since = now.AddDays(-idleDays);
            passwords = passwords.Where(p => p.LastUsedAt == null || p.LastUsedAt < since);
        }

        if (filter.ExpiringWithinDays is { } expiringDays)
        {
            var until = now.AddDays(expiringDays);
            passwords = passwords.Where(p => p.RevokedAt == null && p.ExpiresAt > now && p.ExpiresAt <= until);
        }

        if (filter.CreatedFrom is { } from)
        {
            passwords = passwords.Where(p => p.CreatedAt >= from);
        }

        if (filter.CreatedTo is { } to)
        {
            passwords = passwords.Where(p => p.CreatedAt < to);
        }

        var joined = passwords.Join(db.Set<User>(), p => p.UserId, u => u.Id, (p, u) => new InventoryJoin { P = p, U = u });
        joined = filter.Sort switch
        {
            InventorySort.User => Keyset(joined, j => j.U.UserPrincipalName, filter.Descending, after?.SortValue, after, KeyRange.All),
            InventorySort.LastUsed => Keyset(joined, j => j.P.LastUsedAt, filter.Descending, ParseTicks(after), after, range),
            InventorySort.Expiry => Keyset(joined, j => j.P.ExpiresAt, filter.Descending, ParseTicks(after), after, range),
            _ => Keyset(joined, j => (DateTimeOffset?)j.P.CreatedAt, filter.Descending, ParseTicks(after), after, KeyRange.All),
        };

        return joined.Select(j => new InventoryRow(
            j.P.Id, j.P.UserId, j.U.UserPrincipalName, j.U.DisplayName, j.P.Label, j.P.CreatedAt, j.P.LastUsedAt,
            j.P.LastUsedProtocol, j.P.LastUsedIpAddress, j.P.ExpiresAt, j.P.RevokedAt, j.P.Protocols));
    }

    private static DateTimeOffset? ParseTicks(InventoryCursor? after) =>
        after?.SortValue is { } value && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;

    /// <summary>
    /// Orders by (key, Id) within one key range and, given a cursor in that range, keeps rows strictly after it.
    /// In the null range the order is by Id alone.
    /// </summary>
    private static IQueryable<InventoryJoin> Keyset<TKey>(IQueryable<InventoryJoin> query, Expression<Func<InventoryJoin, TKey>> key, bool descending, TKey? cursorValue, InventoryCursor? after, KeyRange range)
    {
        var j = key.Parameters[0];
        var k = key.Body;
        var nullValue = Expression.Constant(null, typeof(TKey));
        Expression? body = range switch
        {
            KeyRange.Null => Expression.Equal(k, nullValue),
            KeyRange.NonNull => Expression.NotEqual(k, nullValue),
            _ => null,
        };

        if (after is not null)
        {
            var id = Expression.Property(Expression.Property(j, nameof(InventoryJoin.P)), nameof(AppPassword.Id));
            var cursorId = Constant(after.Id, typeof(Guid));
            Expression idBeyond = descending ? Compare(id, cursorId, ExpressionType.LessThan) : Compare(id, cursorId, ExpressionType.GreaterThan);
            Expression position;
            if (cursorValue is null)
            {
                position = range == KeyRange.Null ? idBeyond : Expression.AndAlso(Expression.Equal(k, nullValue), idBeyond);
            }
            else
            {
                // "key <= v AND (key < v OR id beyond)" rather than "key < v OR (key = v AND ...)": the leading
                // range lets the database seek into the (key, Id) index instead of scanning from its start.
                var v = Constant(cursorValue, typeof(TKey));
                var within = Compare(k, v, descending ? ExpressionType.LessThanOrEqual : ExpressionType.GreaterThanOrEqual);
                var beyond = Compare(k, v, descending ? ExpressionType.LessThan : ExpressionType.GreaterThan);
                position = Expression.AndAlso(within, Expression.OrElse(beyond, idBeyond));
            }

            body = body is null ? position : Expression.AndAlso(body, position);
        }

        if (body is not null)
        {
            query = query.Where(Expression.Lambda<Func<InventoryJoin, bool>>(body, j));
        }

        if (range == KeyRange.Null)
        {
            return descending ? query.OrderByDescending(x => x.P.Id) : query.OrderBy(x => x.P.Id);
        }

        return descending
            ? query.OrderByDescending(key).ThenByDescending(x => x.P.Id)
            : query.OrderBy(key).ThenBy(x => x.P.Id);
    }

    /// <summary>A parameterised constant, so each cursor does not compile a new query plan.</summary>
    private static MemberExpression Constant(object? value, Type type)
    {
        var holder = Activator.CreateInstance(typeof(ValueHolder<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(holder), "Value");
    }

    /// <summary>&lt; or &gt; for ordered values; strings and Guids via CompareTo, which EF translates to SQL comparison.</summary>
    private static BinaryExpression Compare(Expression left, Expression right, ExpressionType op)
    {
        if (left.Type == typeof(string) || left.Type == typeof(Guid))
        {
            var compare = left.Type == typeof(string)
                ? Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, left, right)
                : (Expression)Expression.Call(left, typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!, right);
            return Expression.MakeBinary(op, compare, Expression.Constant(0));
        }

        return Expression.MakeBinary(op, left, right);
    }

    private sealed class ValueHolder<T>(T value)
    {
        public T Value { get; } = value;
    }

    private enum KeyRange
    {
        All,
        Null,
        NonNull,
    }

    internal sealed class InventoryJoin
    {
        public AppPassword P { get; init; } = null!;

        public User U { get; init; } = null!;
    }
}
