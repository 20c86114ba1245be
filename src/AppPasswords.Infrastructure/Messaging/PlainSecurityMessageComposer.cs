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
}
