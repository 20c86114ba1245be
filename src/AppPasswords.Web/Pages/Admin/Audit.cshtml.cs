using System.ComponentModel.DataAnnotations;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Common;
using AppPasswords.Core.Users;
using AppPasswords.Web.Admin;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.Admin;

[Authorize(Policy = PortalPolicies.Admin)]
public class AuditModel(IAuditLogReader reader, IUserLookup users, IAuditLog audit) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public FilterModel Filter { get; set; } = new();

    /// <summary>Opaque keyset cursor of the page to show (from the previous page's "Next" link).</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> UserNames { get; private set; } = new Dictionary<Guid, string>();

    public string? NextCursor { get; private set; }

    /// <summary>A user name was given that matches no user, so nothing can match.</summary>
    public bool UnknownUser { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var filter = await ResolveAsync(cancellationToken);
        if (filter is null)
        {
            return Page();
        }

        AuditCursorFormat.TryDecode(After, out var cursor);
        var page = await reader.GetPageAsync(filter, cursor, PageSize, cancellationToken);
        Events = page.Items;
        NextCursor = page.Next is null ? null : AuditCursorFormat.Encode(page.Next);
        UserNames = await users.GetNamesAsync(
            page.Items.SelectMany(e => new[] { e.ActorUserId, e.TargetUserId }).OfType<Guid>(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return BadRequest(ModelState);
        }

        var filter = await ResolveAsync(cancellationToken) ?? new AuditFilter { CorrelationId = "\u0000no-match" };
        await audit.RecordAsync(
            new AuditEvent { EventType = AuditEventTypes.AuditExported, ActorUserId = User.GetUserId(), Details = System.Text.Json.JsonSerializer.Serialize(Filter) },
            cancellationToken);
        return new CsvExportResult("audit-log.csv", async (csv, ct) =>
        {
            await csv.WriteRowAsync(["occurred_at", "event_type", "outcome", "actor_user_id", "actor_name", "target_user_id", "target", "ip_address", "user_agent", "correlation_id", "details"], ct);
            await foreach (var e in reader.StreamAsync(filter, ct))
            {
                await csv.WriteRowAsync(
                    [CsvWriter.Format(e.OccurredAt), e.EventType, e.Outcome, e.ActorUserId?.ToString(), e.ActorName, e.TargetUserId?.ToString(), e.Target, e.IpAddress, e.UserAgent, e.CorrelationId, e.Details],
                    ct);
            }
        });
    }

    public string DescribeUser(Guid? id) => id is { } value ? (UserNames.TryGetValue(value, out var name) ? name : value.ToString()) : "";

    /// <summary>The filter with user names resolved to ids; null when a named user does not exist.</summary>
    private async Task<AuditFilter?> ResolveAsync(CancellationToken cancellationToken)
    {
        Guid? actor = null, target = null;
        if (!string.IsNullOrWhiteSpace(Filter.Actor) && (actor = await users.FindIdAsync(Filter.Actor, cancellationToken)) is null)
        {
            UnknownUser = true;
            return null;
        }

        if (!string.IsNullOrWhiteSpace(Filter.Target) && (target = await users.FindIdAsync(Filter.Target, cancellationToken)) is null)
        {
            UnknownUser = true;
            return null;
        }

        return new AuditFilter
        {
            EventType = Filter.EventType?.Trim(),
            Outcome = Filter.Outcome,
            ActorUserId = actor,
            TargetUserId = target,
            From = Filter.From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            To = Filter.To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            CorrelationId = Filter.CorrelationId?.Trim(),
        };
    }

    public sealed class FilterModel
    {
        [StringLength(64)]
        public string? EventType { get; set; }

        [RegularExpression("^(success|failure|denied)$")]
        public string? Outcome { get; set; }

        [StringLength(256)]
        public string? Actor { get; set; }

        [StringLength(256)]
        public string? Target { get; set; }

        public DateOnly? From { get; set; }

        public DateOnly? To { get; set; }

        [StringLength(64)]
        public string? CorrelationId { get; set; }

        /// <summary>The filter as query-string values, for paging and export links.</summary>
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

            Add(nameof(EventType), EventType);
            Add(nameof(Outcome), Outcome);
            Add(nameof(Actor), Actor);
            Add(nameof(Target), Target);
            Add(nameof(From), From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            Add(nameof(To), To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            Add(nameof(CorrelationId), CorrelationId);
            return values;
        }
    }
}
