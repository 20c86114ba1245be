using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Web.Mfa;
using AppPasswords.Web.Pages.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.SecurityInfo;

/// <summary>"Security info": sign-in methods and contacts; every change needs a recent second factor.</summary>
[RequireRecentSecondFactor]
public sealed class IndexModel(IMfaMethodService methods, IContactMethodService contacts, IStringLocalizer<MfaResource> text) : MfaPageModel(text)
{
    public IReadOnlyList<MfaMethod> Methods { get; private set; } = [];

    public IReadOnlyList<ContactMethod> Contacts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostSetDefaultAsync(Guid id, CancellationToken cancellationToken)
    {
        StatusMessage = await methods.SetDefaultAsync(UserId, id, cancellationToken) ? Text["Mfa.DefaultChanged"] : Text["Mfa.NotFound"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveMethodAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await methods.RemoveAsync(UserId, id, cancellationToken);
        if (result == RemoveResult.LastMethodRefused)
        {
            ModelState.AddModelError("", Text["Mfa.LastMethod"]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        StatusMessage = result == RemoveResult.Removed ? Text["Mfa.Removed"] : Text["Mfa.NotFound"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveContactAsync(Guid id, CancellationToken cancellationToken)
    {
        StatusMessage = await contacts.RemoveAsync(UserId, id, cancellationToken) ? Text["Mfa.Removed"] : Text["Mfa.NotFound"];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Methods = await methods.ListActiveAsync(UserId, cancellationToken);
        Contacts = await contacts.ListAsync(UserId, cancellationToken);
    }
}
