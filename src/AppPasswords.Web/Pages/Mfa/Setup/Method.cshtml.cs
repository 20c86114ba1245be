using AppPasswords.Core.Mfa;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Mfa.Setup;

/// <summary>Step 1: choose an authenticator app or a phone. Users who already have a method go on to step 3.</summary>
public sealed class MethodModel(IMfaMethodService methods, IStringLocalizer<MfaResource> text) : MfaPageModel(text)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        (await methods.ListActiveAsync(UserId, cancellationToken)).Count > 0 ? RedirectToPage("Contact") : Page();
}
