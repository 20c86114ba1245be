using AppPasswords.Core.Admin;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Admin.Users;

/// <summary>
/// One user: MFA registration, app passwords, recent audit events, and the account actions (require MFA
/// re-registration, sign out everywhere, block / allow app passwords, unlock sign-in), each behind a confirmation step with a reason.
/// </summary>
[Authorize(Policy = PortalPolicies.Admin)]
public class DetailsModel(
    IAdminUserDetailQuery detailQuery,
    IAppPasswordInventoryQuery inventory,
    IAdminUserActionCommand actions,
    TimeProvider clock,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const int RecentEventCount = 20;
    public const int AppPasswordCount = 50;

    /// <summary>The actions as they appear in forms (stable, lower-case) and the use case they run.</summary>
    public static readonly IReadOnlyDictionary<string, AdminUserAction> ActionNames = new Dictionary<string, AdminUserAction>(StringComparer.Ordinal)
    {
        ["require-mfa-reregistration"] = AdminUserAction.RequireMfaReRegistration,
        ["sign-out-everywhere"] = AdminUserAction.SignOutEverywhere,
        ["block-app-passwords"] = AdminUserAction.BlockAppPasswords,
        ["allow-app-passwords"] = AdminUserAction.AllowAppPasswords,
        ["unlock-sign-in"] = AdminUserAction.UnlockSignIn,
    };

    [BindProperty]
    public ActionInput Input { get; set; } = new();

    [TempData(Key = "Admin.Users.Details.Status")]
    public string? StatusMessage { get; set; }

    public AdminUserDetail Detail { get; private set; } = null!;

    public IReadOnlyList<InventoryRow> AppPasswords { get; private set; } = [];

    public bool MoreAppPasswords { get; private set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>The action whose confirmation (reason still to be given) is showing.</summary>
    public string? Confirming { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>Step 1: say what the action does and ask for the reason.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Input.Action is null || !ActionNames.ContainsKey(Input.Action))
        {
            return BadRequest();
        }

        ModelState.Clear();
        Confirming = Input.Action;
        return Page();
    }

    /// <summary>Step 2: run the action with the reason; post/redirect/get.</summary>
    public async Task<IActionResult> OnPostExecuteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Input.Action is null || !ActionNames.TryGetValue(Input.Action, out var action))
        {
            return BadRequest();
        }

        if (!AdminRevokeAppPasswordsCommand.IsValidReason(Input.Reason))
        {
            ModelState.AddModelError("Input.Reason", localizer["Admin.AppPasswords.ReasonRequired", AdminRevokeAppPasswordsCommand.MaxReasonLength]);
            Confirming = Input.Action;
            return Page();
        }

        var result = await actions.ExecuteAsync(User.GetUserId(), id, action, Input.Reason!, cancellationToken);
        if (result == AdminUserActionResult.UserNotFound)
        {
            return NotFound();
        }

        StatusMessage = $"{Input.Action}.{(result == AdminUserActionResult.Done ? "done" : "no-change")}";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var detail = await detailQuery.GetAsync(id, RecentEventCount, cancellationToken);
        if (detail is null)
        {
            return false;
        }

        Detail = detail;
        Now = clock.GetUtcNow();
        var page = await inventory.GetPageAsync(new InventoryFilter { UserId = id }, null, AppPasswordCount, cancellationToken);
        AppPasswords = page.Items;
        MoreAppPasswords = page.Next is not null;
        return true;
    }

    public sealed class ActionInput
    {
        public string? Action { get; set; }

        public string? Reason { get; set; }
    }
}
