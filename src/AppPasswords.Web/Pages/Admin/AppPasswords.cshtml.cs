using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AppPasswords.Core.Admin;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Common;
using AppPasswords.Web.Admin;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Admin;

/// <summary>
/// The cross-user app password inventory: search, filters, four keyset sorts with Next/Previous, CSV export of exactly
/// the filtered view, and revocation (selected, or all of one user) behind a confirmation step that requires a reason.
/// </summary>
[Authorize(Policy = PortalPolicies.Admin)]
public class AppPasswordsModel(
    IAppPasswordInventoryQuery inventory,
    IAdminRevokeAppPasswordsCommand revoke,
    IAuditLog audit,
    TimeProvider clock,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<string> SortNames = ["created-desc", "created-asc", "last-used-desc", "last-used-asc", "expiry-asc", "expiry-desc", "user-asc", "user-desc"];

    [BindProperty(SupportsGet = true)]
    public FilterModel Filter { get; set; } = new();

    /// <summary>Keyset cursor: show the page after this row (from a "Next" link).</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>Keyset cursor: show the page before this row (from a "Previous" link).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Before { get; set; }

    [BindProperty]
    public RevokeInput Revoke { get; set; } = new();

    [TempData(Key = "Admin.AppPasswords.Status")]
    public string? StatusMessage { get; set; }

    public IReadOnlyList<InventoryRow> Rows { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public string? PreviousCursor { get; private set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>The confirmation step is showing (reason still to be given).</summary>
    public bool Confirming { get; private set; }

    /// <summary>The passwords about to be revoked (revoke selected) or the user's (revoke all of a user).</summary>
    public IReadOnlyList<InventoryRow> ToRevoke { get; private set; } = [];

    public string? InvalidMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        var filter = Resolve();
        if (filter is null)
        {
            return Page();
        }

        if (!string.IsNullOrEmpty(Before))
        {
            if (!InventoryCursor.TryDecode(Before, out var before))
            {
                InvalidMessage = localizer["Admin.AppPasswords.FilterInvalid"];
                return Page();
            }

            var back = await inventory.GetPageAsync(filter with { Descending = !filter.Descending }, before, PageSize, cancellationToken);
            Rows = back.Items.Reverse().ToList();
            PreviousCursor = back.Next is null || Rows.Count == 0 ? null : CursorOf(Rows[0], filter.Sort).Encode();
            NextCursor = Rows.Count == 0 ? null : CursorOf(Rows[^1], filter.Sort).Encode();
            return Page();
        }

        InventoryCursor? after = null;
        if (!string.IsNullOrEmpty(After) && !InventoryCursor.TryDecode(After, out after))
        {
            InvalidMessage = localizer["Admin.AppPasswords.FilterInvalid"];
            return Page();
        }

        var page = await inventory.GetPageAsync(filter, after, PageSize, cancellationToken);
        Rows = page.Items;
        NextCursor = page.Next?.Encode();
        PreviousCursor = after is not null && Rows.Count > 0 ? CursorOf(Rows[0], filter.Sort).Encode() : null;
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var filter = Resolve();
        if (filter is null)
        {
            return BadRequest();
        }

        await audit.RecordAsync(
            new AuditEvent { EventType = AuditEventTypes.AppPasswordsExported, ActorUserId = User.GetUserId(), Details = System.Text.Json.JsonSerializer.Serialize(Filter) },
            cancellationToken);
        var now = clock.GetUtcNow();
        return new CsvExportResult("app-passwords.csv", async (csv, ct) =>
        {
            await csv.WriteRowAsync(["id", "user_principal_name", "display_name", "label", "created_at", "last_used_at", "last_used_protocol", "last_used_ip", "expires_at", "revoked_at", "status", "protocols"], ct);
            await foreach (var row in inventory.StreamAsync(filter, ct))
            {
                await csv.WriteRowAsync(
                    [row.Id.ToString(), row.UserPrincipalName, row.DisplayName, row.Label, CsvWriter.Format(row.CreatedAt), CsvWriter.Format(row.LastUsedAt),
                        row.LastUsedProtocol?.ToString(), row.LastUsedIpAddress, CsvWriter.Format(row.ExpiresAt), CsvWriter.Format(row.RevokedAt),
                        row.StatusAt(now).ToString().ToLowerInvariant(), ProtocolList(row.Protocols)],
                    ct);
            }
        });
    }

    /// <summary>Step 1: show what will be revoked and ask for the reason.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        ModelState.Clear();
        if (!await LoadTargetsAsync(cancellationToken))
        {
            StatusMessage = "NothingSelected";
            return RedirectToPage(Filter.ToRouteValues());
        }

        Confirming = true;
        return Page();
    }

    /// <summary>Step 2: revoke with the reason.</summary>
    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        if (!await LoadTargetsAsync(cancellationToken))
        {
            StatusMessage = "NothingSelected";
            return RedirectToPage(Filter.ToRouteValues());
        }

        if (!AdminRevokeAppPasswordsCommand.IsValidReason(Revoke.Reason))
        {
            ModelState.AddModelError("Revoke.Reason", localizer["Admin.AppPasswords.ReasonRequired", AdminRevokeAppPasswordsCommand.MaxReasonLength]);
            Confirming = true;
            return Page();
        }

        var actor = User.GetUserId();
        var count = Revoke.AllOfUser is { } userId
            ? await revoke.RevokeAllOfUserAsync(actor, userId, Revoke.Reason!, cancellationToken)
            : await revoke.RevokeSelectedAsync(actor, ToRevoke.Select(r => new AdminRevocationTarget(r.UserId, r.Id)).ToList(), Revoke.Reason!, cancellationToken);
        StatusMessage = count == 0 ? "NoneRevoked" : "Revoked";
        return RedirectToPage(Filter.ToRouteValues());
    }

    public static string ProtocolList(AppPasswordProtocols protocols) =>
        string.Join(' ', AppPasswordProtocolNames.Each.Where(p => protocols.HasFlag(p)).Select(p => p.ToString()));

    public static string SelectionValue(InventoryRow row) => $"{row.UserId:N}:{row.Id:N}";

    private static InventoryCursor CursorOf(InventoryRow row, InventorySort sort) => new(
        sort switch
        {
            InventorySort.User => row.UserPrincipalName,
            InventorySort.LastUsed => row.LastUsedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture),
            InventorySort.Expiry => row.ExpiresAt?.UtcTicks.ToString(CultureInfo.InvariantCulture),
            _ => row.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
        },
        row.Id);

    /// <summary>Resolves the revocation targets from the posted selection or user; false when there is nothing to revoke.</summary>
    private async Task<bool> LoadTargetsAsync(CancellationToken cancellationToken)
    {
        if (Revoke.AllOfUser is { } userId)
        {
            var rows = new List<InventoryRow>();
            await foreach (var row in inventory.StreamAsync(new InventoryFilter { UserId = userId, Status = InventoryStatus.Active }, cancellationToken))
            {
                rows.Add(row);
                if (rows.Count >= AdminRevokeAppPasswordsCommand.MaxSelection)
                {
                    break;
                }
            }

            ToRevoke = rows;
            return rows.Count > 0;
        }

        var selected = (Revoke.Selected ?? []).Take(AdminRevokeAppPasswordsCommand.MaxSelection + 1).ToList();
        if (selected.Count is 0 or > AdminRevokeAppPasswordsCommand.MaxSelection)
        {
            return false;
        }

        var found = new List<InventoryRow>();
        foreach (var value in selected.Distinct(StringComparer.Ordinal))
        {
            var parts = value?.Split(':') ?? [];
            if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var owner) || !Guid.TryParseExact(parts[1], "N", out var id))
            {
                continue;
            }

            await foreach (var row in inventory.StreamAsync(new InventoryFilter { UserId = owner, Status = InventoryStatus.Active }, cancellationToken))
            {
                if (row.Id == id)
                {
                    found.Add(row);
                    break;
                }
            }
        }

        ToRevoke = found;
        return found.Count > 0;
    }

    /// <summary>The query filter, or null (with <see cref="InvalidMessage"/> set) when the query string is not valid.</summary>
    private InventoryFilter? Resolve()
    {
        var filterValid = ModelState.Where(e => e.Key.StartsWith("Filter.", StringComparison.Ordinal)).All(e => e.Value is null || e.Value.Errors.Count == 0);
        if (!filterValid || Filter.CreatedFrom > Filter.CreatedTo)
        {
            InvalidMessage = localizer["Admin.AppPasswords.FilterInvalid"];
            return null;
        }

        var (sort, descending) = ParseSort(Filter.Sort);
        return new InventoryFilter
        {
            Search = string.IsNullOrWhiteSpace(Filter.Search) ? null : Filter.Search.Trim(),
            Status = Filter.Status switch
            {
                "active" => InventoryStatus.Active,
                "revoked" => InventoryStatus.Revoked,
                "expired" => InventoryStatus.Expired,
                _ => InventoryStatus.Any,
            },
            NotUsedForDays = Filter.NotUsedForDays,
            ExpiringWithinDays = Filter.ExpiringWithinDays,
            CreatedFrom = Filter.CreatedFrom is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            CreatedTo = Filter.CreatedTo is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            Sort = sort,
            Descending = descending,
        };
    }

    private static (InventorySort Sort, bool Descending) ParseSort(string? value) => value switch
    {
        "created-asc" => (InventorySort.Created, false),
        "last-used-desc" => (InventorySort.LastUsed, true),
        "last-used-asc" => (InventorySort.LastUsed, false),
        "expiry-asc" => (InventorySort.Expiry, false),
        "expiry-desc" => (InventorySort.Expiry, true),
        "user-asc" => (InventorySort.User, false),
        "user-desc" => (InventorySort.User, true),
        _ => (InventorySort.Created, true),
    };

    public sealed class FilterModel
    {
        [StringLength(256)]
        public string? Search { get; set; }

        [RegularExpression("^(active|revoked|expired)$")]
        public string? Status { get; set; }

        [Range(1, 3650)]
        public int? NotUsedForDays { get; set; }

        [Range(1, 3650)]
        public int? ExpiringWithinDays { get; set; }

        public DateOnly? CreatedFrom { get; set; }

        public DateOnly? CreatedTo { get; set; }

        [RegularExpression("^(created|last-used|expiry|user)-(asc|desc)$")]
        public string? Sort { get; set; }

        /// <summary>The filter as query-string values, for paging, export and redirect links.</summary>
        public Dictionary<string, string> ToRouteValues()
        {
            var values = new Dictionary<string, string>();
            void Add(string key, string? value)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    values["Filter." + key] = value;
                }
            }

            Add(nameof(Search), Search);
            Add(nameof(Status), Status);
            Add(nameof(NotUsedForDays), NotUsedForDays?.ToString(CultureInfo.InvariantCulture));
            Add(nameof(ExpiringWithinDays), ExpiringWithinDays?.ToString(CultureInfo.InvariantCulture));
            Add(nameof(CreatedFrom), CreatedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add(nameof(CreatedTo), CreatedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add(nameof(Sort), Sort);
            return values;
        }
    }

    public sealed class RevokeInput
    {
        /// <summary>Selected rows as <c>{userId:N}:{appPasswordId:N}</c>.</summary>
        public List<string>? Selected { get; set; }

        /// <summary>Revoke every active password of this user instead of a selection.</summary>
        public Guid? AllOfUser { get; set; }

        public string? Reason { get; set; }
    }
}
