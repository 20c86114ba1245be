using AppPasswords.Infrastructure.Messaging;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.Development;

/// <summary>
/// SMS and email kept by the development outbox. Development environment only (404 elsewhere); anonymous so a
/// developer can read the code sent while signing in.
/// </summary>
[AllowAnonymous]
[DevelopmentOnly]
public sealed class OutboxModel(DevelopmentOutbox outbox) : PageModel
{
    public IReadOnlyList<OutboxMessage> Messages { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Messages = await outbox.ListAsync(50, cancellationToken);
}
