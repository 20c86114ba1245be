using AppPasswords.Web.Auth;
using AppPasswords.Web.Pages.UserAppPasswords;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.Admin;

/// <summary>Shows a new service key once (post/redirect/get). Without a valid one-time ticket it redirects to the list.</summary>
[Authorize(Policy = PortalPolicies.Admin)]
public class ServiceKeyCreatedModel(ShownOnceSecretStore shownOnce) : PageModel
{
    public const string TicketKey = "Admin.ServiceKeys.Ticket";

    public string Label { get; private set; } = "";

    public string Key { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        var secret = await shownOnce.TakeAsync(User, TempData[TicketKey] as string, cancellationToken);
        if (secret is null)
        {
            return RedirectToPage("ServiceKeys");
        }

        Label = secret.Label;
        Key = secret.Password;
        return Page();
    }
}
