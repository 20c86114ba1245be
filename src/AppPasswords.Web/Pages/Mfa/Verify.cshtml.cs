using AppPasswords.Core.Mfa;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Mfa;

/// <summary>
/// The second-factor check at sign-in and for step-up: authenticator code or SMS code. Every POST redirects
/// (post/redirect/get): a refused code comes back through TempData as the error text only, never the code.
/// </summary>
[MfaRateLimited]
public sealed class VerifyModel(IMfaMethodService methods, IStringLocalizer<MfaResource> text) : MfaPageModel(text)
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true, Name = "method")]
    public Guid? MethodId { get; set; }

    public IReadOnlyList<MfaMethod> Methods { get; private set; } = [];

    public MfaMethod? Current { get; private set; }

    /// <summary>Back to the same check: where to go afterwards and which method was being used.</summary>
    protected override object? PageRouteValues => new { returnUrl = ReturnUrl, method = MethodId };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Methods.Count == 0 ? RedirectToReturnUrl(ReturnUrl, "/") : Page();
    }

    public async Task<IActionResult> OnPostTotpAsync(string? code, CancellationToken cancellationToken)
    {
        if (ValidateCodeFormat("", code))
        {
            var result = await methods.VerifyTotpAsync(UserId, code, cancellationToken);
            if (result.IsVerified)
            {
                await MarkSecondFactorAsync();
                return RedirectToReturnUrl(ReturnUrl, "/");
            }

            AddTotpError("", result);
        }

        return RedirectWithErrors();
    }

    public async Task<IActionResult> OnPostSendSmsAsync(Guid methodId, CancellationToken cancellationToken)
    {
        MethodId = methodId;
        var sent = await methods.SendSignInSmsAsync(UserId, methodId, cancellationToken);
        if (sent is { IsSent: false })
        {
            AddSendError("", sent);
            return RedirectWithErrors();
        }

        if (sent is null)
        {
            return NotFound();
        }

        StatusMessage = Text["Mfa.CodeSent"];
        return RedirectToPage(null, null, PageRouteValues);
    }

    public async Task<IActionResult> OnPostSmsAsync(string? code, CancellationToken cancellationToken)
    {
        if (ValidateCodeFormat("", code))
        {
            var result = await methods.VerifySignInSmsAsync(UserId, code, cancellationToken);
            if (result.IsVerified)
            {
                await MarkSecondFactorAsync();
                return RedirectToReturnUrl(ReturnUrl, "/");
            }

            AddCodeError("", result);
        }

        return RedirectWithErrors();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Methods = await methods.ListActiveAsync(UserId, cancellationToken);
        Current = Methods.FirstOrDefault(m => m.Id == MethodId) ?? Methods.FirstOrDefault(m => m.IsDefault) ?? (Methods.Count > 0 ? Methods[0] : null);
    }
}
