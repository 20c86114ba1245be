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
/// key ranges (null, non-null).
/// <para>
/// Each page first chooses the index that drives it (<see cref="ChoosePlanAsync"/>, bounded index-only counts):
/// when the search term, the created window or the expiry window spans fewer than <see cref="WindowLimit"/> index
/// entries, that range is read and its matches sorted by (key, Id) on the index alone, and only the page's rows are
/// then read from the table; otherwise the sort order's index is walked from the cursor, each entry tested against
/// the filters (every admin index carries every filtered column), until a page of matches is found. The choice is
/// enforced with <see cref="IndexHints"/> on every other column, so SQLite's planner can neither sort 80,000 label
/// matches for a broad term nor walk the whole table for a narrow one. Both plans return the same rows in the same
/// order; only the cost differs (docs/performance.md).
/// </para>
/// </summary>
public sealed class AppPasswordInventoryQuery(AppPasswordsDbContext db, TimeProvider clock) : IAppPasswordInventoryQuery
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// A driving range of fewer index entries than this is read whole (≈ 0.2 µs an entry at a million rows); a broader
    /// one is left to the walk of the sort index, where a condition this common soon fills a page.
    /// </summary>
    internal int WindowLimit { get; init; } = 50_000;

    /// <summary>
    /// Matches that a plan which must read the table for each match (sort by user, or a search on the user row)
    /// accepts (≈ 7 µs each).
    /// </summary>
    internal int MatchLimit { get; init; } = 2000;

    /// <summary>
    /// A term that is the prefix of fewer user principal names than this is tested as membership of that user set
    /// on the index entry; a broader one on the joined user row (it then matches often, so few rows are joined).
    /// </summary>
    internal const int UserSetLimit = 200;

    private const int StreamChunkSize = 2000;

    /// <summary>Above this character the prefix range is closed (all of the Basic Multilingual Plane).</summary>
    private const char PrefixRangeEnd = '\uffff';

    public async Task<InventoryPage> GetPageAsync(InventoryFilter filter, InventoryCursor? after, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        return await ReadPageAsync(filter, await ChoosePlanAsync(filter, cancellationToken), after, pageSize, cancellationToken);
    }

    /// <summary>One page with a given plan (tests compare the plans' pages).</summary>
    internal async Task<InventoryPage> ReadPageAsync(InventoryFilter filter, InventoryPlan plan, InventoryCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var rows = await ReadAfterAsync(filter, plan, after, pageSize + 1, cancellationToken);
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
        var plan = await ChoosePlanAsync(filter, cancellationToken);
        InventoryCursor? after = null;
        while (true)
        {
            var chunk = await ReadAfterAsync(filter, plan, after, StreamChunkSize, cancellationToken);
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
    /// Which index drives the page. Each count reads at most <see cref="WindowLimit"/> entries of one index and
    /// never the table: the label range, the user principal name range, the created window, the expiry window.
    /// </summary>
    internal async Task<InventoryPlan> ChoosePlanAsync(InventoryFilter filter, CancellationToken cancellationToken)
    {
        if (Contradictory(filter))
        {
            return InventoryPlan.Empty;
        }

        var now = clock.GetUtcNow();
        var passwords = db.Set<AppPassword>();
        var plan = InventoryPlan.Walk;
        var term = Term(filter);
        if (term is not null)
        {
            var labels = await LabelRange(passwords, term).AnyAsync(cancellationToken);
            var users = await UserRange(term).Take(UserSetLimit).CountAsync(cancellationToken);
            if (!labels && users == 0)
            {
                return InventoryPlan.Empty;
            }

            plan = plan with { SearchLabels = labels, SearchUsers = users > 0, UserSet = users < UserSetLimit };
        }

        if (filter.UserId is not null)
        {
            // One user's passwords: a handful, bounded by the policy's maximum per user.
            return plan with { Driver = InventoryDriver.User };
        }

        // Each window is counted only as far as the narrowest one so far: a broad window costs no more than that.
        var windows = new List<(InventoryDriver Driver, IQueryable<AppPassword> Range, int Entries)>();
        var limit = WindowLimit;
        async Task AddWindowAsync(InventoryDriver driver, IQueryable<AppPassword> range, Func<int, Task<int>> count)
        {
            var entries = await count(limit);
            if (entries < limit)
            {
                windows.Add((driver, range, entries));
                limit = entries;
            }
        }

        if (filter.Sort != InventorySort.Created && CreatedWindow(passwords, filter) is { } created)
        {
            await AddWindowAsync(InventoryDriver.Created, created, max => created.Take(max).CountAsync(cancellationToken));
        }

        if (filter.Sort != InventorySort.Expiry && ExpiryWindow(passwords, filter, now) is { } expiry)
        {
            await AddWindowAsync(InventoryDriver.Expiry, expiry, max => expiry.Take(max).CountAsync(cancellationToken));
        }

        if (term is not null && plan.UserSet)
        {
            var owners = UserRange(term).Select(u => u.Id);
            await AddWindowAsync(InventoryDriver.Term, passwords, async max =>
            {
                var labels = plan.SearchLabels ? await LabelRange(passwords, term).Take(max).CountAsync(cancellationToken) : 0;
                return labels >= max || !plan.SearchUsers ? labels : labels + await passwords.Where(p => owners.Contains(p.UserId)).Take(max - labels).CountAsync(cancellationToken);
            });
        }

        var narrow = windows.Where(w => w.Entries < WindowLimit).OrderBy(w => w.Entries).ToList();
        if (narrow.Count == 0)
        {
            return plan;
        }

        var chosen = narrow[0];

        plan = plan with { Driver = chosen.Driver };
        if (!ReadsTablePerMatch(filter, plan))
        {
            return plan;
        }

        // Sorting by user or testing the user row costs a table read per match: only worth it for few matches.
        var hints = new NotIndexedRewriter(IndexedColumns(plan.Driver, filter.Sort));
        var matches = await Filtered(chosen.Range, filter, plan, KeyRange.All, hints).Take(MatchLimit).CountAsync(cancellationToken);
        return matches < MatchLimit ? plan : InventoryPlan.Walk with { SearchLabels = plan.SearchLabels, SearchUsers = plan.SearchUsers, UserSet = plan.UserSet };
    }

    /// <summary>Whether the plan's sort needs the user row (sort by user, or a broad user side of the term): then the matches cannot be sorted on the index alone.</summary>
    private static bool ReadsTablePerMatch(InventoryFilter filter, InventoryPlan plan) =>
        filter.Sort == InventorySort.User || (plan.SearchUsers && !plan.UserSet);

    /// <summary>Filters that exclude each other (expiring soon means active, so neither revoked nor expired), answered without a query.</summary>
    private static bool Contradictory(InventoryFilter filter) =>
        (filter.ExpiringWithinDays is not null && filter.Status is InventoryStatus.Revoked or InventoryStatus.Expired)
        || filter.ExpiringWithinDays is <= 0
        || (filter.CreatedFrom is { } from && filter.CreatedTo is { } to && from >= to);

    private static string? Term(InventoryFilter filter) => string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim();

    // Translated to SQL: the comparison is the database collation's, not .NET's culture (CA1309 does not apply).
#pragma warning disable CA1309
    private static IQueryable<AppPassword> LabelRange(IQueryable<AppPassword> passwords, string term)
    {
        var high = term + PrefixRangeEnd;
        return passwords.Where(p => string.Compare(p.Label, term) >= 0 && string.Compare(p.Label, high) < 0);
    }

    private IQueryable<User> UserRange(string term)
    {
        var high = term + PrefixRangeEnd;
        return db.Set<User>().Where(u => string.Compare(u.UserPrincipalName, term) >= 0 && string.Compare(u.UserPrincipalName, high) < 0);
    }
#pragma warning restore CA1309

    private static IQueryable<AppPassword>? CreatedWindow(IQueryable<AppPassword> passwords, InventoryFilter filter)
    {
        if (filter.CreatedFrom is null && filter.CreatedTo is null)
        {
            return null;
        }

        if (filter.CreatedFrom is { } from)
        {
            passwords = passwords.Where(p => p.CreatedAt >= from);
        }

        if (filter.CreatedTo is { } to)
        {
            passwords = passwords.Where(p => p.CreatedAt < to);
        }

        return passwords;
    }

    /// <summary>The expiry range a filter implies: "expiring within N days" (now, now + N] or "expired" (…, now].</summary>
    private static IQueryable<AppPassword>? ExpiryWindow(IQueryable<AppPassword> passwords, InventoryFilter filter, DateTimeOffset now)
    {
        if (filter.ExpiringWithinDays is { } days)
        {
            var until = now.AddDays(days);
            return passwords.Where(p => p.ExpiresAt > now && p.ExpiresAt <= until);
        }

        return filter.Status == InventoryStatus.Expired ? passwords.Where(p => p.ExpiresAt <= now) : null;
    }

    /// <summary>
    /// Up to <paramref name="count"/> rows after the cursor. A nullable sort key is read as two ranges, each in
    /// (key, Id) order: the null range (first ascending, last descending) and the non-null range. One query with
    /// "OR key IS NULL" would make the database sort the whole table instead.
    /// </summary>
    private async Task<List<InventoryRow>> ReadAfterAsync(InventoryFilter filter, InventoryPlan plan, InventoryCursor? after, int count, CancellationToken cancellationToken)
    {
        if (plan.Driver == InventoryDriver.None)
        {
            return [];
        }

        if (filter.Sort is not (InventorySort.LastUsed or InventorySort.Expiry))
        {
            return await Query(filter, plan, after, KeyRange.All, count).ToListAsync(cancellationToken);
        }

        KeyRange[] ranges = filter.Descending ? [KeyRange.NonNull, KeyRange.Null] : [KeyRange.Null, KeyRange.NonNull];
        var start = after is null ? 0 : Array.IndexOf(ranges, after.SortValue is null ? KeyRange.Null : KeyRange.NonNull);
        var rows = new List<InventoryRow>(count);
        for (var i = start; i < ranges.Length && rows.Count < count; i++)
        {
            // Expiring soon and expired both need an expiry: the (large) null range cannot match.
            if (ranges[i] == KeyRange.Null && filter.Sort == InventorySort.Expiry && (filter.ExpiringWithinDays is not null || filter.Status == InventoryStatus.Expired))
            {
                continue;
            }

            rows.AddRange(await Query(filter, plan, i == start ? after : null, ranges[i], count - rows.Count).ToListAsync(cancellationToken));
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

    /// <summary>
    /// The page query. A walk reads the sort index in order, joins and stops after <c>Take</c>. A driving range whose
    /// matches can be ordered on the index alone selects the page's ids first (index only) and then reads just those
    /// rows; otherwise the joined matches are sorted.
    /// </summary>
    private IQueryable<InventoryRow> Query(InventoryFilter filter, InventoryPlan plan, InventoryCursor? after, KeyRange range, int count)
    {
        var hints = new NotIndexedRewriter(IndexedColumns(plan.Driver, filter.Sort));
        var passwords = Filtered(db.Set<AppPassword>().AsNoTracking(), filter, plan, range, hints);
        IQueryable<InventoryJoin> joined;
        if (plan.Driver is InventoryDriver.SortOrder or InventoryDriver.User || ReadsTablePerMatch(filter, plan))
        {
            joined = Sorted(Join(passwords, filter, plan, hints), filter, after, range, hints).Take(count);
        }
        else
        {
            // Late row lookup: order and limit the ids on the driving index alone, then read only those rows.
            var ids = Sorted(passwords, filter, after, range, hints).Select(p => p.Id).Take(count);
            var lookup = new NotIndexedRewriter([nameof(AppPassword) + "." + nameof(AppPassword.Id)]);
            var rows = db.Set<AppPassword>().AsNoTracking().Where(p => ids.Contains(p.Id));
            joined = Sorted(rows.Join(db.Set<User>(), p => IndexHints.NotIndexed(p.UserId), u => u.Id, (p, u) => new InventoryJoin { P = p, U = u }), filter, null, KeyRange.All, lookup);
        }

        return joined.Select(j => new InventoryRow(
            j.P.Id, j.P.UserId, j.U.UserPrincipalName, j.U.DisplayName, j.P.Label, j.P.CreatedAt, j.P.LastUsedAt,
            j.P.LastUsedProtocol, j.P.LastUsedIpAddress, j.P.ExpiresAt, j.P.RevokedAt, j.P.Protocols));
    }

    private IQueryable<InventoryJoin> Join(IQueryable<AppPassword> passwords, InventoryFilter filter, InventoryPlan plan, NotIndexedRewriter hints)
    {
        // Only the walk of the user sort reads users first (by name) and their passwords second; every other plan
        // reads passwords first, so the join may not use the password-side UserId index (SQLite would otherwise be
        // free to scan all users and sort the joined table).
        var joined = plan.Driver == InventoryDriver.SortOrder && filter.Sort == InventorySort.User
            ? passwords.Join(db.Set<User>(), p => p.UserId, u => u.Id, (p, u) => new InventoryJoin { P = p, U = u })
            : passwords.Join(db.Set<User>(), p => IndexHints.NotIndexed(p.UserId), u => u.Id, (p, u) => new InventoryJoin { P = p, U = u });
        if (Term(filter) is not { } low || !plan.SearchUsers || plan.UserSet)
        {
            return joined;
        }

        // A broad user side is tested on the joined user row (and the label side beside it).
        var high = low + PrefixRangeEnd;
#pragma warning disable CA1309
        Expression<Func<InventoryJoin, bool>> user = j => string.Compare(j.U.UserPrincipalName, low) >= 0 && string.Compare(j.U.UserPrincipalName, high) < 0;
        Expression<Func<InventoryJoin, bool>> label = j => string.Compare(j.P.Label, low) >= 0 && string.Compare(j.P.Label, high) < 0;
#pragma warning restore CA1309
        return joined.Where(hints.Rewrite(plan.SearchLabels ? Or(label, user) : user));
    }

    private static IQueryable<InventoryJoin> Sorted(IQueryable<InventoryJoin> joined, InventoryFilter filter, InventoryCursor? after, KeyRange range, NotIndexedRewriter hints) => filter.Sort switch
    {
        InventorySort.User => Keyset(joined, j => j.U.UserPrincipalName, j => j.P.Id, filter.Descending, after?.SortValue, after, KeyRange.All, hints),
        InventorySort.LastUsed => Keyset(joined, j => j.P.LastUsedAt, j => j.P.Id, filter.Descending, ParseTicks(after), after, range, hints),
        InventorySort.Expiry => Keyset(joined, j => j.P.ExpiresAt, j => j.P.Id, filter.Descending, ParseTicks(after), after, range, hints),
        _ => Keyset(joined, j => (DateTimeOffset?)j.P.CreatedAt, j => j.P.Id, filter.Descending, ParseTicks(after), after, KeyRange.All, hints),
    };

    /// <summary>The same order on the password row alone (not for the user sort, which needs the user row).</summary>
    private static IQueryable<AppPassword> Sorted(IQueryable<AppPassword> passwords, InventoryFilter filter, InventoryCursor? after, KeyRange range, NotIndexedRewriter hints) => filter.Sort switch
    {
        InventorySort.LastUsed => Keyset(passwords, p => p.LastUsedAt, p => p.Id, filter.Descending, ParseTicks(after), after, range, hints),
        InventorySort.Expiry => Keyset(passwords, p => p.ExpiresAt, p => p.Id, filter.Descending, ParseTicks(after), after, range, hints),
        InventorySort.Created => Keyset(passwords, p => (DateTimeOffset?)p.CreatedAt, p => p.Id, filter.Descending, ParseTicks(after), after, KeyRange.All, hints),
        _ => throw new InvalidOperationException("The user sort needs the user row."),
    };

    /// <summary>Every condition on the password row itself (the term too, unless its user side is tested on the user row).</summary>
    private IQueryable<AppPassword> Filtered(IQueryable<AppPassword> passwords, InventoryFilter filter, InventoryPlan plan, KeyRange range, NotIndexedRewriter hints)
    {
        var now = clock.GetUtcNow();
        void Where(Expression<Func<AppPassword, bool>> predicate) => passwords = passwords.Where(hints.Rewrite(predicate));

        if (filter.UserId is { } userId)
        {
            Where(p => p.UserId == userId);
        }

        if (Term(filter) is { } low && (plan.UserSet || !plan.SearchUsers))
        {
            var high = low + PrefixRangeEnd;
            var users = UserRange(low).Select(u => u.Id);
            // Translated to SQL: the comparison is the database collation's, not .NET's culture (CA1309 does not apply).
#pragma warning disable CA1309
            if (plan.SearchLabels && plan.SearchUsers)
            {
                Where(p => (string.Compare(p.Label, low) >= 0 && string.Compare(p.Label, high) < 0) || users.Contains(p.UserId));
            }
            else if (plan.SearchLabels)
            {
                Where(p => string.Compare(p.Label, low) >= 0 && string.Compare(p.Label, high) < 0);
            }
            else if (plan.SearchUsers)
            {
                Where(p => users.Contains(p.UserId));
            }
#pragma warning restore CA1309
        }

        switch (filter.Status)
        {
            case InventoryStatus.Active:
                Where(p => p.RevokedAt == null && (p.ExpiresAt == null || p.ExpiresAt > now));
                break;
            case InventoryStatus.Revoked:
                Where(p => p.RevokedAt != null);
                break;
            case InventoryStatus.Expired:
                Where(p => p.RevokedAt == null && p.ExpiresAt <= now);
                break;
        }

        if (filter.NotUsedForDays is { } idleDays)
        {
            var since = now.AddDays(-idleDays);
            // Within one key range of the last-used sort the null test is decided, and the rest is a range of its index.
            if (filter.Sort != InventorySort.LastUsed || range == KeyRange.All)
            {
                Where(p => p.LastUsedAt == null || p.LastUsedAt < since);
            }
            else if (range == KeyRange.NonNull)
            {
                Where(p => p.LastUsedAt < since);
            }
        }

        if (filter.ExpiringWithinDays is { } expiringDays)
        {
            var until = now.AddDays(expiringDays);
            Where(p => p.RevokedAt == null && p.ExpiresAt > now && p.ExpiresAt <= until);
        }

        if (filter.CreatedFrom is { } from)
        {
            Where(p => p.CreatedAt >= from);
        }

        if (filter.CreatedTo is { } to)
        {
            Where(p => p.CreatedAt < to);
        }

        return passwords;
    }

    /// <summary>The columns whose index the plan reads; every other column in a condition or ORDER BY is marked not indexed.</summary>
    private static HashSet<string> IndexedColumns(InventoryDriver driver, InventorySort sort) => driver switch
    {
        InventoryDriver.User => [nameof(AppPassword) + "." + nameof(AppPassword.UserId)],
        InventoryDriver.Term => [nameof(AppPassword) + "." + nameof(AppPassword.Label), nameof(AppPassword) + "." + nameof(AppPassword.UserId)],
        InventoryDriver.Created => [nameof(AppPassword) + "." + nameof(AppPassword.CreatedAt)],
        InventoryDriver.Expiry => [nameof(AppPassword) + "." + nameof(AppPassword.ExpiresAt)],
        _ => sort switch
        {
            InventorySort.User => [nameof(User) + "." + nameof(User.UserPrincipalName), nameof(AppPassword) + "." + nameof(AppPassword.Id)],
            InventorySort.LastUsed => [nameof(AppPassword) + "." + nameof(AppPassword.LastUsedAt), nameof(AppPassword) + "." + nameof(AppPassword.Id)],
            InventorySort.Expiry => [nameof(AppPassword) + "." + nameof(AppPassword.ExpiresAt), nameof(AppPassword) + "." + nameof(AppPassword.Id)],
            _ => [nameof(AppPassword) + "." + nameof(AppPassword.CreatedAt), nameof(AppPassword) + "." + nameof(AppPassword.Id)],
        },
    };

    private static Expression<Func<InventoryJoin, bool>> Or(Expression<Func<InventoryJoin, bool>> left, Expression<Func<InventoryJoin, bool>> right)
    {
        var j = left.Parameters[0];
        var rightBody = new ParameterReplacer(right.Parameters[0], j).Visit(right.Body);
        return Expression.Lambda<Func<InventoryJoin, bool>>(Expression.OrElse(left.Body, rightBody), j);
    }

    private static DateTimeOffset? ParseTicks(InventoryCursor? after) =>
        after?.SortValue is { } value && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;

    /// <summary>
    /// Orders by (key, Id) within one key range and, given a cursor in that range, keeps rows strictly after it.
    /// In the null range the order is by Id alone.
    /// </summary>
    private static IQueryable<TSource> Keyset<TSource, TKey>(IQueryable<TSource> query, Expression<Func<TSource, TKey>> key, Expression<Func<TSource, Guid>> idOf, bool descending, TKey? cursorValue, InventoryCursor? after, KeyRange range, NotIndexedRewriter hints)
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
            var id = new ParameterReplacer(idOf.Parameters[0], j).Visit(idOf.Body);
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
            query = query.Where(hints.Rewrite(Expression.Lambda<Func<TSource, bool>>(body, j)));
        }

        var byId = hints.Rewrite(idOf);
        if (range == KeyRange.Null)
        {
            return descending ? query.OrderByDescending(byId) : query.OrderBy(byId);
        }

        var byKey = hints.Rewrite(key);
        return descending
            ? query.OrderByDescending(byKey).ThenByDescending(byId)
            : query.OrderBy(byKey).ThenBy(byId);
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

    /// <summary>
    /// Wraps every entity column that is not in <paramref name="indexed"/> ("Type.Property") in
    /// <see cref="IndexHints"/>.NotIndexed, so the database reads only the index the plan chose.
    /// </summary>
    private sealed class NotIndexedRewriter(HashSet<string> indexed) : ExpressionVisitor
    {
        public Expression<TDelegate> Rewrite<TDelegate>(Expression<TDelegate> lambda) => (Expression<TDelegate>)Visit(lambda);

        protected override Expression VisitMember(MemberExpression node)
        {
            var visited = base.VisitMember(node);
            return node.Member.DeclaringType is { } owner && (owner == typeof(AppPassword) || owner == typeof(User))
                && !indexed.Contains(owner.Name + "." + node.Member.Name)
                && IndexHints.For(node.Type) is { } notIndexed
                    ? Expression.Call(notIndexed, visited)
                    : visited;
        }
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
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

internal enum InventoryDriver
{
    /// <summary>No row can match (the filters exclude each other, or the term matches nothing).</summary>
    None,

    /// <summary>Walk the sort order's index from the cursor and test each entry.</summary>
    SortOrder,
    User,
    Term,
    Created,
    Expiry,
}

/// <summary>
/// The index that drives a page, and which sides of the search term can match at all (a side with no match is
/// left out of the query; a user side with few users is tested as membership of that set).
/// </summary>
internal sealed record InventoryPlan(InventoryDriver Driver, bool SearchLabels, bool SearchUsers, bool UserSet)
{
    public static readonly InventoryPlan Empty = new(InventoryDriver.None, false, false, false);

    public static readonly InventoryPlan Walk = new(InventoryDriver.SortOrder, false, false, false);
}
