using AppPasswords.Core.ServiceKeys;
using AppPasswords.Web.Auth;
using AppPasswords.Web.Pages.UserAppPasswords;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Admin;

/// <summary>Service keys for the verify API: list, create (shown once on <see cref="ServiceKeyCreatedModel"/>), revoke with confirmation.</summary>
[Authorize(Policy = PortalPolicies.Admin)]
public class ServiceKeysModel(
    IListServiceKeysQuery list,
    ICreateServiceKeyCommand create,
    IRevokeServiceKeyCommand revoke,
    ShownOnceSecretStore shownOnce,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData(Key = "Admin.ServiceKeys.Status")]
    public string? StatusMessage { get; set; }

    public IReadOnlyList<ServiceKey> Keys { get; private set; } = [];

    /// <summary>The key awaiting confirmation of its revocation.</summary>
    public ServiceKey? Confirming { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Keys = await list.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var label = Input.Label?.Trim() ?? "";
        if (label.Length is 0 or > CreateServiceKeyCommand.MaxLabelLength)
        {
            ModelState.AddModelError("Input.Label", localizer["Admin.ServiceKeys.LabelRequired", CreateServiceKeyCommand.MaxLabelLength]);
            Keys = await list.ListAsync(cancellationToken);
            return Page();
        }

        var userId = User.GetUserId();
        var created = await create.CreateAsync(label, userId, cancellationToken);
        TempData[ServiceKeyCreatedModel.TicketKey] = await shownOnce.PutAsync(User, new ShownOnceSecret(created.ServiceKey.Id, created.ServiceKey.Label, created.Key), cancellationToken);
        return RedirectToPage("ServiceKeyCreated");
    }

    /// <summary>Step 1 of revoking: show the key and ask for confirmation.</summary>
    public async Task<IActionResult> OnPostConfirmRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Keys = await list.ListAsync(cancellationToken);
        Confirming = Keys.FirstOrDefault(k => k.Id == id && !k.IsRevoked);
        if (Confirming is null)
        {
            StatusMessage = "NotFound";
            return RedirectToPage();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        StatusMessage = await revoke.RevokeAsync(id, User.GetUserId(), cancellationToken) ? "Revoked" : "NotFound";
        return RedirectToPage();
    }

    public sealed class InputModel
    {
        public string? Label { get; set; }
    }
}
