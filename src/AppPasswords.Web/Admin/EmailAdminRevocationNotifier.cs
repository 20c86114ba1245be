using AppPasswords.Core.Admin;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Admin;

/// <summary>
/// Emails the user, in the current UI culture, that an administrator revoked app passwords (labels and reason only,
/// never a secret). A mail outage is logged, never undoes the revocation.
/// </summary>
internal sealed class EmailAdminRevocationNotifier(AdminNoticeMail mail, IStringLocalizer<SharedResource> text) : IAdminRevocationNotifier
{
    public Task NotifyAsync(Guid userId, IReadOnlyList<string> labels, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var body = text["Admin.AppPasswords.Email.Body", labels.Count, string.Join(Environment.NewLine, labels.Select(l => "  - " + l)), reason];
        return mail.SendAsync(userId, text["Admin.AppPasswords.Email.Subject"], body, cancellationToken);
    }
}
