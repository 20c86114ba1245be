using System.Security.Claims;
using System.Text.Json;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Web.Auth;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Mfa;

/// <summary>What the MFA pages share: the signed-in user, localized messages, code outcomes, safe return URLs.</summary>
[Authorize]
public abstract class MfaPageModel(IStringLocalizer<MfaResource> text) : PageModel
{
    private const string RefusedInputKey = "Mfa.RefusedInput";

    protected IStringLocalizer<MfaResource> Text { get; } = text;

    [TempData]
    public string? StatusMessage { get; set; }

    protected Guid UserId => User.GetUserId();

    protected string AccountName => User.FindFirstValue(PortalClaimTypes.UserPrincipalName) ?? User.Identity?.Name ?? "user";

    /// <summary>The server-side session of this sign-in (every portal principal carries one; the cookie is refused without it).</summary>
    protected Guid SessionId => User.GetSessionId() ?? throw new InvalidOperationException("The principal carries no session id.");

    /// <summary>Like <see cref="AddCodeError"/> for an authenticator code, whose refusal names no remaining attempts.</summary>
    protected void AddTotpError(string field, VerifyCodeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status == VerifyCodeStatus.Invalid)
        {
            ModelState.AddModelError(field, Text["Mfa.TotpInvalid"]);
        }
        else
        {
            AddCodeError(field, result);
        }
    }

    /// <summary>Adds the localized reason a code was refused to <paramref name="field"/>.</summary>
    protected void AddCodeError(string field, VerifyCodeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ModelState.AddModelError(field, result.Status switch
        {
            VerifyCodeStatus.Invalid => Text["Mfa.CodeInvalid", result.RemainingAttempts],
            VerifyCodeStatus.Expired => Text["Mfa.CodeExpired"],
            VerifyCodeStatus.TooManyAttempts => Text["Mfa.CodeTooManyAttempts"],
            VerifyCodeStatus.OtherSubject => Text["Mfa.CodeForOtherContact"],
            VerifyCodeStatus.Throttled => Text["Mfa.SecondFactorThrottled", result.RetryAfterSeconds],
            VerifyCodeStatus.Locked => Text["Mfa.SecondFactorLocked"],
            _ => Text["Mfa.NoPendingCode"],
        });
    }

    /// <summary>Six digits (spaces and hyphens ignored); otherwise a localized error on <paramref name="field"/>.</summary>
    protected bool ValidateCodeFormat(string field, string? code)
    {
        if (VerificationCodes.TryNormalize(code, out _))
        {
            return true;
        }

        ModelState.AddModelError(field, Text["Mfa.CodeFormat"]);
        return false;
    }

    protected void AddSendError(string field, SendCodeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ModelState.AddModelError(field, Text["Mfa.TryAgainIn", result.RetryAfterSeconds]);
    }

    /// <summary>After a passed check: the session is replaced by one marked verified now, with a new id and cookie.</summary>
    protected Task MarkSecondFactorAsync() => SessionRenewal.RenewAfterSecondFactorAsync(HttpContext);

    /// <summary>
    /// Post/redirect/get for refused input too: the errors (and the non-secret values to show again) travel in
    /// TempData to the GET of <paramref name="pageHandler"/>, so reload and the back button never resubmit a form.
    /// </summary>
    protected IActionResult RedirectWithErrors(string? pageHandler = null, params (string Key, string? Value)[] keep)
    {
        var refused = new RefusedInput(
            [.. ModelState.SelectMany(e => e.Value!.Errors.Select(x => new[] { e.Key, x.ErrorMessage }))],
            keep.Where(k => k.Value is not null).ToDictionary(k => k.Key, k => k.Value!));
        TempData[RefusedInputKey] = JsonSerializer.Serialize(refused);
        return RedirectToPage(null, pageHandler, PageRouteValues);
    }

    /// <summary>Query values the page's GET needs after a redirect back to it (for example returnUrl); none by default.</summary>
    protected virtual object? PageRouteValues => null;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (HttpMethods.IsGet(Request.Method) && TempData[RefusedInputKey] is string json
            && JsonSerializer.Deserialize<RefusedInput>(json) is { } refused)
        {
            foreach (var (key, value) in refused.Values)
            {
                ModelState.SetModelValue(key, value, value);
            }

            foreach (var error in refused.Errors.Where(e => e.Length == 2))
            {
                ModelState.AddModelError(error[0], error[1]);
            }
        }

        base.OnPageHandlerExecuting(context);
    }

    protected IActionResult RedirectToReturnUrl(string? returnUrl, string fallback) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : LocalRedirect(fallback);
}

/// <summary>What a refused POST hands to the following GET: field errors (key, message) and values to show again.</summary>
internal sealed record RefusedInput(string[][] Errors, Dictionary<string, string> Values);
