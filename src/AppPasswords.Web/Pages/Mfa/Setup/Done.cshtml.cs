using AppPasswords.Core.Mfa;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Mfa.Setup;

/// <summary>Registration complete; incomplete registrations are sent back to the step they are at.</summary>
public sealed class DoneModel(IMfaRegistrationQuery registration, IStringLocalizer<MfaResource> text) : MfaPageModel(text)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var state = await registration.GetStateAsync(UserId, cancellationToken);
        return state.IsComplete ? Page() : RedirectToPage(state.HasMfaMethod ? "Contact" : "Method");
    }
}
