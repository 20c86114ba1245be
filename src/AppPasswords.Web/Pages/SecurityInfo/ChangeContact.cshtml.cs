using AppPasswords.Core.Contacts;
using AppPasswords.Web.Mfa;
using AppPasswords.Web.Pages.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.SecurityInfo;

/// <summary>
/// Changes one of the user's alternate contacts, or the phone number of an SMS sign-in method, in place: the new number
/// or address gets a code bound to this id, and only the correct code replaces the old value (the target comes from the
/// stored code, never from the form). A code started for another contact is refused. Another user's id is a 404.
/// </summary>
[MfaRateLimited]
[RequireRecentSecondFactor(IncludeGet = true)]
public sealed class ChangeContactModel(IContactMethodService contacts, IVerificationCodeService codes, IStringLocalizer<MfaResource> text) : MfaPageModel(text)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Region { get; set; } = "US";

    [BindProperty]
    public string? Number { get; set; }

    public ChangeableContact? Contact { get; private set; }

    public string CurrentMasked { get; private set; } = "";

    public string? PendingMasked { get; private set; }

    public IEnumerable<SelectListItem> Regions => PhoneNumberValues.Regions.Select(r => new SelectListItem($"{r.Region} (+{r.CallingCode})", r.Region, r.Region == Region));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        string value;
        if (Contact!.Type == ContactType.Email)
        {
            if (!EmailAddresses.TryNormalize(Email, out value))
            {
                ModelState.AddModelError(nameof(Email), Text["Mfa.EmailInvalid"]);
                return RedirectWithErrors(null, Kept());
            }
        }
        else if (!PhoneNumberValues.TryNormalize(Number, Region, out value))
        {
            ModelState.AddModelError(nameof(Number), Text["Mfa.PhoneInvalid"]);
            return RedirectWithErrors(null, Kept());
        }

        return await BeginAsync(value, cancellationToken);
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var open = await codes.FindOpenAsync(UserId, VerificationPurpose.ContactChange, cancellationToken);
        return open?.SubjectId == Id ? await BeginAsync(open.Target, cancellationToken) : RedirectToPage();
    }

    public async Task<IActionResult> OnPostVerifyAsync(string? code, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (ValidateCodeFormat("", code))
        {
            var result = await contacts.ConfirmChangeAsync(UserId, Id, code, cancellationToken);
            if (result is null)
            {
                return NotFound();
            }

            if (result.IsVerified)
            {
                StatusMessage = Text["Mfa.ContactChanged"];
                return RedirectToPage("Index");
            }

            AddCodeError("", result);
        }

        return RedirectWithErrors();
    }

    private async Task<IActionResult> BeginAsync(string value, CancellationToken cancellationToken)
    {
        var result = await contacts.BeginChangeAsync(UserId, Id, value, cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        if (result.Status == BeginContactStatus.Sent)
        {
            return RedirectToPage();
        }

        ModelState.AddModelError(Contact?.Type == ContactType.Phone ? nameof(Number) : nameof(Email), result.Status switch
        {
            BeginContactStatus.SameAsSignInMethod => Text["Mfa.SameAsSignInMethod"],
            BeginContactStatus.AlreadyVerified => Text["Mfa.AlreadyVerified"],
            BeginContactStatus.SameAsAlternateContact => Text["Mfa.SameAsAlternateContact"],
            _ => Text["Mfa.TryAgainIn", result.RetryAfterSeconds],
        });
        return RedirectWithErrors(null, Kept());
    }

    /// <summary>The typed value to show again after a refusal; oversized input is not carried.</summary>
    private (string, string?)[] Kept() =>
        [(nameof(Email), Email?.Length <= EmailAddresses.MaxLength ? Email : null), (nameof(Region), Region?.Length <= 8 ? Region : null), (nameof(Number), Number?.Length <= 64 ? Number : null)];

    /// <summary>
    /// Loads the user's contact or SMS sign-in method <see cref="Id"/> and a waiting change code started for this id;
    /// false when the user has no such contact or method.
    /// </summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Contact = await contacts.FindChangeableAsync(UserId, Id, cancellationToken);
        if (Contact is null)
        {
            return false;
        }

        CurrentMasked = Mask(Contact.Type, Contact.Value);
        var open = await codes.FindOpenAsync(UserId, VerificationPurpose.ContactChange, cancellationToken);
        PendingMasked = open?.SubjectId == Id ? Mask(Contact.Type, open.Target) : null;
        return true;
    }

    private static string Mask(ContactType type, string value) =>
        type == ContactType.Phone ? PhoneNumberValues.Mask(value) : EmailAddresses.Mask(value);
}
