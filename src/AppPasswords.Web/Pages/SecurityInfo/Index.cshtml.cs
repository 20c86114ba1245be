using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Web.Mfa;
using AppPasswords.Web.Pages.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.SecurityInfo;

/// <summary>
/// "Security info": sign-in methods and contacts; every change needs a recent second factor. Every POST redirects
/// (post/redirect/get), refusals too; an id that is not one of the user's own methods or contacts is a 404.
/// </summary>
[RequireRecentSecondFactor(IncludeGet = true)]
public sealed class IndexModel(IMfaMethodService methods, IContactMethodService contacts, IStringLocalizer<MfaResource> text) : MfaPageModel(text)
{
    public IReadOnlyList<MfaMethod> Methods { get; private set; } = [];

    public IReadOnlyList<ContactMethod> Contacts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostSetDefaultAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await methods.SetDefaultAsync(UserId, id, cancellationToken))
        {
            return NotFound();
        }

        StatusMessage = Text["Mfa.DefaultChanged"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveMethodAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await methods.RemoveAsync(UserId, id, cancellationToken);
        if (result == RemoveResult.LastMethodRefused)
        {
            ModelState.AddModelError("", Text["Mfa.LastMethod"]);
            return RedirectWithErrors();
        }

        if (result == RemoveResult.NotFound)
        {
            return NotFound();
        }

        StatusMessage = Text["Mfa.Removed"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveContactAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await contacts.RemoveAsync(UserId, id, cancellationToken))
        {
            return NotFound();
        }

        StatusMessage = Text["Mfa.Removed"];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Methods = await methods.ListActiveAsync(UserId, cancellationToken);
        Contacts = await contacts.ListAsync(UserId, cancellationToken);
    }
}
