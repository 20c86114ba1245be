using AppPasswords.Core.AppPasswords;

namespace AppPasswords.Core.Admin;

public enum InventorySort
{
    Created,
    LastUsed,
    Expiry,
    User,
}

public enum InventoryStatus
{
    Any,
    Active,
    Revoked,
    Expired,
}

/// <summary>
/// What the administrator is looking at in the app password inventory. <see cref="Search"/> is a prefix of the
/// owner's user principal name or of the password's label (index range scans; case as stored on SQLite,
/// case-insensitive on SQL Server's default collation).
/// </summary>
public sealed record InventoryFilter
{
    public string? Search { get; init; }

    public Guid? UserId { get; init; }

    public InventoryStatus Status { get; init; }

    /// <summary>Not used in the last N days (never used counts as not used).</summary>
    public int? NotUsedForDays { get; init; }

    /// <summary>Active and expiring within N days.</summary>
    public int? ExpiringWithinDays { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Exclusive upper bound.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    public InventorySort Sort { get; init; } = InventorySort.Created;

    public bool Descending { get; init; } = true;
}

/// <summary>One inventory row. Carries no secret, hash or lookup tag.</summary>
public sealed record InventoryRow(
    Guid Id,
    Guid UserId,
    string UserPrincipalName,
    string DisplayName,
    string Label,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    AppPasswordProtocols? LastUsedProtocol,
    string? LastUsedIpAddress,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    AppPasswordProtocols Protocols)
{
    public AppPasswordStatus StatusAt(DateTimeOffset now) =>
        RevokedAt is not null ? AppPasswordStatus.Revoked : ExpiresAt is { } e && e <= now ? AppPasswordStatus.Expired : AppPasswordStatus.Active;
}

/// <summary>
/// Keyset position: the sort value of the last row shown (ticks or user principal name; null for a null value)
/// and its id as tie-breaker. Rows added later sort before or after it but never shift the position.
/// </summary>
public sealed record InventoryCursor(string? SortValue, Guid Id)
{
    public string Encode() => (SortValue is null ? "n" : "v" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SortValue)).Replace('+', '-').Replace('/', '_')) + "~" + Id.ToString("N");

    public static bool TryDecode(string? token, out InventoryCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(token) || token.Length > 1200)
        {
            return false;
        }

        var tilde = token.LastIndexOf('~');
        if (tilde < 1 || !Guid.TryParseExact(token.AsSpan(tilde + 1), "N", out var id))
        {
            return false;
        }

        if (token[0] == 'n' && tilde == 1)
        {
            cursor = new InventoryCursor(null, id);
            return true;
        }

        if (token[0] != 'v')
        {
            return false;
        }

        try
        {
            var bytes = Convert.FromBase64String(token[1..tilde].Replace('-', '+').Replace('_', '/'));
            cursor = new InventoryCursor(System.Text.Encoding.UTF8.GetString(bytes), id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

public sealed record InventoryPage(IReadOnlyList<InventoryRow> Items, InventoryCursor? Next);

/// <summary>The cross-user app password inventory for administrators.</summary>
public interface IAppPasswordInventoryQuery
{
    Task<InventoryPage> GetPageAsync(InventoryFilter filter, InventoryCursor? after, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Every row of the filtered view in the same order, read in chunks (constant memory).</summary>
    IAsyncEnumerable<InventoryRow> StreamAsync(InventoryFilter filter, CancellationToken cancellationToken = default);
}
