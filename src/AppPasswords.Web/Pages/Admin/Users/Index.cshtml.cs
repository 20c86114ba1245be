using System.ComponentModel.DataAnnotations;
using AppPasswords.Core.Admin;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.Admin.Users;

/// <summary>Users with their MFA registration state and app password standing; prefix search, keyset paging.</summary>
[Authorize(Policy = PortalPolicies.Admin)]
public class IndexModel(IAdminUserListQuery query) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    [StringLength(256)]
    public string? Search { get; set; }

    /// <summary>The user principal name the page starts after (from the previous page's "Next" link).</summary>
    [BindProperty(SupportsGet = true)]
    [StringLength(256)]
    public string? After { get; set; }

    public AdminUserPage Result { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            Result = await query.GetPageAsync(Search, After, PageSize, cancellationToken);
        }
    }
}
