using AppPasswords.Core.Auth;
using AppPasswords.Web.Admin;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Auth;

/// <summary>
/// Mails the user's directory address and verified email contacts once, when their account reaches the hard cap of
/// failed sign-ins from untrusted browsers: what happened and how to get back in. In the culture of the request.
/// </summary>
internal sealed class EmailSignInLockoutNotifier(AdminNoticeMail mail, IStringLocalizer<SharedResource> text) : ISignInLockoutNotifier
{
    public Task NotifyLockedOutAsync(Guid userId, CancellationToken cancellationToken = default) =>
        mail.SendAsync(userId, text["SignIn.LockedOutMailSubject"], text["SignIn.LockedOutMailBody"], cancellationToken);
}
