using System.Globalization;
using AppPasswords.Core.Notifications;

namespace AppPasswords.Infrastructure.Messaging;

/// <summary>English-only texts; the web host replaces it with a localized composer.</summary>
public sealed class PlainSecurityMessageComposer : ISecurityMessageComposer
{
    public string CodeSms(string code, TimeSpan lifetime) =>
        string.Create(CultureInfo.InvariantCulture, $"Your AppPasswords verification code is {code}. It expires in {(int)lifetime.TotalMinutes} minutes.");

    public EmailMessage CodeEmail(string recipient, string code, TimeSpan lifetime) =>
        new(recipient, "Your verification code", CodeSms(code, lifetime));

    public EmailMessage SecurityChanged(string recipient, SecurityChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(recipient, "Your security info changed", $"Security info change: {change.Kind} {change.Item} {change.MaskedValue}. If this was not you, contact your help desk.");
    }

    public EmailMessage SecondFactorLocked(string recipient, int failures) =>
        new(recipient, "Second-factor sign-in locked", string.Create(CultureInfo.InvariantCulture, $"After {failures} wrong codes in a row, sign-in with a second factor is locked on your account. If this was not you, someone may know your password. Contact your administrator to unlock it."));
}
