using AppPasswords.Core.AppPasswords;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.UserAppPasswords;

[Authorize]
public class RevokeAllModel(IRevokeAllAppPasswordsCommand revokeAll) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await revokeAll.RevokeAllAsync(User.GetUserId(), cancellationToken);
        TempData["AppPasswords.Status"] = "Message.RevokedAll";
        return RedirectToPage("Index");
    }
}
