using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace AppPasswords.Web.Pages.Mfa.Setup;

/// <summary>
/// Step 2 for an authenticator app: QR code and key (kept server-side until activation), then a code. The set-up is
/// bound to this sign-in session and expires after <c>Mfa:TotpEnrollmentLifetime</c>; users who already have a
/// sign-in method need a recent second factor even to see it.
/// </summary>
[MfaRateLimited]
[RequireRecentSecondFactor(IncludeGet = true)]
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
            var result = await methods.ActivateTotpAsync(UserId, SessionId, Input.Code, cancellationToken);
            if (result.IsVerified)
            {
                await MarkSecondFactorAsync();
                return RedirectToPage("Contact");
            }

            if (result.Status is VerifyCodeStatus.Expired or VerifyCodeStatus.NoPendingCode)
            {
                ModelState.AddModelError("Input.Code", Text["Mfa.TotpSetupExpired"]);
            }
            else
            {
                AddTotpError("Input.Code", result);
            }
        }

        return RedirectWithErrors();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var setup = await methods.GetOrBeginTotpAsync(UserId, SessionId, AccountName, cancellationToken);
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
