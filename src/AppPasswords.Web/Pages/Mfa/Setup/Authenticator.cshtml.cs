using AppPasswords.Core.Mfa;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace AppPasswords.Web.Pages.Mfa.Setup;

/// <summary>Step 2 for an authenticator app: QR code and key (kept server-side until activation), then a code.</summary>
[MfaRateLimited]
[RequireRecentSecondFactor]
public sealed class AuthenticatorModel(IMfaMethodService methods, IMfaRegistrationQuery registration, IStringLocalizer<MfaResource> text) : MfaPageModel(text)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string DisplayKey { get; private set; } = "";

    public string QrCodeSvg { get; private set; } = "";

    /// <summary>Back from step 3 (a method is active, no contact yet) goes on to step 3 instead of offering a second app.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if ((await registration.GetStateAsync(UserId, cancellationToken)) is { HasMfaMethod: true, IsComplete: false })
        {
            return RedirectToPage("Contact");
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ValidateCodeFormat("Input.Code", Input.Code))
        {
            if (await methods.ActivateTotpAsync(UserId, Input.Code, cancellationToken))
            {
                await MarkSecondFactorAsync();
                return RedirectToPage("Contact");
            }

            ModelState.AddModelError("Input.Code", Text["Mfa.TotpInvalid"]);
        }

        return RedirectWithErrors();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var setup = await methods.GetOrBeginTotpAsync(UserId, AccountName, cancellationToken);
        DisplayKey = setup.DisplayKey;
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(setup.OtpAuthUri.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        QrCodeSvg = new SvgQRCode(data).GetGraphic(5);
    }

    public sealed class InputModel
    {
        public string? Code { get; set; }
    }
}
