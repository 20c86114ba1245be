using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Mfa.Setup;

/// <summary>Step 3: verify an alternate contact (email, or a phone other than the sign-in phone) by code.</summary>
[MfaRateLimited]
[RequireRecentSecondFactor(IncludeGet = true)]
public sealed class ContactModel(IContactMethodService contacts, IVerificationCodeService codes, IMfaMethodService methods, IStringLocalizer<MfaResource> text) : MfaPageModel(text)
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Region { get; set; } = "US";

    [BindProperty]
    public string? Number { get; set; }

    public string? PendingMasked { get; private set; }

    public IReadOnlyList<string> Verified { get; private set; } = [];

    public IEnumerable<SelectListItem> Regions => PhoneNumberValues.Regions.Select(r => new SelectListItem($"{r.Region} (+{r.CallingCode})", r.Region, r.Region == Region));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if ((await methods.ListActiveAsync(UserId, cancellationToken)).Count == 0)
        {
            return RedirectToPage("Method");
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSendEmailAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!EmailAddresses.TryNormalize(Email, out var address))
        {
            ModelState.AddModelError(nameof(Email), Text["Mfa.EmailInvalid"]);
            return RedirectWithErrors(null, Kept(nameof(Email), Email));
        }

        return await BeginAsync(ContactType.Email, address, nameof(Email), cancellationToken);
    }

    public async Task<IActionResult> OnPostSendPhoneAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!PhoneNumberValues.TryNormalize(Number, Region, out var e164))
        {
            ModelState.AddModelError(nameof(Number), Text["Mfa.PhoneInvalid"]);
            return RedirectWithErrors(null, Kept(nameof(Region), Region), Kept(nameof(Number), Number));
        }

        return await BeginAsync(ContactType.Phone, e164, nameof(Number), cancellationToken);
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        var open = await codes.FindOpenAsync(UserId, VerificationPurpose.AlternateContact, cancellationToken);
        return open is null
            ? RedirectToPage()
            : await BeginAsync(open.Channel == VerificationChannel.Sms ? ContactType.Phone : ContactType.Email, open.Target, "", cancellationToken);
    }

    public async Task<IActionResult> OnPostVerifyAsync(string? code, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (ValidateCodeFormat("", code))
        {
            var result = await contacts.ConfirmAsync(UserId, code, cancellationToken);
            if (result.IsVerified)
            {
                return RedirectToPage();
            }

            AddCodeError("", result);
        }

        return RedirectWithErrors();
    }

    private async Task<IActionResult> BeginAsync(ContactType type, string value, string field, CancellationToken cancellationToken)
    {
        var result = await contacts.BeginAsync(UserId, type, value, cancellationToken);
        if (result.Status == BeginContactStatus.Sent)
        {
            return RedirectToPage();
        }

        ModelState.AddModelError(field, result.Status switch
        {
            BeginContactStatus.SameAsSignInMethod => Text["Mfa.SameAsSignInMethod"],
            BeginContactStatus.AlreadyVerified => Text["Mfa.AlreadyVerified"],
            _ => Text["Mfa.TryAgainIn", result.RetryAfterSeconds],
        });
        return RedirectWithErrors(null, type == ContactType.Email ? [Kept(nameof(Email), Email)] : [Kept(nameof(Region), Region), Kept(nameof(Number), Number)]);
    }

    /// <summary>A typed value to show again after a refusal; oversized input is not carried (it only fills the cookie).</summary>
    private static (string, string?) Kept(string key, string? value) => (key, value?.Length <= 254 ? value : null);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var open = await codes.FindOpenAsync(UserId, VerificationPurpose.AlternateContact, cancellationToken);
        PendingMasked = open is null ? null : open.Channel == VerificationChannel.Sms ? PhoneNumberValues.Mask(open.Target) : EmailAddresses.Mask(open.Target);
        Verified = [.. (await contacts.ListAsync(UserId, cancellationToken))
            .Select(c => c.Type == ContactType.Phone ? PhoneNumberValues.Mask(c.Value) : EmailAddresses.Mask(c.Value))];
    }
}
