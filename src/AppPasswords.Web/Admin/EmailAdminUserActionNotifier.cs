using AppPasswords.Core.Admin;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Admin;

/// <summary>
/// Emails the user, in the current UI culture, which action an administrator took on their account (sign-in methods
/// removed, signed out everywhere, app passwords blocked or allowed again) and the reason.
/// </summary>
internal sealed class EmailAdminUserActionNotifier(AdminNoticeMail mail, IStringLocalizer<SharedResource> text) : IAdminUserActionNotifier
{
    public Task NotifyAsync(Guid userId, AdminUserAction action, string reason, CancellationToken cancellationToken = default) =>
        mail.SendAsync(userId, text["Admin.UserAction.Email.Subject." + action], text["Admin.UserAction.Email.Body." + action, reason], cancellationToken);
}
