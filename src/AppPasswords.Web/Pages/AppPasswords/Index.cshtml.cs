using AppPasswords.Core.AppPasswords;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.UserAppPasswords;

[Authorize]
public class IndexModel(IListAppPasswordsQuery query, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AppPassword> AppPasswords { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>Resource key of a message from the previous action.</summary>
    [TempData(Key = "AppPasswords.Status")]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        AppPasswords = await query.ListAsync(User.GetUserId(), cancellationToken);
    }
}
