using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.Admin;

/// <summary>Placeholder of the admin area (authorized with the Admin policy by folder convention).</summary>
public class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
