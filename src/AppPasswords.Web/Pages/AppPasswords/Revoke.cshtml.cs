using AppPasswords.Core.AppPasswords;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.UserAppPasswords;

/// <summary>Confirms and revokes one of the user's own app passwords; anyone else's id is a 404.</summary>
[Authorize]
public class RevokeModel(IListAppPasswordsQuery query, IRevokeAppPasswordCommand revoke, TimeProvider clock) : PageModel
{
    public AppPassword? AppPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        AppPassword = await query.FindAsync(User.GetUserId(), id, cancellationToken);
        return AppPassword is null || !AppPassword.IsActiveAt(clock.GetUtcNow()) ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await revoke.RevokeAsync(User.GetUserId(), id, cancellationToken))
        {
            return NotFound();
        }

        TempData["AppPasswords.Status"] = "Message.Revoked";
        return RedirectToPage("Index");
    }
}
