using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Mfa.Setup;

/// <summary>Step 2 for SMS: country and number, then the code sent to it. The number being verified is kept server-side.</summary>
[MfaRateLimited]
[RequireRecentSecondFactor(IncludeGet = true)]
public sealed class PhoneModel(IMfaMethodService methods, IVerificationCodeService codes, IMfaRegistrationQuery registration, IStringLocalizer<MfaResource> text) : MfaPageModel(text)
{
    [BindProperty]
    public PhoneInput Input { get; set; } = new();

    public string? PendingMasked { get; private set; }

    public IEnumerable<SelectListItem> Regions => PhoneNumberValues.Regions.Select(r => new SelectListItem($"{r.Region} (+{r.CallingCode})", r.Region, r.Region == Input.Region));

    /// <summary>Back from step 3 (a method is active, no contact yet) goes on to step 3.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if ((await registration.GetStateAsync(UserId, cancellationToken)) is { HasMfaMethod: true, IsComplete: false })
        {
            return RedirectToPage("Contact");
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetChangeAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        PendingMasked = null;
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!PhoneNumberValues.TryNormalize(Input.Number, Input.Region, out var e164))
        {
            ModelState.AddModelError("Input.Number", Text["Mfa.PhoneInvalid"]);
            return RedirectWithErrors("Change", KeptInput());
        }

        var sent = await methods.BeginSmsAsync(UserId, e164, cancellationToken);
        if (!sent.IsSent)
        {
            AddSendError("Input.Number", sent);
            return RedirectWithErrors("Change", KeptInput());
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        var open = await codes.FindOpenAsync(UserId, VerificationPurpose.MfaPhone, cancellationToken);
        if (open is not null)
        {
            var sent = await methods.BeginSmsAsync(UserId, open.Target, cancellationToken);
            if (!sent.IsSent)
            {
                AddSendError("", sent);
                return RedirectWithErrors();
            }
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostVerifyAsync(string? code, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (ValidateCodeFormat("", code))
        {
            var result = await methods.ConfirmSmsAsync(UserId, code, cancellationToken);
            if (result.IsVerified)
            {
                await MarkSecondFactorAsync();
                return RedirectToPage("Contact");
            }

            AddCodeError("", result);
        }

        return RedirectWithErrors();
    }

    private (string, string?)[] KeptInput() => [("Input.Region", Input.Region), ("Input.Number", Input.Number?.Length <= 64 ? Input.Number : null)];

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var open = await codes.FindOpenAsync(UserId, VerificationPurpose.MfaPhone, cancellationToken);
        PendingMasked = open is null ? null : PhoneNumberValues.Mask(open.Target);
    }
}

public sealed class PhoneInput
{
    public string? Region { get; set; } = "US";

    public string? Number { get; set; }
}
