using AppPasswords.Core.Notifications;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Mfa;

/// <summary>Codes and security notifications in the current UI culture (the user's language for this request).</summary>
internal sealed class LocalizedSecurityMessageComposer(IStringLocalizer<MfaResource> text) : ISecurityMessageComposer
{
    public string CodeSms(string code, TimeSpan lifetime) => text["Mfa.CodeMessage", code, (int)lifetime.TotalMinutes];

    public EmailMessage CodeEmail(string recipient, string code, TimeSpan lifetime) =>
        new(recipient, text["Mfa.CodeSubject"], CodeSms(code, lifetime));

    public EmailMessage SecurityChanged(string recipient, SecurityChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var item = text["Mfa.Item." + change.Item];
        var what = text["Mfa.Change." + change.Kind, item, change.MaskedValue ?? ""];
        return new(recipient, text["Mfa.ChangeSubject"], text["Mfa.ChangeBody", what]);
    }

    public EmailMessage SecondFactorLocked(string recipient, int failures) =>
        new(recipient, text["Mfa.LockedSubject"], text["Mfa.LockedBody", failures]);
}
