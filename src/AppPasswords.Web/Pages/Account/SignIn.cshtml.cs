using System.Globalization;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Users;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Account;

/// <summary>Built-in directory sign-in form; in Entra ID mode it hands straight over to the identity provider.</summary>
[AllowAnonymous]
public class SignInModel(
    ILocalSignInCommand signIn,
    DeviceCookie deviceCookie,
    IUserSessionStore sessions,
    IConfiguration configuration,
    TimeProvider clock,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; set; }

    public IActionResult OnGet(string? returnUrl = null)
    {
        ReturnUrl = LocalOrRoot(returnUrl);
        if (PortalAuthenticationOptions.IsEntraConfigured(configuration))
        {
            return Challenge(new AuthenticationProperties { RedirectUri = ReturnUrl }, OpenIdConnectDefaults.AuthenticationScheme);
        }

        return User.Identity?.IsAuthenticated == true ? LocalRedirect(ReturnUrl) : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = LocalOrRoot(returnUrl);
        if (PortalAuthenticationOptions.IsEntraConfigured(configuration))
        {
            return Challenge(new AuthenticationProperties { RedirectUri = ReturnUrl }, OpenIdConnectDefaults.AuthenticationScheme);
        }

        var userName = Input.UserName ?? "";
        var password = Input.Password ?? "";
        Input.Password = null;
        if (string.IsNullOrWhiteSpace(userName))
        {
            ModelState.AddModelError("Input.UserName", localizer["SignIn.UserNameRequired"]);
        }
        else if (userName.Length > MaxInputLength)
        {
            ModelState.AddModelError("Input.UserName", localizer["SignIn.UserNameTooLong", MaxInputLength]);
        }

        if (string.IsNullOrEmpty(password))
        {
            ModelState.AddModelError("Input.Password", localizer["SignIn.PasswordRequired"]);
        }
        else if (password.Length > MaxInputLength)
        {
            ModelState.AddModelError("Input.Password", localizer["SignIn.PasswordTooLong", MaxInputLength]);
        }

        if (ModelState.ErrorCount > 0)
        {
            return Page();
        }

        var result = await signIn.SignInAsync(userName, password, deviceCookie.Read(HttpContext), HttpContext.RequestAborted);
        switch (result.Outcome)
        {
            case LocalSignInOutcome.Throttled:
                var minutes = (int)Math.Ceiling(((result.RetryAt ?? DateTimeOffset.MinValue) - clock.GetUtcNow()).TotalMinutes);
                ModelState.AddModelError(string.Empty, localizer["SignIn.Throttled", Math.Max(1, minutes).ToString(CultureInfo.CurrentCulture)]);
                return Page();
            case LocalSignInOutcome.LockedOut:
                ModelState.AddModelError(string.Empty, localizer["SignIn.LockedOut"]);
                return Page();
            case LocalSignInOutcome.InvalidCredentials:
                ModelState.AddModelError(string.Empty, localizer["SignIn.InvalidCredentials"]);
                return Page();
        }

        var user = result.User!;
        deviceCookie.Issue(HttpContext, LocalUserNames.Normalize(userName));
        if (User.GetSessionId() is { } previousSession)
        {
            await sessions.RevokeAsync(previousSession, HttpContext.RequestAborted);
        }

        var session = await sessions.CreateAsync(
            user.Id, HttpContext.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.ToString(), secondFactorVerified: false, HttpContext.RequestAborted);
        var principal = PortalPrincipalFactory.Create(user, session.Id);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect(ReturnUrl);
    }

    /// <summary>Longer than any valid user name or password (both at most 128): rejected before any work is done.</summary>
    public const int MaxInputLength = 256;

    private string LocalOrRoot(string? returnUrl) => !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";

    public class InputModel
    {
        public string? UserName { get; set; }

        public string? Password { get; set; }
    }
}
