using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.Account;

/// <summary>Shown with status 403 when a signed-in user lacks a role, or when sign-in at the identity provider failed.</summary>
[AllowAnonymous]
public class AccessDeniedModel : PageModel
{
    public bool SignInFailed { get; private set; }

    public void OnGet(string? reason = null)
    {
        SignInFailed = string.Equals(reason, "signin-failed", StringComparison.Ordinal);
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
