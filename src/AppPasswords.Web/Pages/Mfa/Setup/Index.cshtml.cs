using AppPasswords.Core.Mfa;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Mfa.Setup;

/// <summary>"More information required": the interrupt shown while MFA registration is incomplete.</summary>
public sealed class IndexModel(IMfaRegistrationQuery registration, IMfaSkipService skips, IStringLocalizer<MfaResource> text) : MfaPageModel(text)
{
    public MfaSkipStatus Skip { get; private set; } = new(false, 0, false);

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if ((await registration.GetStateAsync(UserId, cancellationToken)).IsComplete)
        {
            return RedirectToReturnUrl(ReturnUrl, "/Mfa/Setup/Done");
        }

        Skip = await skips.GetStatusAsync(UserId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSkipAsync(CancellationToken cancellationToken)
    {
        if (!await skips.SkipAsync(UserId, cancellationToken))
        {
            return RedirectToPage();
        }

        return RedirectToReturnUrl(ReturnUrl, "/");
    }
}
