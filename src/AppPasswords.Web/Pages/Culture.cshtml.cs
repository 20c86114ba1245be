using System.ComponentModel.DataAnnotations;
using AppPasswords.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages;

/// <summary>
/// Remembers the chosen language in the <c>.AspNetCore.Culture</c> cookie for a year and goes back to the
/// page the switcher was on; only local return URLs are followed.
/// </summary>
[AllowAnonymous]
public class CultureModel(TimeProvider clock) : PageModel
{
    private const int MaxReturnUrlLength = 2048;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        var culture = ModelState.IsValid ? LocalizationSetup.FindSupported(Input.Culture) : null;
        if (culture is null)
        {
            return BadRequest();
        }

        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                Expires = clock.GetUtcNow().AddYears(1),
                Path = "/",
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = Request.IsHttps,
            });

        var returnUrl = Input.ReturnUrl is { Length: <= MaxReturnUrlLength } url && Url.IsLocalUrl(url) ? url : "~/";
        return LocalRedirect(returnUrl);
    }

    public class InputModel
    {
        [Required(ErrorMessage = "Culture.Required")]
        [StringLength(16, ErrorMessage = "Culture.Unsupported")]
        public string? Culture { get; set; }

        public string? ReturnUrl { get; set; }
    }
}
